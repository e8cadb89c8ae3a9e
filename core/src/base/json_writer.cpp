// JsonWriter: JSON text straight into a string, with the escaping RFC 8259 asks for.
#include "base/json_writer.hpp"

#include "docket/core/utf8.hpp"

#include <date/date.h>
#include <fmt/format.h>

#include <cmath>

namespace docket::detail {

void JsonWriter::comma() {
  if (!first_) out_ += ',';
  first_ = false;
}

void JsonWriter::begin_object() {
  comma();
  out_ += '{';
  first_ = true;
}

void JsonWriter::end_object() {
  out_ += '}';
  first_ = false;
}

void JsonWriter::begin_array() {
  comma();
  out_ += '[';
  first_ = true;
}

void JsonWriter::end_array() {
  out_ += ']';
  first_ = false;
}

void JsonWriter::key(std::string_view name) {
  string(name);
  out_ += ':';
  first_ = true;  // the value that follows takes no comma
}

void JsonWriter::string(std::string_view text) {
  std::string repaired;  // a text that is not UTF-8 (from a plugin) still makes valid JSON
  if (first_invalid_utf8(text)) {
    repaired = valid_utf8(text);
    text = repaired;
  }
  comma();
  out_ += '"';
  for (char c : text) {
    switch (c) {
      case '"': out_ += "\\\""; break;
      case '\\': out_ += "\\\\"; break;
      case '\n': out_ += "\\n"; break;
      case '\r': out_ += "\\r"; break;
      case '\t': out_ += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          fmt::format_to(std::back_inserter(out_), "\\u{:04x}", static_cast<unsigned>(static_cast<unsigned char>(c)));
        } else {
          out_ += c;  // UTF-8 stays as it is
        }
    }
  }
  out_ += '"';
}

void JsonWriter::integer(std::int64_t v) {
  comma();
  fmt::format_to(std::back_inserter(out_), "{}", v);
}

void JsonWriter::number(double v) {
  comma();
  if (!std::isfinite(v)) {
    out_ += "null";
    return;
  }
  const std::size_t from = out_.size();
  fmt::format_to(std::back_inserter(out_), "{}", v);
  if (out_.find_first_of(".e", from) == std::string::npos) out_ += ".0";  // a number stays a number: 5.0, not 5
}

void JsonWriter::boolean(bool v) {
  comma();
  out_ += v ? "true" : "false";
}

void JsonWriter::null() {
  comma();
  out_ += "null";
}

void JsonWriter::time(Instant t) {
  comma();
  const date::sys_days day = date::floor<date::days>(t);
  const date::year_month_day ymd(day);
  const date::hh_mm_ss<std::chrono::seconds> hms(t - day);
  fmt::format_to(std::back_inserter(out_), "\"{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z\"", static_cast<int>(ymd.year()),
                 static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()), hms.hours().count(),
                 hms.minutes().count(), hms.seconds().count());
}

void JsonWriter::value(const Value& v) {
  if (v.empty()) return null();
  if (v.holds<bool>()) return boolean(v.as_bool());
  if (v.holds<std::int64_t>()) return integer(v.as_int());
  if (v.holds<double>()) return number(v.as_number());
  if (v.holds<std::string>()) return string(v.as_text());
  if (v.holds<Instant>()) return time(v.as_time());
  if (v.holds<Value::Record>()) {
    begin_object();
    const RecordValue& r = v.as_record();
    for (std::size_t i = 0; i < r.fields.size(); ++i) {
      const bool named = r.def != nullptr && i < r.def->fields.size();
      key(named ? r.def->fields[i].name : "#" + std::to_string(i + 1));
      value(r.fields[i]);
    }
    return end_object();
  }
  if (v.holds<Value::List>()) {
    begin_array();
    for (const Value& item : v.as_list()) value(item);
    return end_array();
  }
  string(to_string(v));  // enum members and durations, in the form value_from_json reads back
}

std::string values_json(const std::vector<Value>& values) {
  std::string out;
  JsonWriter writer(out);
  writer.begin_array();
  for (const Value& v : values) writer.value(v);
  writer.end_array();
  return out;
}

}  // namespace docket::detail
