// Docket values as JSON for the CLI's machine-readable output (explain, classify --format jsonl).
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "docket/core/value.hpp"

namespace docket::cli {

// bool, int and number as JSON numbers and booleans; text as a string; an enum as its member's
// name; a duration as "5 workdays" or "24h"; a time as "2025-09-26T01:00:00Z"; a record as an
// object of its fields; a list as an array; an empty value as null.
[[nodiscard]] nlohmann::ordered_json value_to_json(const Value& v);

// The text of `j`, never throwing: bytes that are not UTF-8 (say, in a plugin's error message)
// become U+FFFD instead of aborting the output with nlohmann's type_error 316.
template <class Json>
[[nodiscard]] std::string json_text(const Json& j, int indent = -1) {
  return j.dump(indent, ' ', false, Json::error_handler_t::replace);
}

}  // namespace docket::cli
