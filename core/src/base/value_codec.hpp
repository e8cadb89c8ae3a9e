// Values from nlohmann::json inside the core: instance snapshots and stored actions.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "docket/core/type.hpp"
#include "docket/core/value.hpp"

namespace docket::detail {

// Values are written by JsonWriter::value (json_writer.hpp) as value_from_json reads them back.
// The JSON as a value of `type`; throws ValueError naming `path` and the fix.
[[nodiscard]] Value value_from_json(const nlohmann::json& j, const Type& type, const std::string& path);
// The JSON as a value without a declared type (a stored action's arguments): booleans, ints,
// numbers, texts and lists of them; an object becomes its JSON text.
[[nodiscard]] Value untyped_value(const nlohmann::json& j);
// A JSON array of such values (values_json read back); empty for text that is not an array.
[[nodiscard]] std::vector<Value> untyped_values(const std::string& json);

}  // namespace docket::detail
