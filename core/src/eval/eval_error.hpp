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

}  // namespace docket::detail
