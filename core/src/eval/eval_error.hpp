// EvalError: an expression could not be evaluated (a function failed, division by zero, ...).
#pragma once

#include <stdexcept>
#include <string>

namespace docket::detail {

// Thrown by the interpreter; the engine turns it into a failed instance with this message.
class EvalError : public std::runtime_error {
 public:
  explicit EvalError(const std::string& message);
};

// The evaluation went beyond the program's step budget (ir_limits.hpp): nothing that walks the
// same decision again (an explanation) can do better, so it stops too.
class StepBudgetError : public EvalError {
 public:
  explicit StepBudgetError(const std::string& message);
};

}  // namespace docket::detail
