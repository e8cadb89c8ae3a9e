# CPack: one Debian package `docket` (libraries, headers, CMake and pkg-config files, the docket program,
# its plugin helper and the example plugins) under /usr; `cpack -G DEB` in the build tree writes it.
set(CPACK_PACKAGE_NAME docket)
set(CPACK_PACKAGE_VENDOR "docket")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_CONTACT "docket maintainers <docket@localhost>")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_GENERATOR DEB)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
# Dependencies from the ELF files (dpkg-shlibdeps); docket's own libraries are in the package.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS ON)
# `docket graph --format svg` runs Graphviz's dot; without it only that format is refused.
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "graphviz")
# Debug information stays in the build tree.
set(CPACK_STRIP_FILES ON)
set(CPACK_SOURCE_IGNORE_FILES "/build/;/\\\\.git/")
include(CPack)
