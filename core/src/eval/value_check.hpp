// Run-time type checks of values against docket types (host input, outcomes, function results).
#pragma once

#include <optional>
#include <string>

#include "docket/core/type.hpp"
#include "docket/core/value.hpp"

namespace docket::detail {

// The value converted to `type` when it has that type (an int is accepted as a number);
// nullopt when it does not. Records and enums must come from the same definition.
[[nodiscard]] std::optional<Value> conform(const Value& value, const Type& type);

// An int where a number is declared (`[1, 2.5]`, a number field given `5`) is kept as a number.
[[nodiscard]] Value widen(Value v, const Type& type);

// The name of the type a value has, as an analyst writes it: "int", "text", "Tariff", "nothing".
[[nodiscard]] std::string value_type_name(const Value& value);

}  // namespace docket::detail
