// JSON input to docket values, with messages that name the path, what was expected, and the fix.
#include "docket/core/json_value.hpp"

#include <fmt/format.h>

#include <cmath>
#include <limits>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "docket/core/civil_time.hpp"
#include "docket/core/clock.hpp"
#include "docket/core/json_depth.hpp"
#include "docket/core/suggest.hpp"
#include "base/json_writer.hpp"
#include "base/value_codec.hpp"

namespace docket {

namespace {

using Json = nlohmann::json;

std::string shown(const Json& j) {
  if (j.is_object()) return "an object";
  if (j.is_array()) return "an array";
  if (j.is_null()) return "null";
  std::string text = j.dump();
  return text.size() > 60 ? text.substr(0, 57) + "..." : text;
}

[[noreturn]] void wrong_json(const std::string& path, std::string_view expected, const Json& j) {
  throw ValueError(fmt::format("{}: expected {}, got {}", path, expected, shown(j)));
}

// "24h", "45min", "90s", "2d", "5 workdays", "1 workday", "8 workhours", "1 month", "3 months".
std::optional<Duration> parse_duration(std::string_view text) {
  std::size_t pos = 0;
  std::int64_t amount = 0;
  while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
    if (__builtin_mul_overflow(amount, 10, &amount) || __builtin_add_overflow(amount, text[pos] - '0', &amount)) {
      return std::nullopt;
    }
    ++pos;
  }
  if (pos == 0) return std::nullopt;
  while (pos < text.size() && text[pos] == ' ') ++pos;
  std::string_view unit = text.substr(pos);
  if (unit == "workday" || unit == "workdays") return Duration{amount, DurationUnit::workdays};
  if (unit == "workhour" || unit == "workhours") return Duration{amount, DurationUnit::workhours};
  if (unit == "month" || unit == "months") return Duration{amount, DurationUnit::months};
  std::int64_t scale = 0;
  if (unit == "s") scale = 1;
  else if (unit == "min") scale = 60;
  else if (unit == "h") scale = 3600;
  else if (unit == "d") scale = 86400;
  else return std::nullopt;
  std::int64_t seconds = 0;
  if (__builtin_mul_overflow(amount, scale, &seconds)) return std::nullopt;
  return Duration{seconds, DurationUnit::seconds};
}

// "2025-09-26T09:00:00Z", "2025-09-26T09:00+08:00".
Instant parse_time(const std::string& path, const std::string& text) {
  std::string local = text;
  std::string zone;
  if (!text.empty() && text.back() == 'Z') {
    local = text.substr(0, text.size() - 1);
    zone = "Z";
  } else if (text.size() > 6 && (text[text.size() - 6] == '+' || text[text.size() - 6] == '-') &&
             text[text.size() - 3] == ':') {
    local = text.substr(0, text.size() - 6);
    zone = text.substr(text.size() - 6);
  } else {
    throw ValueError(fmt::format("{}: time \"{}\" needs a UTC offset: add Z or one such as +08:00 "
                                 "(e.g. \"2025-09-26T09:00:00+08:00\")",
                                 path, text));
  }
  Instant out;
  std::string error;
  if (!parse_instant(local, zone, out, error)) throw ValueError(fmt::format("{}: {}", path, error));
  return out;
}

// A date or a time of day from its JSON text, read by `parse`; `expected` names the form in the error.
template <class T>
Value civil_value(const Json& j, const std::string& path, bool (*parse)(std::string_view, T&, std::string&),
                  const char* expected) {
  if (!j.is_string()) wrong_json(path, expected, j);
  T out;
  std::string error;
  if (!parse(j.get<std::string>(), out, error)) throw ValueError(fmt::format("{}: {}", path, error));
  return out;
}

Value convert(const Json& j, const Type& type, const std::string& path);

Value convert_record(const Json& j, const RecordDef& def, const std::string& path) {
  if (!j.is_object()) wrong_json(path, fmt::format("a {} object", def.name), j);
  std::vector<std::string> names;
  for (const RecordField& f : def.fields) names.push_back(f.name);
  for (auto it = j.begin(); it != j.end(); ++it) {
    const std::string& key = it.key();
    if (!def.find(key)) {
      throw ValueError(fmt::format("{}.{}: {} has no field `{}`{} (fields: {})", path, key, def.name, key,
                                   did_you_mean_suffix(key, names), join_names(names)));
    }
  }
  auto record = std::make_shared<RecordValue>();
  record->def = &def;
  for (const RecordField& f : def.fields) {
    auto it = j.find(f.name);
    if (it != j.end()) {
      record->fields.push_back(convert(*it, f.type, path + "." + f.name));
    } else if (!f.default_value.empty()) {
      record->fields.push_back(f.default_value);
    } else if (f.type.may_be_none()) {
      record->fields.emplace_back();  // a field that may be none and is left out is none
    } else {
      throw ValueError(fmt::format("{}: missing field `{}` ({}) of {}: add \"{}\": <{}>", path, f.name, f.type.name(),
                                   def.name, f.name, f.type.name()));
    }
  }
  return Value(Value::Record(std::move(record)));
}

Value convert(const Json& j, const Type& type, const std::string& path) {
  if (j.is_null() && type.may_be_none()) return Value();  // `T or none`: null is none
  switch (type.kind()) {
    case TypeKind::boolean:
      if (!j.is_boolean()) wrong_json(path, "true or false", j);
      return j.get<bool>();
    case TypeKind::integer:
      if (j.is_number_integer() && !j.is_number_unsigned()) return j.get<std::int64_t>();
      if (j.is_number_unsigned() && j.get<std::uint64_t>() <= std::numeric_limits<std::int64_t>::max()) {
        return static_cast<std::int64_t>(j.get<std::uint64_t>());
      }
      if (j.is_number_float()) {
        double d = j.get<double>();
        if (std::trunc(d) == d && std::fabs(d) < 9.0e18) return static_cast<std::int64_t>(d);
      }
      wrong_json(path, "a whole number (int)", j);
    case TypeKind::number:
      if (!j.is_number()) wrong_json(path, "a number", j);
      return j.get<double>();
    case TypeKind::text:
      if (!j.is_string()) wrong_json(path, "text (a JSON string)", j);
      return j.get<std::string>();
    case TypeKind::enumeration: {
      const EnumDef& def = *type.enum_def();
      if (!j.is_string()) wrong_json(path, fmt::format("a {} (one of: {})", def.name, join_names(def.members)), j);
      const std::string member = j.get<std::string>();
      std::optional<std::uint32_t> index = def.find(member);
      if (!index) {
        throw ValueError(fmt::format("{}: \"{}\" is not a {}{} (one of: {})", path, member, def.name,
                                     did_you_mean_suffix(member, def.members), join_names(def.members)));
      }
      return EnumValue{&def, *index};
    }
    case TypeKind::duration: {
      std::optional<Duration> d = j.is_string() ? parse_duration(j.get<std::string>()) : std::nullopt;
      if (!d) wrong_json(path, "a duration such as \"24h\", \"45min\", \"5 workdays\" or \"1 month\"", j);
      return *d;
    }
    case TypeKind::time:
      if (!j.is_string()) wrong_json(path, "a time such as \"2025-09-26T09:00:00+08:00\"", j);
      return parse_time(path, j.get<std::string>());
    case TypeKind::date: return civil_value<Date>(j, path, parse_date, "a date such as \"2018-07-30\"");
    case TypeKind::time_of_day:
      return civil_value<TimeOfDay>(j, path, parse_time_of_day, "a time of day such as \"16:30\" or \"16:30:00\"");
    case TypeKind::record: return convert_record(j, *type.record_def(), path);
    case TypeKind::list: {
      if (!j.is_array()) wrong_json(path, fmt::format("a JSON array of {}", type.list_def()->element.name()), j);
      auto items = std::make_shared<std::vector<Value>>();
      for (std::size_t i = 0; i < j.size(); ++i) {
        items->push_back(convert(j[i], type.list_def()->element, fmt::format("{}[{}]", path, i)));
      }
      return Value(Value::List(std::move(items)));
    }
    case TypeKind::none: wrong_json(path, "null", j);
    case TypeKind::error: break;
  }
  throw ValueError(fmt::format("{}: cannot convert JSON to a value of an erroneous type", path));
}

}  // namespace

namespace detail {

Value value_from_json(const nlohmann::json& j, const Type& type, const std::string& path) { return convert(j, type, path); }

Value untyped_value(const nlohmann::json& j) {
  if (j.is_boolean()) return j.get<bool>();
  if (j.is_number_integer() && !j.is_number_unsigned()) return j.get<std::int64_t>();
  if (j.is_number()) return j.get<double>();
  if (j.is_string()) return j.get<std::string>();
  if (j.is_array()) {
    auto items = std::make_shared<std::vector<Value>>();
    for (const Json& item : j) items->push_back(untyped_value(item));
    return Value(Value::List(std::move(items)));
  }
  if (j.is_null()) return Value();
  return j.dump();
}

std::vector<Value> untyped_values(const std::string& json) {
  std::vector<Value> out;
  const Json j = Json::parse(json, nullptr, false);
  if (!j.is_array()) return out;
  for (const Json& v : j) out.push_back(untyped_value(v));
  return out;
}

}  // namespace detail

std::string value_to_json_text(const Value& v) {
  std::string out;
  detail::JsonWriter(out).value(v);
  return out;
}

Value value_from_json(std::string_view json_text, Type type, std::string_view root) {
  if (json_depth(json_text) > kMaxJsonDepth) {
    throw ValueError(fmt::format("{}: the JSON nests more than {} levels deep (arrays and objects inside each other)",
                                 root, kMaxJsonDepth));
  }
  Json j;
  try {
    j = Json::parse(json_text);
  } catch (const Json::exception& e) {  // parse_error, or out_of_range for a number beyond a double
    throw ValueError(fmt::format("{}: the input is not valid JSON: {}", root, e.what()));
  }
  return convert(j, type, std::string(root));
}

}  // namespace docket
