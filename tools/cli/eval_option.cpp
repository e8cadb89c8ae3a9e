// --eval: refusing an evaluator this build does not have, in docket's words.
#include <iostream>

#include "cli/commands.hpp"

namespace docket::cli {

bool eval_available(EvalMode mode) {
  if (mode != EvalMode::jit || jit_available()) return true;
  std::cerr << "error: --eval=jit: this docket was built without the LLVM JIT (DOCKET_WITH_LLVM=OFF); "
               "--eval=compiled is the fastest evaluator it has\n";
  return false;
}

}  // namespace docket::cli
