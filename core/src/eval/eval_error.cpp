// EvalError: out-of-line constructor so the class has one home.
#include "eval/eval_error.hpp"

namespace docket::detail {

EvalError::EvalError(const std::string& message) : std::runtime_error(message) {}

}  // namespace docket::detail
