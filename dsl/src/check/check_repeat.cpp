// Checking a workflow's `repeat` line: durations of clock time or months, and a positive bound.
#include <fmt/format.h>

#include "check/checker.hpp"

namespace docket::dsl {

namespace {

// The literal a checked expression is, if it is one.
const Value* literal_of(const ir::Expr& e) { return e.kind == ir::ExprKind::literal ? &e.literal : nullptr; }

}  // namespace

void Checker::check_repeat(const ast::RepeatDecl& decl, ir::Workflow& out, const Scope& scope) {
  ir::Repeat repeat;
  repeat.range = range(decl);
  repeat.every = check_expr(decl.every, scope, Type::duration());
  // A duration the checker can see: positive, and clock time or months (a series of workdays
  // would fall due at the close of business, which is rarely when a visit is meant to start).
  auto duration = [&](const ir::Expr& e, std::string_view what) {
    if (!expect_type(e, Type::duration(), what)) return;
    const Value* v = literal_of(e);
    if (v == nullptr || !v->holds<Duration>()) return;
    const Duration& d = v->as_duration();
    if (d.is_business()) {
      error("D0514", e.range, fmt::format("{} is {}: a series repeats in clock time or calendar months", what, to_string(d)),
            "write days or months, such as `7d` or `1 month`");
    } else if (d.amount <= 0) {
      error("D0514", e.range, fmt::format("{} must be longer than nothing", what), "for example `repeat every 7d for 3 months`");
    }
  };
  duration(*repeat.every, "`repeat every`");
  if (decl.bound == "for") {
    repeat.window = check_expr(decl.limit, scope, Type::duration());
    duration(*repeat.window, "`repeat ... for`");
  } else {
    repeat.times = check_expr(decl.limit, scope, Type::integer());
    if (expect_type(*repeat.times, Type::integer(), "`repeat ... times`")) {
      const Value* v = literal_of(*repeat.times);
      if (v != nullptr && v->holds<std::int64_t>() && v->as_int() < 1) {
        error("D0514", repeat.times->range, "`repeat ... times` counts the instances, the first included: at least 1",
              "for example `repeat every 1 month times 3`");
      }
    }
  }
  out.repeat = std::move(repeat);
}

}  // namespace docket::dsl
