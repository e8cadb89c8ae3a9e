// The unary and binary operators on run-time values: comparisons and checked arithmetic.
#include "eval/operators.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <compare>
#include <limits>

#include "eval/civil_operators.hpp"
#include "eval/eval_error.hpp"
#include "eval/value_check.hpp"

namespace docket::detail {

namespace {

using ir::BinaryOp;

bool is_numeric(const Value& v) { return v.holds<std::int64_t>() || v.holds<double>(); }

std::string text_of(const Value& v) { return v.holds<std::string>() ? v.as_text() : to_string(v); }

[[noreturn]] void not_defined(BinaryOp op, const Value& a, const Value& b) {
  throw EvalError(fmt::format("operator {} is not defined for {} and {} ({} {} {})", operator_text(op),
                              value_type_name(a), value_type_name(b), to_string(a), operator_text(op),
                              to_string(b)));
}

// Comparing or dividing durations needs one unit: `what` says what was asked ("compare {} with {}").
void same_unit(fmt::format_string<std::string, std::string> what, const Duration& x, const Duration& y) {
  if (x.unit == y.unit) return;
  throw EvalError(fmt::format("cannot {}: {}", fmt::format(what, to_string(x), to_string(y)),
                              x.is_months() || y.is_months()
                                  ? "a calendar month has no fixed length (28 to 31 days): compare months with months"
                                  : "clock and business durations (or workdays and workhours) are measured differently"));
}

// Three-way comparison of two values of an ordered type.
std::partial_ordering compare(BinaryOp op, const Value& a, const Value& b) {
  if (a.holds<std::int64_t>() && b.holds<std::int64_t>()) return a.as_int() <=> b.as_int();
  if (is_numeric(a) && is_numeric(b)) return a.as_number() <=> b.as_number();
  if (a.holds<std::string>() && b.holds<std::string>()) return a.as_text() <=> b.as_text();
  if (a.holds<Instant>() && b.holds<Instant>()) return a.as_time() <=> b.as_time();
  if (a.holds<Date>() && b.holds<Date>()) return a.as_date() <=> b.as_date();
  if (a.holds<TimeOfDay>() && b.holds<TimeOfDay>()) return a.as_time_of_day() <=> b.as_time_of_day();
  if (a.holds<EnumValue>() && b.holds<EnumValue>() && a.as_enum().def == b.as_enum().def) {
    return a.as_enum().index <=> b.as_enum().index;  // declaration order
  }
  if (a.holds<Duration>() && b.holds<Duration>()) {
    const Duration& x = a.as_duration();
    const Duration& y = b.as_duration();
    same_unit("compare {} with {}", x, y);
    return x.amount <=> y.amount;
  }
  not_defined(op, a, b);
}

bool holds_ordering(BinaryOp op, std::partial_ordering c) {
  switch (op) {
    case BinaryOp::lt: return c == std::partial_ordering::less;
    case BinaryOp::le: return c == std::partial_ordering::less || c == std::partial_ordering::equivalent;
    case BinaryOp::gt: return c == std::partial_ordering::greater;
    case BinaryOp::ge: return c == std::partial_ordering::greater || c == std::partial_ordering::equivalent;
    default: return false;
  }
}

[[noreturn]] void overflow(BinaryOp op, const Value& a, const Value& b) {
  throw EvalError(fmt::format("arithmetic overflow in {} {} {}", to_string(a), operator_text(op), to_string(b)));
}

[[noreturn]] void division_by_zero(const Value& a, const Value& b) {
  throw EvalError(fmt::format("division by zero: {} / {}", to_string(a), to_string(b)));
}

Value integer_arithmetic(BinaryOp op, const Value& a, const Value& b) {
  std::int64_t x = a.as_int();
  std::int64_t y = b.as_int();
  std::int64_t r = 0;
  bool bad = false;
  switch (op) {
    case BinaryOp::add: bad = __builtin_add_overflow(x, y, &r); break;
    case BinaryOp::sub: bad = __builtin_sub_overflow(x, y, &r); break;
    case BinaryOp::mul: bad = __builtin_mul_overflow(x, y, &r); break;
    case BinaryOp::div:
      if (y == 0) division_by_zero(a, b);
      if (x == std::numeric_limits<std::int64_t>::min() && y == -1) bad = true;
      else r = x / y;  // truncates toward zero
      break;
    default: not_defined(op, a, b);
  }
  if (bad) overflow(op, a, b);
  return r;
}

Value number_arithmetic(BinaryOp op, const Value& a, const Value& b) {
  double x = a.as_number();
  double y = b.as_number();
  double r = 0;
  switch (op) {
    case BinaryOp::add: r = x + y; break;
    case BinaryOp::sub: r = x - y; break;
    case BinaryOp::mul: r = x * y; break;
    case BinaryOp::div:
      if (y == 0.0) division_by_zero(a, b);
      r = x / y;
      break;
    default: not_defined(op, a, b);
  }
  if (!std::isfinite(r)) overflow(op, a, b);
  return r;
}

// `**`: always a number (FEEL's decimals); a result that is not a finite real number is an error
// that says why rather than an infinity or a NaN passed on.
Value power(const Value& a, const Value& b) {
  const double x = a.as_number();
  const double y = b.as_number();
  if (x == 0.0 && y < 0.0) throw EvalError(fmt::format("division by zero: {} ** {}", to_string(a), to_string(b)));
  const double r = std::pow(x, y);
  if (std::isnan(r)) {
    throw EvalError(fmt::format("{} ** {} is not a real number (a negative number to a fractional power)",
                                to_string(a), to_string(b)));
  }
  if (!std::isfinite(r)) overflow(BinaryOp::power, a, b);
  return r;
}

std::int64_t checked_add(BinaryOp op, const Value& a, const Value& b, std::int64_t x, std::int64_t y) {
  std::int64_t r = 0;
  if (__builtin_add_overflow(x, y, &r)) overflow(op, a, b);
  return r;
}

// A duration times a number: clock time to the nearest second; business time only when the result
// is a whole number of its unit (5 workdays * 1.5 is not: write it in workhours).
Value scaled(BinaryOp op, const Value& a, const Value& b, const Duration& d, double factor) {
  const double exact = static_cast<double>(d.amount) * factor;
  const double rounded = std::nearbyint(exact);
  if (!std::isfinite(exact) || std::fabs(rounded) >= 9.2e18) overflow(op, a, b);
  if (!d.is_clock() && std::fabs(exact - rounded) > 1e-9 * std::max(1.0, std::fabs(exact))) {
    throw EvalError(fmt::format("{} {} {} is not a whole number of {}: write the duration in a smaller unit",
                                to_string(a), operator_text(op), to_string(b),
                                d.unit == DurationUnit::workdays   ? "workdays"
                                : d.unit == DurationUnit::workhours ? "workhours"
                                                                    : "months"));
  }
  return Duration{static_cast<std::int64_t>(rounded), d.unit};
}

Value time_and_duration_arithmetic(BinaryOp op, const Value& a, const Value& b) {
  auto clock_seconds = [&](const Duration& d) {
    if (d.is_months()) {
      throw EvalError(fmt::format("cannot add {} to a time in an expression: months are added in the workflow "
                                  "calendar's time zone, which only SLAs, `within` and `advance` know; write the "
                                  "deadline as an SLA target or a step's `within`",
                                  to_string(d)));
    }
    if (d.is_business()) {
      throw EvalError(fmt::format("cannot apply {} to a time: business durations need a business calendar, "
                                  "and business calendars are not available yet",
                                  to_string(d)));
    }
    return d.amount;
  };
  if (a.holds<Duration>() && b.holds<Duration>() && (op == BinaryOp::add || op == BinaryOp::sub)) {
    const Duration& x = a.as_duration();
    const Duration& y = b.as_duration();
    if (x.unit != y.unit) {
      throw EvalError(fmt::format("cannot combine {} and {}: they are measured in different units{}", to_string(x),
                                  to_string(y),
                                  x.is_months() || y.is_months() ? " (a calendar month has no fixed length)" : ""));
    }
    std::int64_t amount = 0;
    bool bad = op == BinaryOp::add ? __builtin_add_overflow(x.amount, y.amount, &amount)
                                   : __builtin_sub_overflow(x.amount, y.amount, &amount);
    if (bad) overflow(op, a, b);
    return Duration{amount, x.unit};
  }
  if (a.holds<Instant>() && b.holds<Duration>() && (op == BinaryOp::add || op == BinaryOp::sub)) {
    std::int64_t s = clock_seconds(b.as_duration());
    if (op == BinaryOp::sub) {
      if (s == std::numeric_limits<std::int64_t>::min()) overflow(op, a, b);
      s = -s;
    }
    return Instant(std::chrono::seconds(checked_add(op, a, b, a.as_time().time_since_epoch().count(), s)));
  }
  if (a.holds<Duration>() && b.holds<Instant>() && op == BinaryOp::add) {
    std::int64_t s = clock_seconds(a.as_duration());
    return Instant(std::chrono::seconds(checked_add(op, a, b, b.as_time().time_since_epoch().count(), s)));
  }
  if (a.holds<Instant>() && b.holds<Instant>() && op == BinaryOp::sub) {
    std::int64_t r = 0;
    if (__builtin_sub_overflow(a.as_time().time_since_epoch().count(), b.as_time().time_since_epoch().count(), &r)) {
      overflow(op, a, b);
    }
    return Duration{r, DurationUnit::seconds};
  }
  if (op == BinaryOp::mul && (a.holds<Duration>() || b.holds<Duration>())) {
    const Value& d = a.holds<Duration>() ? a : b;
    const Value& n = a.holds<Duration>() ? b : a;
    if (n.holds<std::int64_t>()) {
      std::int64_t r = 0;
      if (__builtin_mul_overflow(d.as_duration().amount, n.as_int(), &r)) overflow(op, a, b);
      return Duration{r, d.as_duration().unit};
    }
    if (n.holds<double>()) return scaled(op, a, b, d.as_duration(), n.as_number());
    not_defined(op, a, b);
  }
  if (op == BinaryOp::div && a.holds<Duration>() && b.holds<Duration>()) {
    const Duration& x = a.as_duration();
    const Duration& y = b.as_duration();
    same_unit("divide {} by {}", x, y);
    if (y.amount == 0) division_by_zero(a, b);
    return static_cast<double>(x.amount) / static_cast<double>(y.amount);
  }
  if (op == BinaryOp::div && a.holds<Duration>() && is_numeric(b)) {
    const double n = b.as_number();
    if (n == 0.0) division_by_zero(a, b);
    return scaled(op, a, b, a.as_duration(), 1.0 / n);
  }
  not_defined(op, a, b);
}

}  // namespace

bool is_comparison(BinaryOp op) noexcept {
  switch (op) {
    case BinaryOp::eq:
    case BinaryOp::ne:
    case BinaryOp::lt:
    case BinaryOp::le:
    case BinaryOp::gt:
    case BinaryOp::ge: return true;
    default: return false;
  }
}

bool is_ordering(BinaryOp op) noexcept { return is_comparison(op) && op != BinaryOp::eq && op != BinaryOp::ne; }

const char* operator_text(BinaryOp op) noexcept {
  switch (op) {
    case BinaryOp::logical_and: return "and";
    case BinaryOp::logical_or: return "or";
    case BinaryOp::eq: return "==";
    case BinaryOp::ne: return "!=";
    case BinaryOp::lt: return "<";
    case BinaryOp::le: return "<=";
    case BinaryOp::gt: return ">";
    case BinaryOp::ge: return ">=";
    case BinaryOp::add: return "+";
    case BinaryOp::sub: return "-";
    case BinaryOp::mul: return "*";
    case BinaryOp::div: return "/";
    case BinaryOp::in: return "in";
    case BinaryOp::power: return "**";
  }
  return "?";
}

Value apply_unary(ir::UnaryOp op, const Value& v) {
  if (op == ir::UnaryOp::logical_not) {
    if (!v.holds<bool>()) throw EvalError(fmt::format("`not` needs a bool, got {} {}", value_type_name(v), to_string(v)));
    return !v.as_bool();
  }
  if (v.holds<std::int64_t>()) {
    if (v.as_int() == std::numeric_limits<std::int64_t>::min()) {
      throw EvalError(fmt::format("arithmetic overflow in -({})", to_string(v)));
    }
    return -v.as_int();
  }
  if (v.holds<double>()) return -v.as_number();
  if (v.holds<Duration>() && v.as_duration().amount != std::numeric_limits<std::int64_t>::min()) {
    return Duration{-v.as_duration().amount, v.as_duration().unit};
  }
  throw EvalError(fmt::format("unary - is not defined for {} {}", value_type_name(v), to_string(v)));
}

Value apply_binary(BinaryOp op, const Value& a, const Value& b, const Type& result) {
  if (a.empty() || b.empty()) {
    // None (docs/language.md "No value: none"): equal only to none, and no operand of anything else, whose
    // answer is none when its type may be none.
    if (op == BinaryOp::eq) return a.empty() && b.empty();
    if (op == BinaryOp::ne) return !(a.empty() && b.empty());
    if (result.may_be_none()) return {};
    if (op == BinaryOp::in && b.holds<Value::List>()) return false;  // none is no list's item
    throw EvalError(fmt::format("operand of {} has no value ({} {} {})", operator_text(op), to_string(a),
                                operator_text(op), to_string(b)));
  }
  switch (op) {
    case BinaryOp::in:
      if (!b.holds<Value::List>()) not_defined(op, a, b);
      for (const Value& item : b.as_list()) {
        if (a == item) return true;
      }
      return false;
    case BinaryOp::eq: return a == b;
    case BinaryOp::ne: return !(a == b);
    case BinaryOp::lt:
    case BinaryOp::le:
    case BinaryOp::gt:
    case BinaryOp::ge: return holds_ordering(op, compare(op, a, b));
    case BinaryOp::add:
    case BinaryOp::sub:
    case BinaryOp::mul:
    case BinaryOp::div:
      if (a.holds<std::int64_t>() && b.holds<std::int64_t>() && result.kind() != TypeKind::number) {
        return integer_arithmetic(op, a, b);
      }
      if (is_numeric(a) && is_numeric(b)) return number_arithmetic(op, a, b);
      if (op == BinaryOp::add && (a.holds<std::string>() || b.holds<std::string>()) &&
          (a.holds<std::string>() || a.holds<EnumValue>()) && (b.holds<std::string>() || b.holds<EnumValue>())) {
        return text_of(a) + text_of(b);  // an enum member reads as its name
      }
      if (std::optional<Value> civil = civil_arithmetic(op, a, b)) return std::move(*civil);
      return time_and_duration_arithmetic(op, a, b);
    case BinaryOp::power:
      if (is_numeric(a) && is_numeric(b)) return power(a, b);
      not_defined(op, a, b);
    case BinaryOp::logical_and:
    case BinaryOp::logical_or:
      if (a.holds<bool>() && b.holds<bool>()) {
        return op == BinaryOp::logical_and ? a.as_bool() && b.as_bool() : a.as_bool() || b.as_bool();
      }
      not_defined(op, a, b);
  }
  not_defined(op, a, b);
}

}  // namespace docket::detail
