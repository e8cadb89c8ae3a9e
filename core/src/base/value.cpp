// Values: numeric access, equality, and readable printing of values and durations.
#include "docket/core/value.hpp"

#include <fmt/format.h>

#include <date/date.h>

namespace docket {

double Value::as_number() const {
  if (const auto* i = std::get_if<std::int64_t>(&v_)) return static_cast<double>(*i);
  return std::get<double>(v_);
}

bool operator==(const Value& a, const Value& b) {
  if (a.v_.index() != b.v_.index()) {
    // int and number compare by value: 3 == 3.0
    bool a_num = a.holds<std::int64_t>() || a.holds<double>();
    bool b_num = b.holds<std::int64_t>() || b.holds<double>();
    return a_num && b_num && a.as_number() == b.as_number();
  }
  if (a.holds<Value::List>()) return a.as_list() == b.as_list();
  if (a.holds<Value::Record>()) {
    const RecordValue& x = a.as_record();
    const RecordValue& y = b.as_record();
    return x.def == y.def && x.fields == y.fields;
  }
  return a.v_ == b.v_;
}

std::string to_string(const Duration& d) {
  switch (d.unit) {
    case DurationUnit::workdays: return fmt::format("{} workday{}", d.amount, d.amount == 1 ? "" : "s");
    case DurationUnit::workhours: return fmt::format("{} workhour{}", d.amount, d.amount == 1 ? "" : "s");
    case DurationUnit::months: return fmt::format("{} month{}", d.amount, d.amount == 1 ? "" : "s");
    case DurationUnit::seconds: break;
  }
  std::int64_t s = d.amount;
  if (s >= 2 * 86400 && s % 86400 == 0) return fmt::format("{}d", s / 86400);  // 24h stays 24h
  if (s != 0 && s % 3600 == 0) return fmt::format("{}h", s / 3600);
  if (s != 0 && s % 60 == 0) return fmt::format("{}min", s / 60);
  return fmt::format("{}s", s);
}

std::string to_string(const Value& v) {
  if (v.empty()) return "<none>";
  if (v.holds<bool>()) return v.as_bool() ? "true" : "false";
  if (v.holds<std::int64_t>()) return std::to_string(v.as_int());
  if (v.holds<double>()) return fmt::format("{}", v.as_number());
  if (v.holds<std::string>()) return fmt::format("\"{}\"", v.as_text());
  if (v.holds<EnumValue>()) {
    const EnumValue& e = v.as_enum();
    return e.def && e.index < e.def->members.size() ? e.def->members[e.index] : "<bad enum>";
  }
  if (v.holds<Duration>()) return to_string(v.as_duration());
  if (v.holds<Instant>()) return date::format("%FT%TZ", v.as_time());
  if (v.holds<Value::List>()) {
    std::string out = "[";
    for (const Value& item : v.as_list()) out += (out.size() == 1 ? "" : ", ") + to_string(item);
    return out + "]";
  }
  const RecordValue& r = v.as_record();
  std::string out = (r.def ? r.def->name : std::string("record")) + " {";
  for (std::size_t i = 0; i < r.fields.size(); ++i) {
    out += i == 0 ? " " : ", ";
    out += r.def && i < r.def->fields.size() ? r.def->fields[i].name : std::to_string(i);
    out += ": " + to_string(r.fields[i]);
  }
  return out + " }";
}

}  // namespace docket
