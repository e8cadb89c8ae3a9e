// Values to and from nlohmann::json inside the core: instance snapshots and stored actions.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "docket/core/type.hpp"
#include "docket/core/value.hpp"

namespace docket::detail {

// bool, int and number as JSON numbers; text as a string; an enum as its member's name; a
// duration as "24h" or "5 workdays"; a time as "2025-09-26T01:00:00Z"; a record as an object of
// its fields; a list as an array; an empty value as null. value_from_json reads it back.
[[nodiscard]] nlohmann::ordered_json value_to_json(const Value& v);
// The JSON as a value of `type`; throws ValueError naming `path` and the fix.
[[nodiscard]] Value value_from_json(const nlohmann::json& j, const Type& type, const std::string& path);
// The JSON as a value without a declared type (a stored action's arguments): booleans, ints,
// numbers, texts and lists of them; an object becomes its JSON text.
[[nodiscard]] Value untyped_value(const nlohmann::json& j);

}  // namespace docket::detail
