// Converts docket values to and from the plugin ABI's docket_value, by declared type.
#pragma once

#include <optional>

#include "docket/core/value.hpp"
#include "docket/plugin.h"

namespace docket::plugin {

// Fills `out` with a view of `v` as the declared parameter type (an int widens to a number).
// Text is borrowed: `out` is valid only while `v` is. False when `v` does not hold that type.
[[nodiscard]] bool value_to_abi(const Value& v, docket_type declared, docket_value& out) noexcept;

// Copies a plugin's result into a Value. Nullopt when its kind is not the declared type or a
// text view is malformed (NULL data with a non-zero size).
[[nodiscard]] std::optional<Value> value_from_abi(const docket_value& v, docket_type declared);

}  // namespace docket::plugin
