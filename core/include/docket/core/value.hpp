// Run-time values: a small tagged union over the docket types; records hold fields by index.
#pragma once

#include <chrono>
#include <compare>
#include <cstdint>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "docket/core/type.hpp"

namespace docket {

// An instant, to the second, in UTC. Zones apply only when reading or printing.
using Instant = std::chrono::sys_seconds;

// Clock durations are kept in seconds; business durations in whole workdays or workhours,
// to be measured on a calendar; calendar months in whole months, added to a date in the
// calendar's time zone (UTC without one) keeping the local time of day (docs/language.md).
enum class DurationUnit : std::uint8_t { seconds, workdays, workhours, months };

struct Duration {
  std::int64_t amount = 0;
  DurationUnit unit = DurationUnit::seconds;

  [[nodiscard]] bool is_business() const noexcept {
    return unit == DurationUnit::workdays || unit == DurationUnit::workhours;
  }
  [[nodiscard]] bool is_months() const noexcept { return unit == DurationUnit::months; }
  // Clock time: the only unit added to a time as a fixed number of seconds.
  [[nodiscard]] bool is_clock() const noexcept { return unit == DurationUnit::seconds; }
  friend bool operator==(const Duration&, const Duration&) noexcept = default;
};

// "45min", "24h", "90s", "5 workdays", "8 workhours", "1 month", "3 months".
[[nodiscard]] std::string to_string(const Duration& d);

// A calendar date with no time zone (DMN's `date`): days since 1970-01-01, negative before.
// It never becomes an instant by itself, so it means the same day on every server.
struct Date {
  std::int64_t days = 0;
  friend auto operator<=>(const Date&, const Date&) noexcept = default;
};

// A time of day with no zone and no date (DMN's `time`): seconds since midnight, 0 to 86,399.
struct TimeOfDay {
  std::int64_t seconds = 0;
  friend auto operator<=>(const TimeOfDay&, const TimeOfDay&) noexcept = default;
};

struct EnumValue {
  const EnumDef* def = nullptr;
  std::uint32_t index = 0;
  friend bool operator==(const EnumValue&, const EnumValue&) noexcept = default;
};

struct RecordValue;

// A value. An empty Value (monostate) only ever means "not provided"; the checker makes sure
// no expression reads one, so evaluation never meets a silent null.
class Value {
 public:
  using Record = std::shared_ptr<const RecordValue>;
  using List = std::shared_ptr<const std::vector<Value>>;

  Value() = default;
  Value(bool b) : v_(b) {}                                       // NOLINT(google-explicit-constructor)
  Value(std::int64_t i) : v_(i) {}                               // NOLINT
  Value(double d) : v_(d) {}                                     // NOLINT
  Value(std::string s) : v_(std::move(s)) {}                     // NOLINT
  Value(const char* s) : v_(std::string(s)) {}                   // NOLINT
  Value(EnumValue e) : v_(e) {}                                  // NOLINT
  Value(Duration d) : v_(d) {}                                   // NOLINT
  Value(Instant t) : v_(t) {}                                    // NOLINT
  Value(Date d) : v_(d) {}                                       // NOLINT
  Value(TimeOfDay t) : v_(t) {}                                  // NOLINT
  Value(Record r) : v_(std::move(r)) {}                          // NOLINT
  Value(List l) : v_(std::move(l)) {}                            // NOLINT

  [[nodiscard]] bool empty() const noexcept { return v_.index() == 0; }
  [[nodiscard]] bool as_bool() const { return std::get<bool>(v_); }
  [[nodiscard]] std::int64_t as_int() const { return std::get<std::int64_t>(v_); }
  [[nodiscard]] double as_number() const;  // int or number
  [[nodiscard]] const std::string& as_text() const { return std::get<std::string>(v_); }
  [[nodiscard]] const EnumValue& as_enum() const { return std::get<EnumValue>(v_); }
  [[nodiscard]] const Duration& as_duration() const { return std::get<Duration>(v_); }
  [[nodiscard]] Instant as_time() const { return std::get<Instant>(v_); }
  [[nodiscard]] Date as_date() const { return std::get<Date>(v_); }
  [[nodiscard]] TimeOfDay as_time_of_day() const { return std::get<TimeOfDay>(v_); }
  [[nodiscard]] const RecordValue& as_record() const { return *std::get<Record>(v_); }
  [[nodiscard]] const std::vector<Value>& as_list() const { return *std::get<List>(v_); }

  template <class T>
  [[nodiscard]] bool holds() const noexcept { return std::holds_alternative<T>(v_); }

  friend bool operator==(const Value& a, const Value& b);

 private:
  std::variant<std::monostate, bool, std::int64_t, double, std::string, EnumValue, Duration, Instant,
               Record, List, Date, TimeOfDay>
      v_;
};

struct RecordField {
  std::string name;
  Type type;
  Value default_value;  // empty when the field has no default
};

struct RecordDef {
  std::string name;
  std::vector<RecordField> fields;

  [[nodiscard]] std::optional<std::uint32_t> find(std::string_view field) const;
};

// A record's fields sit at the indexes its RecordDef fixes at compile time.
struct RecordValue {
  const RecordDef* def = nullptr;
  std::vector<Value> fields;
};

// Readable form for traces and test output: 12, 3.5, "x", rural, 24h, [1, 2],
// Customer { id: "C1", ... }.
[[nodiscard]] std::string to_string(const Value& v);

}  // namespace docket
