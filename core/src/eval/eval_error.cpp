// EvalError and StepBudgetError: out-of-line constructors so the classes have one home.
#include "eval/eval_error.hpp"

namespace docket::detail {

EvalError::EvalError(const std::string& message) : std::runtime_error(message) {}

StepBudgetError::StepBudgetError(const std::string& message) : EvalError(message) {}

}  // namespace docket::detail
