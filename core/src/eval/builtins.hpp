// The language's built-in functions (`min`, `max`, `sum`, `count`, `abs`, `floor`, `ceiling`, `decimal`, `string`) on run-time values.
#pragma once

#include <span>

#include "docket/core/ir.hpp"
#include "docket/core/type.hpp"
#include "docket/core/value.hpp"

namespace docket::detail {

// Applies built-in `fn` to checked arguments; `result` is the call's checked type (an int sum stays
// an int unless the checker typed it as a number). Throws EvalError on an empty list where a value
// is needed, overflow, or arguments the function does not take.
[[nodiscard]] Value apply_builtin(ir::Builtin fn, std::span<const Value> args, const Type& result);

}  // namespace docket::detail
