# docket_warnings(target): the project's warning set; errors when DOCKET_WERROR is on.
function(docket_warnings target)
  target_compile_options(${target} PRIVATE
    -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast -Wcast-align
    -Woverloaded-virtual -Wconversion -Wsign-conversion
    -Wimplicit-fallthrough $<$<BOOL:${DOCKET_WERROR}>:-Werror>
    # No -Wnull-dereference: with GCC 12 at -O2 it fires inside libstdc++'s std::string (CLI11's
    # option strings), so it would break the release build on library code, not ours. The
    # sanitizer build (UBSan) catches real null dereferences at run time.
    # GCC 12 reports std::string assignments at -O2 as overlapping memcpy (GCC bug 105329).
    $<$<AND:$<CXX_COMPILER_ID:GNU>,$<VERSION_LESS:$<CXX_COMPILER_VERSION>,13>>:-Wno-restrict>
    # Clang (the fuzz build) flags `a >> b > c` as a precedence trap; in a Spirit X3 grammar that mix of
    # sequence (>>) and expectation (>) operators is the idiom, and >> binding tighter is what it means.
    $<$<CXX_COMPILER_ID:Clang>:-Wno-overloaded-shift-op-parentheses>)
endfunction()

# docket_c_warnings(target): the same spirit for C targets (plugins written in C).
function(docket_c_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wconversion
    $<$<BOOL:${DOCKET_WERROR}>:-Werror>)
endfunction()
