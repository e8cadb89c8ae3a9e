# libFuzzer build (DOCKET_FUZZ): every target is compiled with ASan + UBSan and libFuzzer's
# coverage instrumentation (-fsanitize=fuzzer-no-link); only the fuzz targets in tests/fuzz/ link
# the libFuzzer driver (-fsanitize=fuzzer). Needs clang: `CC=clang-14 CXX=clang++-14`.
if(DOCKET_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang" OR NOT CMAKE_C_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "DOCKET_FUZZ needs clang (libFuzzer): configure with CC=clang-14 CXX=clang++-14")
  endif()
  add_compile_options(-fsanitize=address,undefined,fuzzer-no-link -fno-omit-frame-pointer
    -fno-sanitize-recover=all)
  add_link_options(-fsanitize=address,undefined)
endif()
