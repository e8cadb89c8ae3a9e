// JsonWriter: appends JSON text to a string without building a tree (snapshots, values, stored actions).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "docket/core/value.hpp"

namespace docket::detail {

// Commas are placed by the writer: call key() before each member of an object, then one value.
class JsonWriter {
 public:
  explicit JsonWriter(std::string& out) : out_(out) {}
  void begin_object();
  void end_object();
  void begin_array();
  void end_array();
  void key(std::string_view name);
  void string(std::string_view text);
  void integer(std::int64_t v);
  // The shortest text that reads back the same, always with a point or exponent (5.0, not 5);
  // NaN and infinities as null.
  void number(double v);
  void boolean(bool v);
  void null();
  // A UTC time as "2025-09-26T01:00:00Z".
  void time(Instant t);
  // A docket value as value_from_json reads it back (see value_codec.hpp).
  void value(const Value& v);

 private:
  void comma();
  std::string& out_;
  bool first_ = true;  // nothing written yet in the current object or array
};

// Values as a JSON array (a stored action's arguments).
[[nodiscard]] std::string values_json(const std::vector<Value>& values);

}  // namespace docket::detail
