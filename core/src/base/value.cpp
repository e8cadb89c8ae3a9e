// Values: numeric access, equality, and readable printing of values and durations.
#include "docket/core/value.hpp"

#include <fmt/compile.h>
#include <fmt/format.h>

#include <iterator>
#include <string_view>

#include <date/date.h>

#include "docket/core/civil_time.hpp"

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

namespace {

// `amount` and its unit ("5 workdays", "24h"): one string, sized once (traces print every target).
std::string with_unit(std::int64_t amount, std::string_view unit, bool plural = false) {
  const fmt::format_int digits(amount);
  std::string out;
  out.reserve(digits.size() + unit.size() + 1);
  out.append(digits.data(), digits.size());
  out += unit;
  if (plural && amount != 1) out += 's';
  return out;
}

}  // namespace

std::string to_string(const Duration& d) {
  switch (d.unit) {
    case DurationUnit::workdays: return with_unit(d.amount, " workday", true);
    case DurationUnit::workhours: return with_unit(d.amount, " workhour", true);
    case DurationUnit::months: return with_unit(d.amount, " month", true);
    case DurationUnit::seconds: break;
  }
  std::int64_t s = d.amount;
  if (s >= 2 * 86400 && s % 86400 == 0) return with_unit(s / 86400, "d");  // 24h stays 24h
  if (s != 0 && s % 3600 == 0) return with_unit(s / 3600, "h");
  if (s != 0 && s % 60 == 0) return with_unit(s / 60, "min");
  return with_unit(s, "s");
}

namespace {

// Appends v's readable form to `out` (one buffer for a whole record: traces print every start's).
void append(std::string& out, const Value& v) {
  if (v.empty()) {
    out += "none";
  } else if (v.holds<bool>()) {
    out += v.as_bool() ? "true" : "false";
  } else if (v.holds<std::int64_t>()) {
    // Numbers go through fmt's own buffer: formatting straight into a std::string zero-fills it first.
    const fmt::format_int digits(v.as_int());
    out.append(digits.data(), digits.size());
  } else if (v.holds<double>()) {
    fmt::memory_buffer digits;
    fmt::format_to(std::back_inserter(digits), FMT_COMPILE("{}"), v.as_number());
    out.append(digits.data(), digits.size());
  } else if (v.holds<std::string>()) {
    out += '"';
    out += v.as_text();
    out += '"';
  } else if (v.holds<EnumValue>()) {
    const EnumValue& e = v.as_enum();
    out += e.def && e.index < e.def->members.size() ? std::string_view(e.def->members[e.index]) : std::string_view("<bad enum>");
  } else if (v.holds<Duration>()) {
    out += to_string(v.as_duration());
  } else if (v.holds<Instant>()) {
    out += date::format("%FT%TZ", v.as_time());
  } else if (v.holds<Date>()) {
    out += to_string(v.as_date());
  } else if (v.holds<TimeOfDay>()) {
    out += to_string(v.as_time_of_day());
  } else if (v.holds<Value::List>()) {
    out += '[';
    bool first = true;
    for (const Value& item : v.as_list()) {
      if (!first) out += ", ";
      first = false;
      append(out, item);
    }
    out += ']';
  } else {
    const RecordValue& r = v.as_record();
    out += r.def ? std::string_view(r.def->name) : std::string_view("record");
    out += " {";
    for (std::size_t i = 0; i < r.fields.size(); ++i) {
      out += i == 0 ? " " : ", ";
      if (r.def && i < r.def->fields.size()) {
        out += r.def->fields[i].name;
      } else {
        fmt::format_to(std::back_inserter(out), "{}", i);
      }
      out += ": ";
      append(out, r.fields[i]);
    }
    out += " }";
  }
}

}  // namespace

std::string to_string(const Value& v) {
  std::string out;
  // A record or list is printed into one buffer: room for a typical one up front, not grown 4 times.
  if (v.holds<Value::Record>() || v.holds<Value::List>()) out.reserve(256);
  append(out, v);
  return out;
}

}  // namespace docket
