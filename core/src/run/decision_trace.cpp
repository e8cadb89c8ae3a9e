// explain_calls: the decisions behind a role, guard or SLA target, with the rule and the inputs read.
#include "run/decision_trace.hpp"

#include <fmt/format.h>

#include "docket/core/explain.hpp"
#include "eval/eval_error.hpp"
#include "eval/explain_walk.hpp"

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
  } else if (e.by_otherwise || !e.is_table) {
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

void collect(const Evaluator& evaluator, const ir::Expr& expr, const Environment& env, std::vector<CallToExplain>& out) {
  if (expr.kind == ir::ExprKind::call_decision) {
    for (const ir::ExprPtr& a : expr.operands) collect(evaluator, *a, env, out);  // decisions in the arguments first
    CallToExplain call{expr.index, {}};
    try {
      for (const ir::ExprPtr& a : expr.operands) call.args.push_back(evaluator.evaluate(*a, env));
    } catch (const EvalError&) {
      return;  // the trace already says the evaluation failed
    }
    out.push_back(std::move(call));
    return;
  }
  for (const ir::ExprPtr& op : expr.operands) collect(evaluator, *op, env, out);
}

bool contains_call(const ir::Expr& expr, ir::ExprKind kind) {
  if (expr.kind == kind) return true;
  for (const ir::ExprPtr& op : expr.operands) {
    if (contains_call(*op, kind)) return true;
  }
  return false;
}

}  // namespace

bool calls_decisions(const ir::Expr& expr) { return contains_call(expr, ir::ExprKind::call_decision); }
bool calls_functions(const ir::Expr& expr) { return contains_call(expr, ir::ExprKind::call_function); }

std::vector<CallToExplain> calls_to_explain(const Evaluator& evaluator, const ir::Expr& expr, const Environment& env) {
  std::vector<CallToExplain> out;
  if (calls_decisions(expr)) collect(evaluator, expr, env, out);
  return out;
}

std::string explain_calls(const Interpreter& reference, const std::vector<CallToExplain>& calls) {
  std::string out;
  for (const CallToExplain& call : calls) {
    if (!out.empty()) out += "; ";
    out += describe(explain_with(reference, reference.module().decisions.at(call.decision).name, call.args));
  }
  return out;
}

}  // namespace docket::detail
