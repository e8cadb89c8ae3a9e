// EvalMode: which evaluator runs a program's decisions and expressions (--eval=interp|compiled|jit|auto).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace docket {

// Every evaluator gives the same answers, matched rules and error messages (tests/eval compares
// them); they differ in speed and start-up cost. docs/evaluators.md is the guide.
enum class EvalMode : std::uint8_t {
  interp,     // the tree-walking interpreter: the reference, no start-up cost
  compiled,   // compiled decisions (bitsets over typed slots), the interpreter for the rest
  jit,        // LLVM ORC JIT over the compiled layouts (builds with DOCKET_WITH_LLVM only)
  automatic,  // the fastest this build has: jit when built with LLVM, else compiled
};

// "interp", "compiled", "jit", "auto".
[[nodiscard]] const char* eval_mode_name(EvalMode mode) noexcept;
[[nodiscard]] std::optional<EvalMode> eval_mode_from_name(std::string_view name) noexcept;
// Whether this build has the JIT (DOCKET_WITH_LLVM).
[[nodiscard]] bool jit_available() noexcept;
// `automatic` resolved for this build; other modes as they are.
[[nodiscard]] EvalMode resolve_eval_mode(EvalMode mode) noexcept;

}  // namespace docket
