// JSON input to docket values: workflow arguments and decision inputs supplied by a host or CLI.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

#include "docket/core/type.hpp"
#include "docket/core/value.hpp"

namespace docket {

// The JSON does not fit the type. The message names the path and the fix, e.g.
//   app.customer.voltage_kv: expected a number, got "high"
class ValueError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Converts JSON text to a value of `type`:
//   bool, int (integral JSON numbers), number, text (strings), enums (a member name as a
//   string), durations ("24h", "45min", "90s", "2d", "5 workdays", "8 workhours", "2 months"), times
//   ("2025-09-26T09:00:00+08:00" or "...Z"), records (objects; a missing field takes its
//   default, else is an error; an unknown field is an error).
// `root` names the value in messages (for example the parameter name "app").
// Throws ValueError.
[[nodiscard]] Value value_from_json(std::string_view json_text, Type type, std::string_view root = "value");

// The inverse, as JSON text: bool, int and number as JSON numbers and booleans; text as a string;
// an enum as its member's name; a duration as "5 workdays" or "24h"; a time as
// "2025-09-26T01:00:00Z"; a record as an object of its fields in declared order; a list as an
// array; an empty value as null.
[[nodiscard]] std::string value_to_json_text(const Value& v);

}  // namespace docket
