// EvalMode names and what `auto` means in this build.
#include "docket/core/eval_mode.hpp"

namespace docket {

const char* eval_mode_name(EvalMode mode) noexcept {
  switch (mode) {
    case EvalMode::interp: return "interp";
    case EvalMode::compiled: return "compiled";
    case EvalMode::jit: return "jit";
    case EvalMode::automatic: return "auto";
  }
  return "?";
}

std::optional<EvalMode> eval_mode_from_name(std::string_view name) noexcept {
  if (name == "interp") return EvalMode::interp;
  if (name == "compiled") return EvalMode::compiled;
  if (name == "jit") return EvalMode::jit;
  if (name == "auto") return EvalMode::automatic;
  return std::nullopt;
}

bool jit_available() noexcept {
#ifdef DOCKET_WITH_LLVM
  return true;
#else
  return false;
#endif
}

EvalMode resolve_eval_mode(EvalMode mode) noexcept {
  if (mode != EvalMode::automatic) return mode;
  return jit_available() ? EvalMode::jit : EvalMode::compiled;
}

}  // namespace docket
