// Typing the binary operators: which operand types each takes and what it answers (D0303, D0313).
#include <fmt/format.h>

#include <map>
#include <string>

#include "check/checker.hpp"
#include "check/duration_units.hpp"
#include "check/expr_build.hpp"
#include "docket/core/civil_time.hpp"

namespace docket::dsl {

namespace {

using ir::BinaryOp;
using ir::ExprKind;

const std::map<std::string, BinaryOp, std::less<>>& binary_ops() {
  static const std::map<std::string, BinaryOp, std::less<>> ops = {
      {"and", BinaryOp::logical_and}, {"or", BinaryOp::logical_or}, {"==", BinaryOp::eq},
      {"!=", BinaryOp::ne},           {"<", BinaryOp::lt},          {"<=", BinaryOp::le},
      {">", BinaryOp::gt},            {">=", BinaryOp::ge},         {"+", BinaryOp::add},
      {"-", BinaryOp::sub},           {"*", BinaryOp::mul},         {"/", BinaryOp::div},
      {"**", BinaryOp::power}};
  return ops;
}

// Calendar months against days or clock time, and months added to a time (D0313): refused
// where literals fix the units; otherwise the evaluator refuses them when they meet.
void months_misuse(Checker& c, const std::string& op_text, BinaryOp op, const ir::Expr& l, const ir::Expr& r,
                   SourceRange where) {
  const bool l_duration = l.type.kind() == TypeKind::duration;
  const bool r_duration = r.type.kind() == TypeKind::duration;
  if (l_duration && r_duration && op != BinaryOp::mul) {
    const std::optional<bool> lm = known_months(l);
    const std::optional<bool> rm = known_months(r);
    if (lm && rm && *lm != *rm) {
      c.error("D0313", where,
              fmt::format("`{}` mixes calendar months with days or clock time", op_text),
              "a month has no fixed length (28 to 31 days, and more or less across a change of summer time): "
              "compare months with months, or write both sides in days such as `30d`");
    }
    return;
  }
  const bool with_time = l.type.kind() == TypeKind::time || r.type.kind() == TypeKind::time;
  const ir::Expr& duration = l_duration ? l : r;
  if (with_time && (l_duration || r_duration) && known_months(duration).value_or(false)) {
    c.error("D0313", where, fmt::format("`{}` adds calendar months to a time in an expression", op_text),
            "months are added in the workflow calendar's time zone, which an expression does not know: make it "
            "an SLA `target`, a step's `within` or a test's `advance`, or write days such as `30d`");
  }
}

// `+`/`-` with a date or a time of day: date ± duration is a date, time of day ± duration a time of
// day, and one minus another of the same kind a duration. Type::error() for anything else.
Type civil_result(BinaryOp op, Type lt, Type rt) {
  const bool add = op == BinaryOp::add;
  if (!add && op != BinaryOp::sub) return Type::error();
  for (TypeKind k : {TypeKind::date, TypeKind::time_of_day}) {
    if (lt.kind() == k && rt.kind() == TypeKind::duration) return Type(k);
    if (add && lt.kind() == TypeKind::duration && rt.kind() == k) return Type(k);
    if (!add && lt.kind() == k && rt.kind() == k) return Type::duration();
  }
  return Type::error();
}

// Durations a date or a time of day cannot take, where literals show them (D0313): business time
// on either (an expression has no calendar), months on a time of day, clock time that is not whole
// days on a date.
void civil_misuse(Checker& c, const std::string& op_text, const ir::Expr& l, const ir::Expr& r, SourceRange where) {
  const ir::Expr& civil = l.type.kind() == TypeKind::duration ? r : l;
  const ir::Expr& duration = l.type.kind() == TypeKind::duration ? l : r;
  if (duration.type.kind() != TypeKind::duration || duration.kind != ir::ExprKind::literal ||
      !duration.literal.holds<Duration>()) {
    return;
  }
  const Duration d = duration.literal.as_duration();
  const bool date = civil.type.kind() == TypeKind::date;
  std::string why;
  if (d.is_business()) {
    why = fmt::format("{} is counted on a workflow's business calendar, which an expression does not know", to_string(d));
  } else if (!date && d.is_months()) {
    why = "a time of day has no date to move by months";
  } else if (date && d.is_clock() && d.amount % kSecondsPerDay != 0) {
    why = fmt::format("a date moves by whole days, and {} is not", to_string(d));
  }
  if (why.empty()) return;
  c.error("D0313", where, fmt::format("`{}` cannot move {} by {}: {}", op_text, date ? "a date" : "a time of day",
                                      to_string(d), why),
          date ? "add days such as `3d` or months such as `1 month` to a date" : "add clock time such as `2h` or `30min`");
}

}  // namespace

bool assignable(Type from, Type to) {
  if (from == to || from.is_error() || to.is_error()) return true;
  if (to.kind() == TypeKind::none) return from.kind() == TypeKind::none;
  if (to.may_be_none()) {
    // A `T or none` takes a T, another `T or none` and the literal `none`.
    return from.kind() == TypeKind::none || assignable(from.definite(), to.definite());
  }
  return !from.may_be_none() && from.kind() == TypeKind::integer && to.kind() == TypeKind::number;
}

bool orderable(Type t) {
  switch (t.kind()) {
    case TypeKind::integer:
    case TypeKind::number:
    case TypeKind::text:
    case TypeKind::duration:
    case TypeKind::time:
    case TypeKind::date:
    case TypeKind::time_of_day: return true;
    default: return false;
  }
}

BinaryOp binary_op_of(const std::string& op_text) { return binary_ops().at(op_text); }

ir::ExprPtr Checker::check_binary(const std::string& op_text, ir::ExprPtr l, ir::ExprPtr r) {
  BinaryOp op = binary_op_of(op_text);
  SourceRange where = span(l->range, r->range);
  Type lt = l->type;
  Type rt = r->type;
  Type result = Type::error();
  bool known = !lt.is_error() && !rt.is_error();
  auto mismatch = [&](std::string_view need) {
    error("D0303", where, fmt::format("`{}` cannot combine {} and {}", op_text, l->type.name(), r->type.name()),
          std::string(need));
  };
  // `T or none` operands (docs/language.md "No value: none"): `==` and `!=` compare them as they are
  // (none equals only none); `and`/`or` follow FEEL's logic of three values; every other operator answers
  // none when an operand is none, so it is typed on the definite types and its result gets `or none`.
  const bool maybe = lt.may_be_none() || rt.may_be_none();
  const bool equality = op == BinaryOp::eq || op == BinaryOp::ne;
  if (!equality && known && (lt.kind() == TypeKind::none || rt.kind() == TypeKind::none)) {
    error("D0303", where, fmt::format("`{}` cannot take none: it has no value to compute with", op_text),
          "test for it with `x == none` or `x != none`");
    known = false;
  }
  if (!equality) {
    lt = lt.definite();
    rt = rt.definite();
  }
  switch (op) {
    case BinaryOp::logical_and:
    case BinaryOp::logical_or:
      expect_type(*l, l->type.may_be_none() ? Type::boolean().or_none() : Type::boolean(),
                  fmt::format("the left side of `{}`", op_text));
      expect_type(*r, r->type.may_be_none() ? Type::boolean().or_none() : Type::boolean(),
                  fmt::format("the right side of `{}`", op_text));
      result = Type::boolean();
      break;
    case BinaryOp::eq:
    case BinaryOp::ne:
      if (known && !assignable(lt, rt) && !assignable(rt, lt)) {
        const bool never_none = (lt.kind() == TypeKind::none && !rt.may_be_none()) ||
                                (rt.kind() == TypeKind::none && !lt.may_be_none());
        mismatch(never_none ? fmt::format("{} is never none: only a value of a type `T or none` can be",
                                          lt.kind() == TypeKind::none ? rt.name() : lt.name())
                            : std::string("compare values of the same type"));
      }
      result = Type::boolean();
      break;
    case BinaryOp::lt:
    case BinaryOp::le:
    case BinaryOp::gt:
    case BinaryOp::ge: {
      const bool ordered = (lt.is_numeric() && rt.is_numeric()) || (lt == rt && orderable(lt));
      if (known && !ordered) {
        mismatch("order comparisons work on numbers, texts, durations, times, dates and times of day");
      }
      result = Type::boolean();
      break;
    }
    case BinaryOp::in:  // built by in(), never from an operator's text
      result = Type::boolean();
      break;
    case BinaryOp::add:
    case BinaryOp::sub:
    case BinaryOp::mul:
    case BinaryOp::div:
      if (lt.is_numeric() && rt.is_numeric()) {
        bool both_int = lt.kind() == TypeKind::integer && rt.kind() == TypeKind::integer;
        result = both_int && op != BinaryOp::div ? Type::integer() : Type::number();
      } else if ((op == BinaryOp::add || op == BinaryOp::sub) && lt.kind() == TypeKind::duration &&
                 rt.kind() == TypeKind::duration) {
        result = Type::duration();
      } else if ((op == BinaryOp::add || op == BinaryOp::sub) && lt.kind() == TypeKind::time &&
                 rt.kind() == TypeKind::duration) {
        result = Type::time();
      } else if (op == BinaryOp::add && lt.kind() == TypeKind::duration && rt.kind() == TypeKind::time) {
        result = Type::time();
      } else if (op == BinaryOp::sub && lt.kind() == TypeKind::time && rt.kind() == TypeKind::time) {
        result = Type::duration();
      } else if (Type civil = civil_result(op, lt, rt); !civil.is_error()) {
        result = civil;  // a date or a time of day moved on, or the time between two of them
      } else if (op == BinaryOp::add && (lt.kind() == TypeKind::text || rt.kind() == TypeKind::text) &&
                 (lt.kind() == TypeKind::text || lt.kind() == TypeKind::enumeration) &&
                 (rt.kind() == TypeKind::text || rt.kind() == TypeKind::enumeration)) {
        result = Type::text();  // concatenation; an enum member reads as its name
      } else if (op == BinaryOp::mul && ((lt.kind() == TypeKind::duration && rt.is_numeric()) ||
                                         (lt.is_numeric() && rt.kind() == TypeKind::duration))) {
        result = Type::duration();  // 2 * 45min, 1.5 * 2h
      } else if (op == BinaryOp::div && lt.kind() == TypeKind::duration && rt.kind() == TypeKind::duration) {
        result = Type::number();  // how many times one fits in the other: 90min / 1h is 1.5
      } else if (op == BinaryOp::div && lt.kind() == TypeKind::duration && rt.is_numeric()) {
        result = Type::duration();  // 2h / 4 is 30min
      } else if (known) {
        mismatch("arithmetic works on numbers, `+`/`-` on two durations, a time, date or time of day plus or minus "
                 "a duration, a duration times or divided by a number, a duration divided by a duration, and `+` on "
                 "texts");
      }
      break;
    case BinaryOp::power:
      if (lt.is_numeric() && rt.is_numeric()) {
        result = Type::number();  // 2 ** -1 is 0.5: never an int
      } else if (known) {
        mismatch("`**` raises a number to a number");
      }
      break;
  }
  if (known && !result.is_error()) {
    months_misuse(*this, op_text, op, *l, *r, where);
    if (result.kind() == TypeKind::date || result.kind() == TypeKind::time_of_day) civil_misuse(*this, op_text, *l, *r, where);
  }
  if (maybe && !equality && !result.is_error()) result = result.or_none();
  ir::ExprPtr e = make(ExprKind::binary, result, where);
  e->binary_op = op;
  e->operands.push_back(std::move(l));
  e->operands.push_back(std::move(r));
  return e;
}

}  // namespace docket::dsl
