// Typing calls of the built-in functions (min, max, sum, count, abs, floor, ceiling, decimal, string).
#include <fmt/format.h>

#include "check/checker.hpp"
#include "check/duration_units.hpp"
#include "check/expr_build.hpp"

namespace docket::dsl {

namespace {

bool scalar(Type t) {
  return t.kind() != TypeKind::list && t.kind() != TypeKind::record && !t.is_error();
}

}  // namespace

// Arguments that may be none: typed on their definite types, and the call answers none when one of them
// is none (FEEL's null), so its result gets `or none`.
ir::ExprPtr Checker::check_builtin(ir::Builtin fn, std::vector<ir::ExprPtr> args, SourceRange args_range,
                                   SourceRange where) {
  std::vector<Type> written;
  bool maybe = false;
  for (ir::ExprPtr& a : args) {
    written.push_back(a->type);
    if (a->type.kind() == TypeKind::none) {
      error("D0303", a->range, fmt::format("`{}` cannot take none: it has no value to compute with", ir::builtin_name(fn)),
            "test for it with `x == none` or `x != none`");
      return make(ir::ExprKind::literal, Type::error(), where);
    }
    maybe = maybe || a->type.may_be_none();
    a->type = a->type.definite();
  }
  ir::ExprPtr e = check_definite_builtin(fn, std::move(args), args_range, where);
  if (e->kind == ir::ExprKind::builtin) {
    for (std::size_t i = 0; i < e->operands.size() && i < written.size(); ++i) e->operands[i]->type = written[i];
    if (maybe) e->type = e->type.or_none();
  }
  return e;
}

ir::ExprPtr Checker::check_definite_builtin(ir::Builtin fn, std::vector<ir::ExprPtr> args, SourceRange args_range,
                                            SourceRange where) {
  const std::string name = ir::builtin_name(fn);
  auto failed = [&] { return make(ir::ExprKind::literal, Type::error(), where); };
  for (const ir::ExprPtr& a : args) {
    if (a->type.is_error()) return failed();  // reported where it went wrong
  }
  auto count_error = [&](std::string_view takes) {
    error("D0304", args_range, fmt::format("`{}` takes {}, but {} {} given", name, takes, args.size(),
                                           args.size() == 1 ? "is" : "are"));
    return failed();
  };
  auto type_error = [&](const ir::Expr& at, std::string_view needs) {
    error("D0303", at.range, fmt::format("`{}` needs {}, but this is {}", name, needs, at.type.name()),
          fmt::format("see the built-in functions in docs/language.md"));
    return failed();
  };
  Type result = Type::error();
  switch (fn) {
    case ir::Builtin::min:
    case ir::Builtin::max:
    case ir::Builtin::sum: {
      const bool summing = fn == ir::Builtin::sum;
      auto fits = [&](Type t) { return summing ? t.is_numeric() || t.kind() == TypeKind::duration : orderable(t); };
      const std::string_view needs = summing ? "numbers or durations" : "numbers, texts, durations or times";
      if (args.empty()) return count_error("a list, or one or more values");
      if (args.size() == 1 && args[0]->type.kind() == TypeKind::list) {
        result = args[0]->type.list_def()->element;
        if (!fits(result)) return type_error(*args[0], fmt::format("a list of {}", needs));
        break;
      }
      if (args.size() == 1 && !summing) return count_error("a list, or two or more values");
      bool all_numeric = true;
      bool any_number = false;
      for (const ir::ExprPtr& a : args) {
        if (!fits(a->type)) return type_error(*a, needs);
        all_numeric = all_numeric && a->type.is_numeric();
        any_number = any_number || a->type.kind() == TypeKind::number;
      }
      if (all_numeric) {
        result = any_number ? Type::number() : Type::integer();
        break;
      }
      for (const ir::ExprPtr& a : args) {
        if (!(a->type == args[0]->type)) {
          return type_error(*a, fmt::format("values of one type ({}, as the first)", args[0]->type.name()));
        }
      }
      // Calendar months against days or clock time, where literals show both (D0313, as for `+`).
      std::optional<bool> months;
      for (const ir::ExprPtr& a : args) {
        const std::optional<bool> m = known_months(*a);
        if (m && months && *m != *months) {
          error("D0313", where, fmt::format("`{}` mixes calendar months with days or clock time", name),
                "a month has no fixed length (28 to 31 days): give months with months, or write days such as `30d`");
          return failed();
        }
        if (m) months = m;
      }
      result = args[0]->type;
      break;
    }
    case ir::Builtin::count:
      if (args.size() != 1) return count_error("one list");
      if (args[0]->type.kind() != TypeKind::list) return type_error(*args[0], "a list");
      result = Type::integer();
      break;
    case ir::Builtin::abs:
      if (args.size() != 1) return count_error("one value");
      if (!args[0]->type.is_numeric() && args[0]->type.kind() != TypeKind::duration) {
        return type_error(*args[0], "a number or a duration");
      }
      result = args[0]->type;
      break;
    case ir::Builtin::floor:
    case ir::Builtin::ceiling:
      if (args.size() != 1) return count_error("one number");
      if (!args[0]->type.is_numeric()) return type_error(*args[0], "a number");
      result = Type::integer();
      break;
    case ir::Builtin::decimal:
      if (args.size() != 2) return count_error("a number and a scale (two values)");
      if (!args[0]->type.is_numeric()) return type_error(*args[0], "a number");
      if (args[1]->type.kind() != TypeKind::integer) return type_error(*args[1], "an int scale (decimal places)");
      result = Type::number();
      break;
    case ir::Builtin::string:
      if (args.size() != 1) return count_error("one value");
      if (!scalar(args[0]->type)) return type_error(*args[0], "a single value (not a list or a record)");
      result = Type::text();
      break;
  }
  ir::ExprPtr e = make(ir::ExprKind::builtin, result, where);
  e->index = static_cast<std::uint32_t>(fn);
  e->operands = std::move(args);
  return e;
}

}  // namespace docket::dsl
