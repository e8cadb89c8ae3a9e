// `+` and `-` on dates (whole days, calendar months) and times of day (clock time, around midnight).
#include "eval/civil_operators.hpp"

#include <fmt/format.h>

#include <limits>
#include <string>

#include "docket/core/civil_time.hpp"
#include "eval/eval_error.hpp"
#include "eval/operators.hpp"
#include "eval/value_check.hpp"

namespace docket::detail {

namespace {

using ir::BinaryOp;

[[noreturn]] void refuse(BinaryOp op, const Value& a, const Value& b, std::string_view why) {
  throw EvalError(fmt::format("cannot compute {} {} {}: {}", to_string(a), operator_text(op), to_string(b), why));
}

Value date_plus(BinaryOp op, const Value& a, const Value& b, Date day, const Duration& d, bool minus) {
  std::int64_t amount = d.amount;
  if (minus) {
    if (amount == std::numeric_limits<std::int64_t>::min()) refuse(op, a, b, "the duration is too long");
    amount = -amount;
  }
  Date out;
  switch (d.unit) {
    case DurationUnit::months:
      if (!add_months(day, amount, out)) refuse(op, a, b, "the date would leave the years 0001 to 9999");
      return out;
    case DurationUnit::seconds:
      if (amount % kSecondsPerDay != 0) {
        refuse(op, a, b, "a date moves by whole days (a time of day belongs to a `time`)");
      }
      if (!add_days(day, amount / kSecondsPerDay, out)) refuse(op, a, b, "the date would leave the years 0001 to 9999");
      return out;
    case DurationUnit::workdays:
    case DurationUnit::workhours: break;
  }
  refuse(op, a, b, "business time is counted on a workflow's calendar, which an expression does not know");
}

Value time_of_day_plus(BinaryOp op, const Value& a, const Value& b, TimeOfDay t, const Duration& d, bool minus) {
  if (!d.is_clock()) refuse(op, a, b, "a time of day moves by clock time (hours, minutes, seconds)");
  const std::int64_t s = d.amount % kSecondsPerDay;
  return add_seconds(t, minus ? -s : s);
}

}  // namespace

std::optional<Value> civil_arithmetic(BinaryOp op, const Value& a, const Value& b) {
  const bool civil = a.holds<Date>() || b.holds<Date>() || a.holds<TimeOfDay>() || b.holds<TimeOfDay>();
  if (!civil || (op != BinaryOp::add && op != BinaryOp::sub)) return std::nullopt;
  const bool minus = op == BinaryOp::sub;
  if (a.holds<Date>() && b.holds<Duration>()) return date_plus(op, a, b, a.as_date(), b.as_duration(), minus);
  if (!minus && a.holds<Duration>() && b.holds<Date>()) return date_plus(op, a, b, b.as_date(), a.as_duration(), false);
  if (minus && a.holds<Date>() && b.holds<Date>()) {
    return Duration{(a.as_date().days - b.as_date().days) * kSecondsPerDay, DurationUnit::seconds};
  }
  if (a.holds<TimeOfDay>() && b.holds<Duration>()) {
    return time_of_day_plus(op, a, b, a.as_time_of_day(), b.as_duration(), minus);
  }
  if (!minus && a.holds<Duration>() && b.holds<TimeOfDay>()) {
    return time_of_day_plus(op, a, b, b.as_time_of_day(), a.as_duration(), false);
  }
  if (minus && a.holds<TimeOfDay>() && b.holds<TimeOfDay>()) {
    return Duration{a.as_time_of_day().seconds - b.as_time_of_day().seconds, DurationUnit::seconds};
  }
  return std::nullopt;
}

}  // namespace docket::detail
