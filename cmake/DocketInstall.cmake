# Installing docket: libraries by package component, programs, example plugins, the CMake package
# (docketConfig.cmake with targets docket::* and COMPONENTS), pkg-config files and the CPack .deb.
#
# A library joins the package with one call in its own CMakeLists.txt:
#   docket_install_library(docket_foo COMPONENT foo [HEADERS <include dir>] [EXCLUDE <header name>...])
# and find_package(docket COMPONENTS foo) then finds it (docket::foo). docket_install_package() at the
# end of the top-level CMakeLists.txt writes the package from what was registered.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

# Where the docket program looks for its plugins and its helper, relative to itself
# (<exe>/../lib/docket/...): fixed, whatever CMAKE_INSTALL_LIBDIR is (Debian: /usr/lib/<package>).
set(DOCKET_INSTALL_PKGLIBDIR lib/docket)
set(DOCKET_INSTALL_PLUGINDIR ${DOCKET_INSTALL_PKGLIBDIR}/plugins)
set(DOCKET_INSTALL_CMAKEDIR ${CMAKE_INSTALL_LIBDIR}/cmake/docket)
# Relative paths inside the prefix (computed under a dummy root: the install prefix may change later,
# e.g. /usr for the .deb), for RPATHs ($ORIGIN) and for the engine's search for its helper.
file(RELATIVE_PATH DOCKET_BIN_TO_LIB /p/${CMAKE_INSTALL_BINDIR} /p/${CMAKE_INSTALL_LIBDIR})
file(RELATIVE_PATH DOCKET_PKGLIB_TO_LIB /p/${DOCKET_INSTALL_PKGLIBDIR} /p/${CMAKE_INSTALL_LIBDIR})
file(RELATIVE_PATH DOCKET_LIB_TO_PKGLIB /p/${CMAKE_INSTALL_LIBDIR} /p/${DOCKET_INSTALL_PKGLIBDIR})

# Install rules are written only for a top-level, non-fuzz, shared build (static libraries would need
# every private dependency found again by consumers; use add_subdirectory for a static docket).
if(DOCKET_INSTALL AND NOT DOCKET_FUZZ AND NOT BUILD_SHARED_LIBS)
  message(WARNING "DOCKET_INSTALL: docket installs shared libraries only; configure with -DBUILD_SHARED_LIBS=ON "
                  "to install it (install rules are skipped)")
endif()
if(DOCKET_INSTALL AND NOT DOCKET_FUZZ AND BUILD_SHARED_LIBS)
  set(DOCKET_INSTALLING ON)
else()
  set(DOCKET_INSTALLING OFF)
endif()

# docket_install_library(<target> COMPONENT <name> [HEADERS <dir>] [EXCLUDE <file name>...]
#                        [HEADER_FILES <file>... HEADER_DESTINATION <dir under include/>])
# A shared library gets VERSION (the project's) and SONAME (its major version). It is exported as
# docket::<name without docket_> in component <name>; HEADERS installs that include directory's tree
# (leaving out the EXCLUDEd file names), HEADER_FILES single headers.
function(docket_install_library target)
  cmake_parse_arguments(L "" "COMPONENT;HEADERS;HEADER_DESTINATION" "EXCLUDE;HEADER_FILES" ${ARGN})
  if(NOT L_COMPONENT)
    message(FATAL_ERROR "docket_install_library(${target}): COMPONENT is required")
  endif()
  get_target_property(type ${target} TYPE)
  if(type STREQUAL "SHARED_LIBRARY")
    # No <target>_EXPORTS definition: nothing uses it, and the objects stay those of a static build.
    set_target_properties(${target} PROPERTIES VERSION ${PROJECT_VERSION} SOVERSION ${PROJECT_VERSION_MAJOR}
                                               INSTALL_RPATH "$ORIGIN" DEFINE_SYMBOL "")
  endif()
  string(REGEX REPLACE "^docket_" "" export_name ${target})
  set_target_properties(${target} PROPERTIES EXPORT_NAME ${export_name})
  set_property(GLOBAL APPEND PROPERTY DOCKET_PACKAGE_COMPONENTS ${L_COMPONENT})
  set_property(GLOBAL APPEND PROPERTY DOCKET_PACKAGE_TARGETS_${L_COMPONENT} docket::${export_name})
  if(NOT DOCKET_INSTALLING)
    return()
  endif()
  install(TARGETS ${target} EXPORT docket-targets
    LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
    ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
    RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
    INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
  if(L_HEADERS)
    set(excludes)
    foreach(name ${L_EXCLUDE})
      list(APPEND excludes PATTERN ${name} EXCLUDE)
    endforeach()
    install(DIRECTORY ${L_HEADERS}/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR} ${excludes})
  endif()
  if(L_HEADER_FILES)
    install(FILES ${L_HEADER_FILES} DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/${L_HEADER_DESTINATION})
  endif()
endfunction()

# docket_install_program(<target> DESTINATION bin|pkglib [EXPORT]): an executable, with an RPATH that
# finds the installed libraries from wherever the prefix is unpacked ($ORIGIN: the .deb extracted
# anywhere). EXPORT: the package defines it as the imported executable docket::<target>.
function(docket_install_program target)
  cmake_parse_arguments(P "EXPORT" "DESTINATION" "" ${ARGN})
  if(P_DESTINATION STREQUAL "bin")
    set(dir ${CMAKE_INSTALL_BINDIR})
    set(rpath "$ORIGIN/${DOCKET_BIN_TO_LIB}")
  elseif(P_DESTINATION STREQUAL "pkglib")
    set(dir ${DOCKET_INSTALL_PKGLIBDIR})
    set(rpath "$ORIGIN/${DOCKET_PKGLIB_TO_LIB}")
  else()
    message(FATAL_ERROR "docket_install_program(${target}): DESTINATION must be bin or pkglib")
  endif()
  set_target_properties(${target} PROPERTIES INSTALL_RPATH "${rpath}")
  if(DOCKET_INSTALLING AND P_EXPORT)
    install(TARGETS ${target} EXPORT docket-targets RUNTIME DESTINATION ${dir})
  elseif(DOCKET_INSTALLING)
    install(TARGETS ${target} RUNTIME DESTINATION ${dir})
  endif()
endfunction()

# docket_install_package(): the CMake package, the pkg-config files, the plugin helper module and the
# CPack .deb, from what docket_install_library registered. Called once, at the end of the top level.
function(docket_install_package)
  if(NOT DOCKET_INSTALLING)
    return()
  endif()
  get_property(components GLOBAL PROPERTY DOCKET_PACKAGE_COMPONENTS)
  list(REMOVE_DUPLICATES components)
  set(DOCKET_BUILT_COMPONENTS ${components})
  set(DOCKET_COMPONENT_TARGETS "")
  foreach(c ${components})
    get_property(targets GLOBAL PROPERTY DOCKET_PACKAGE_TARGETS_${c})
    string(APPEND DOCKET_COMPONENT_TARGETS "set(docket_${c}_TARGETS ${targets})\n")
  endforeach()

  install(EXPORT docket-targets NAMESPACE docket:: DESTINATION ${DOCKET_INSTALL_CMAKEDIR} FILE docket-targets.cmake)
  configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/docketConfig.cmake.in
    ${PROJECT_BINARY_DIR}/docketConfig.cmake INSTALL_DESTINATION ${DOCKET_INSTALL_CMAKEDIR})
  write_basic_package_version_file(${PROJECT_BINARY_DIR}/docketConfigVersion.cmake
    VERSION ${PROJECT_VERSION} COMPATIBILITY SameMajorVersion)
  install(FILES ${PROJECT_BINARY_DIR}/docketConfig.cmake ${PROJECT_BINARY_DIR}/docketConfigVersion.cmake
                ${PROJECT_SOURCE_DIR}/cmake/DocketPlugin.cmake ${PROJECT_SOURCE_DIR}/cmake/docket_plugin.map
          DESTINATION ${DOCKET_INSTALL_CMAKEDIR})

  # pkg-config: docket (core and dsl) and docket-postgres. Paths relative to ${pcfiledir}, so the
  # files stay right wherever the prefix is unpacked.
  file(RELATIVE_PATH pc_to_prefix /p/${CMAKE_INSTALL_LIBDIR}/pkgconfig /p)
  string(REGEX REPLACE "/$" "" pc_to_prefix "${pc_to_prefix}")
  set(DOCKET_PC_PREFIX "\${pcfiledir}/${pc_to_prefix}")
  foreach(pc docket docket-postgres)
    if(pc STREQUAL "docket-postgres" AND NOT "postgres" IN_LIST components)
      continue()
    endif()
    configure_file(${PROJECT_SOURCE_DIR}/cmake/${pc}.pc.in ${PROJECT_BINARY_DIR}/${pc}.pc @ONLY)
    install(FILES ${PROJECT_BINARY_DIR}/${pc}.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
  endforeach()

  include(DocketCPack)
endfunction()
