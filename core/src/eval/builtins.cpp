// Built-in functions: FEEL's common ones, typed (min/max/sum over arguments or one list, count, abs, floor, ceiling, decimal, string).
#include "eval/builtins.hpp"

#include <fmt/format.h>

#include <array>
#include <charconv>
#include <cmath>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "eval/eval_error.hpp"
#include "eval/operators.hpp"
#include "eval/value_check.hpp"

namespace docket::detail {

namespace {

// The values a min/max/sum ranges over: the items of its one list argument, or its arguments.
std::span<const Value> items_of(std::span<const Value> args) {
  if (args.size() == 1 && args[0].holds<Value::List>()) {
    const std::vector<Value>& items = args[0].as_list();
    return {items.data(), items.size()};
  }
  return args;
}

Value extreme(ir::Builtin fn, std::span<const Value> args, const Type& result) {
  std::span<const Value> items = items_of(args);
  if (items.empty()) {
    throw EvalError(fmt::format("{}() of an empty list has no value", ir::builtin_name(fn)));
  }
  const ir::BinaryOp better = fn == ir::Builtin::min ? ir::BinaryOp::lt : ir::BinaryOp::gt;
  const Value* best = &items[0];
  for (const Value& v : items.subspan(1)) {
    if (apply_binary(better, v, *best, Type::boolean()).as_bool()) best = &v;
  }
  if (result.kind() == TypeKind::number && best->holds<std::int64_t>()) return static_cast<double>(best->as_int());
  return *best;
}

Value sum(std::span<const Value> args, const Type& result) {
  std::span<const Value> items = items_of(args);
  if (items.empty()) {
    if (result.kind() == TypeKind::duration) throw EvalError("sum() of an empty list of durations has no unit");
    return result.kind() == TypeKind::number ? Value(0.0) : Value(std::int64_t{0});
  }
  Value total = items[0];
  for (const Value& v : items.subspan(1)) total = apply_binary(ir::BinaryOp::add, total, v, result);
  if (result.kind() == TypeKind::number && total.holds<std::int64_t>()) return static_cast<double>(total.as_int());
  return total;
}

// floor() and ceiling() give an int: a number beyond an int's range is an error, not a wrong int.
Value rounded_to_int(ir::Builtin fn, const Value& v) {
  if (v.holds<std::int64_t>()) return v;
  const double x = v.as_number();
  const double r = fn == ir::Builtin::floor ? std::floor(x) : std::ceil(x);
  // 2^63 is exact as a double; every double below it in magnitude converts without overflow.
  if (!(r >= -9223372036854775808.0 && r < 9223372036854775808.0)) {
    throw EvalError(fmt::format("{}({}) does not fit in an int", ir::builtin_name(fn), to_string(v)));
  }
  return static_cast<std::int64_t>(r);
}

// decimal(n, scale): n rounded to `scale` decimal places, halves to even (FEEL's rule), on the
// decimal digits the number is written with: 1.015 is a little less than 1.015 as a double, but
// decimal(1.015, 2) is 1.02 as FEEL's decimals (and an analyst) expect. The shortest digits that read
// back as the same double are those digits (std::to_chars).
Value decimal(const Value& n, const Value& scale) {
  const std::int64_t s = scale.as_int();
  if (s < -20 || s > 20) {
    throw EvalError(fmt::format("decimal(): a scale of {} is out of range (-20 to 20)", s));
  }
  const double x = n.as_number();
  std::array<char, 64> buf{};
  const auto [end, ec] = std::to_chars(buf.data(), buf.data() + buf.size(), std::fabs(x), std::chars_format::scientific);
  if (ec != std::errc()) throw EvalError(fmt::format("decimal({}, {}): the number cannot be written", to_string(n), s));
  // d.ddde±X: the digits without the point, and the power of ten of the first one.
  const std::string_view text(buf.data(), static_cast<std::size_t>(end - buf.data()));
  const std::size_t e = text.find('e');
  std::string digits;
  for (char c : text.substr(0, e)) {
    if (c != '.') digits += c;
  }
  int exponent = 0;
  std::from_chars(text.data() + e + 1 + (text[e + 1] == '+' ? 1 : 0), text.data() + text.size(), exponent);
  // Digits to keep: those down to the scale's place (the first digit stands at 10^exponent).
  const std::int64_t keep = std::int64_t{exponent} + 1 + s;
  if (keep >= static_cast<std::int64_t>(digits.size())) return x;  // already that precise
  if (keep < 0) return 0.0;                                          // below half a unit of the scale
  const auto k = static_cast<std::size_t>(keep);
  const char next = digits[k];
  const bool more = digits.find_first_not_of('0', k + 1) != std::string::npos;
  const bool odd = k > 0 && (digits[k - 1] - '0') % 2 == 1;
  std::string kept = digits.substr(0, k);
  if (next > '5' || (next == '5' && (more || odd))) {
    std::size_t i = kept.size();
    while (i > 0 && kept[i - 1] == '9') kept[--i] = '0';
    if (i == 0) {
      kept.insert(kept.begin(), '1');
    } else {
      ++kept[i - 1];
    }
  }
  if (kept.empty()) return 0.0;
  // kept × 10^(exponent + 1 - keep) (a carry, 999 -> 1000, keeps the unit): read back as text, the nearest double.
  const std::string back = fmt::format("{}e{}", kept, std::int64_t{exponent} + 1 - keep);
  double r = 0;
  std::from_chars(back.data(), back.data() + back.size(), r);
  if (!std::isfinite(r)) throw EvalError(fmt::format("decimal({}, {}) overflows", to_string(n), s));
  return x < 0 ? -r : r;
}

Value absolute(const Value& v) {
  if (v.holds<std::int64_t>()) {
    if (v.as_int() == std::numeric_limits<std::int64_t>::min()) {
      throw EvalError(fmt::format("arithmetic overflow in abs({})", to_string(v)));
    }
    return v.as_int() < 0 ? -v.as_int() : v.as_int();
  }
  if (v.holds<double>()) return std::fabs(v.as_number());
  if (v.holds<Duration>()) return v.as_duration().amount < 0 ? apply_unary(ir::UnaryOp::negate, v) : v;
  throw EvalError(fmt::format("abs() takes a number or a duration, not {} {}", value_type_name(v), to_string(v)));
}

}  // namespace

Value apply_builtin(ir::Builtin fn, std::span<const Value> args, const Type& result) {
  for (const Value& a : args) {
    if (a.empty()) throw EvalError(fmt::format("an argument of {}() has no value", ir::builtin_name(fn)));
  }
  auto arity = [&](std::size_t n) {
    if (args.size() != n) {
      throw EvalError(fmt::format("{}() takes {} argument(s), but {} are given", ir::builtin_name(fn), n, args.size()));
    }
  };
  switch (fn) {
    case ir::Builtin::min:
    case ir::Builtin::max: return extreme(fn, args, result);
    case ir::Builtin::sum: return sum(args, result);
    case ir::Builtin::count:
      arity(1);
      if (!args[0].holds<Value::List>()) break;
      return static_cast<std::int64_t>(args[0].as_list().size());
    case ir::Builtin::abs: arity(1); return absolute(args[0]);
    case ir::Builtin::floor:
    case ir::Builtin::ceiling:
      arity(1);
      if (!args[0].holds<std::int64_t>() && !args[0].holds<double>()) break;
      return rounded_to_int(fn, args[0]);
    case ir::Builtin::decimal:
      arity(2);
      if ((!args[0].holds<std::int64_t>() && !args[0].holds<double>()) || !args[1].holds<std::int64_t>()) break;
      return decimal(args[0], args[1]);
    case ir::Builtin::string:
      arity(1);
      return args[0].holds<std::string>() ? args[0] : Value(to_string(args[0]));
  }
  throw EvalError(fmt::format("{}() does not take {} {}", ir::builtin_name(fn), args.empty() ? "nothing" : value_type_name(args[0]),
                              args.empty() ? "" : to_string(args[0])));
}

}  // namespace docket::detail
