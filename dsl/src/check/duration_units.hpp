// What the checker can tell of a duration's unit before run time: calendar months or not.
#pragma once

#include <optional>

#include "docket/core/ir.hpp"

namespace docket::dsl {

// Whether duration expression `e` is in calendar months (true), surely not (false), or whether
// only run time can tell (nullopt: a parameter, a decision's answer, a table cell chosen by input).
// Literals say it; `2 * x`, `x / 2`, `-x`, `x + y` and `x - y` keep the unit of their duration.
[[nodiscard]] std::optional<bool> known_months(const ir::Expr& e);

}  // namespace docket::dsl
