# docket_warnings(target): the project's warning set; errors when DOCKET_WERROR is on.
function(docket_warnings target)
  target_compile_options(${target} PRIVATE
    -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast -Wcast-align
    -Woverloaded-virtual -Wconversion -Wsign-conversion -Wnull-dereference
    -Wimplicit-fallthrough $<$<BOOL:${DOCKET_WERROR}>:-Werror>)
endfunction()

# docket_c_warnings(target): the same spirit for C targets (plugins written in C).
function(docket_c_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wconversion
    $<$<BOOL:${DOCKET_WERROR}>:-Werror>)
endfunction()
