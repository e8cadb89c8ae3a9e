# libFuzzer build (DOCKET_FUZZ): every target is compiled with ASan + UBSan and libFuzzer's
# coverage instrumentation (-fsanitize=fuzzer-no-link); only the fuzz targets in tests/fuzz/ link
# the libFuzzer driver (-fsanitize=fuzzer). Needs clang: `CC=clang-14 CXX=clang++-14`.
if(DOCKET_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang" OR NOT CMAKE_C_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "DOCKET_FUZZ needs clang (libFuzzer): configure with CC=clang-14 CXX=clang++-14")
  endif()
  # -O1 after the build type's flags: Spirit X3 at -O0 under ASan runs ~10x slower, and executions per
  # second are what a bounded fuzz run buys. Asserts stay on (no NDEBUG in a Debug build).
  add_compile_options(-O1 -fsanitize=address,undefined,fuzzer-no-link -fno-omit-frame-pointer
    -fno-sanitize-recover=all)
  add_link_options(-fsanitize=address,undefined)
  # A failed BOOST_ASSERT calls boost::assertion_failed (defined by each fuzz target), which reports it
  # and aborts like assert() does, so libFuzzer records the input as a crash.
  add_compile_definitions(BOOST_ENABLE_ASSERT_HANDLER)
endif()
