// explain_calls: the decisions behind a role, guard or SLA target, with the rule and the inputs read.
#include "run/decision_trace.hpp"

#include <fmt/format.h>

#include "docket/core/explain.hpp"
#include "eval/eval_error.hpp"

namespace docket::detail {

namespace {

std::string describe(const Explanation& e) {
  if (!e.error.empty()) return fmt::format("{} failed: {}", e.decision, e.error);
  std::string why;
  if (e.fired) {
    const char* what = e.is_table ? "row" : "rule";
    why = fmt::format("{} {}", what, *e.fired + 1);
    for (const RowCheck& c : e.checks) {
      if (c.index == *e.fired && !c.label.empty()) why += fmt::format(" \"{}\"", c.label);
    }
  } else if (!e.is_table) {
    why = "otherwise";
  } else {
    why = fmt::format("{} matching row(s)", e.matching.size());
  }
  std::string out = fmt::format("{} = {} by {}", e.decision, to_string(e.value), why);
  if (!e.inputs.empty()) {
    out += " on ";
    for (std::size_t i = 0; i < e.inputs.size(); ++i) {
      out += fmt::format("{}{} = {}", i == 0 ? "" : ", ", e.inputs[i].path, to_string(e.inputs[i].value));
    }
  }
  for (const Explanation& inner : e.calls) out += " (" + describe(inner) + ")";
  return out;
}

void collect(const Program& program, const ir::Expr& expr, const Environment& env, std::string& out) {
  if (expr.kind == ir::ExprKind::call_decision) {
    for (const ir::ExprPtr& a : expr.operands) collect(program, *a, env, out);  // decisions in the arguments first
    std::vector<Value> args;
    try {
      for (const ir::ExprPtr& a : expr.operands) args.push_back(program.interpreter().evaluate(*a, env));
    } catch (const EvalError&) {
      return;  // the trace already says the evaluation failed
    }
    const ir::Decision& d = program.module().decisions.at(expr.index);
    if (!out.empty()) out += "; ";
    out += describe(explain(program, d.name, args));
    return;
  }
  for (const ir::ExprPtr& op : expr.operands) collect(program, *op, env, out);
}

}  // namespace

std::string explain_calls(const Program& program, const ir::Expr& expr, const Environment& env) {
  std::string out;
  collect(program, expr, env, out);
  return out;
}

}  // namespace docket::detail
