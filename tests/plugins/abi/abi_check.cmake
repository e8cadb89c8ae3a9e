# abi_check.cmake: compares the plugin ABI surface library with a baseline using abidiff.
#   cmake -DABIDIFF=... -DBASELINE=x.abi -DLIBRARY=lib.so -DMODE=exact|compatible -P abi_check.cmake
# exact: any difference fails (the baseline of the current minor must be updated on purpose).
# compatible: additions (new functions, members appended at the end, bigger structs) pass;
# removals, moved or retyped members fail: what rule 2 of plugin.h forbids within a major.
if(NOT ABIDIFF)
  message("SKIPPED: abidiff not found; install Debian's abigail-tools (bash tools/dev.sh deps)")
  cmake_language(EXIT 77)
endif()
execute_process(COMMAND ${ABIDIFF} --no-show-locs ${BASELINE} ${LIBRARY}
                RESULT_VARIABLE rc OUTPUT_VARIABLE report ERROR_VARIABLE report)
message("abidiff ${BASELINE} ${LIBRARY}: exit ${rc}\n${report}")
set(regenerate "if the change is intended, regenerate the baseline:\n  abidw --no-corpus-path --no-comp-dir-path --no-show-locs --out-file ${BASELINE} ${LIBRARY}")
if(NOT rc MATCHES "^[0-9]+$")
  message(FATAL_ERROR "abidiff did not run: ${rc}")
endif()
math(EXPR tool_error "${rc} & 3")
math(EXPR incompatible "${rc} & 8")
if(tool_error)
  message(FATAL_ERROR "abidiff failed (exit ${rc}): see above")
endif()
if(MODE STREQUAL "exact")
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "the plugin ABI surface differs from ${BASELINE}; ${regenerate}")
  endif()
  return()
endif()
if(incompatible)
  message(FATAL_ERROR "abidiff reports an incompatible ABI change against ${BASELINE}")
endif()
# Anything but additions breaks plugins built against the baseline.
foreach(forbidden "[1-9][0-9]* Removed" "data member deletion" "offset changed"
                  "type of '[^']*' changed" "[1-9][0-9]* data member change" "\\[D\\]")
  if(report MATCHES "${forbidden}")
    message(FATAL_ERROR "the plugin ABI changed incompatibly against ${BASELINE} (report matches '${forbidden}')")
  endif()
endforeach()
