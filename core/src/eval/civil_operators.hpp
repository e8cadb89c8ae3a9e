// Arithmetic on dates and times of day: whole days and months on a date, clock time around the clock.
#pragma once

#include <optional>

#include "docket/core/ir.hpp"
#include "docket/core/value.hpp"

namespace docket::detail {

// `+` or `-` with a date or a time of day on either side: date ± days or months, date - date,
// time of day ± clock time (around midnight), time of day - time of day. nullopt when neither
// operand is a date or a time of day; throws EvalError for what those operands cannot do.
[[nodiscard]] std::optional<Value> civil_arithmetic(ir::BinaryOp op, const Value& a, const Value& b);

}  // namespace docket::detail
