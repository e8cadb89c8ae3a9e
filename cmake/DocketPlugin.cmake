# docket_add_plugin(name SOURCES...): a plugin shared library built only against sdk/, exporting
# nothing but its entry symbol docket_plugin_entry. docket_install_plugin(name): installs it where an
# installed docket program finds its plugins.
#
# The same file serves docket's own build and, installed beside docketConfig.cmake, plugins built out
# of tree: find_package(docket COMPONENTS sdk) then docket_add_plugin(name src.c).
#
# Hidden visibility alone is not enough for C++: libstdc++'s headers give std:: templates default
# visibility, so their instantiations would be exported as weak symbols and could bind to another
# plugin's copies. A linker version script makes every symbol but the entry local, and
# -z defs refuses a plugin that needs a symbol nothing it links provides (such as the engine's
# C++ symbols: plugins talk to the engine only through the host services table).
set(DOCKET_PLUGIN_VERSION_SCRIPT ${CMAKE_CURRENT_LIST_DIR}/docket_plugin.map CACHE INTERNAL "")

function(docket_add_plugin name)
  if(NOT TARGET docket::sdk)
    message(FATAL_ERROR "docket_add_plugin(${name}): the target docket::sdk is not defined; call "
                        "find_package(docket REQUIRED COMPONENTS sdk) first")
  endif()
  add_library(${name} MODULE ${ARGN})
  target_link_libraries(${name} PRIVATE docket::sdk)
  target_link_options(${name} PRIVATE "LINKER:--version-script=${DOCKET_PLUGIN_VERSION_SCRIPT}")
  if(NOT DOCKET_SANITIZE)  # sanitizer runtimes leave plugins with symbols the executable provides
    target_link_options(${name} PRIVATE "LINKER:-z,defs")
  endif()
  set_target_properties(${name} PROPERTIES
    PREFIX ""
    C_VISIBILITY_PRESET hidden
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON
    LINK_DEPENDS ${DOCKET_PLUGIN_VERSION_SCRIPT}
    LIBRARY_OUTPUT_DIRECTORY ${PROJECT_BINARY_DIR}/plugins)
endfunction()

# docket_install_plugin(name [DESTINATION dir]): installs plugin `name` into <prefix>/lib/docket/plugins
# (or DESTINATION), where an installed docket program looks when docket.toml names no directories.
function(docket_install_plugin name)
  cmake_parse_arguments(P "" "DESTINATION" "" ${ARGN})
  if(NOT P_DESTINATION)
    set(P_DESTINATION lib/docket/plugins)
  endif()
  install(TARGETS ${name} LIBRARY DESTINATION ${P_DESTINATION})
endfunction()
