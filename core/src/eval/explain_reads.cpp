// What an expression reads, for explanations: parameter paths ("c.voltage_kv") and the decisions it calls.
#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <string>

#include "eval/eval_error.hpp"
#include "eval/explain_walk.hpp"

namespace docket::detail {

namespace {

// "c", "c.voltage_kv", "c.site.area": a chain of field reads from a parameter; nullopt otherwise.
std::optional<std::string> path_of(const ir::Expr& expr, const ir::Decision& d) {
  if (expr.kind == ir::ExprKind::param) {
    if (expr.index >= d.params.size()) return std::nullopt;
    return d.params[expr.index].name;
  }
  if (expr.kind != ir::ExprKind::field || expr.operands.empty() || !expr.operands[0]) return std::nullopt;
  std::optional<std::string> base = path_of(*expr.operands[0], d);
  const RecordDef* def = expr.operands[0]->type.record_def();
  if (!base || def == nullptr || expr.index >= def->fields.size()) return std::nullopt;
  return *base + "." + def->fields[expr.index].name;
}

void add_once(std::vector<ReadValue>& list, const ReadValue& read) {
  auto same = [&](const ReadValue& r) { return r.path == read.path; };
  if (std::none_of(list.begin(), list.end(), same)) list.push_back(read);
}

}  // namespace

Reads Explainer::collect(const ir::Decision& d, const ir::Expr& expr, const Environment& env, Explanation& out,
                         Walk& walk) const {
  Reads reads;
  collect_into(d, expr, env, out, walk, reads);
  return reads;
}

void Explainer::collect_into(const ir::Decision& d, const ir::Expr& expr, const Environment& env, Explanation& out,
                             Walk& walk, Reads& reads) const {
  if (std::optional<std::string> path = path_of(expr, d)) {
    try {
      ReadValue read{*std::move(path), in_->evaluate(expr, env)};
      add_once(reads.params, read);
      add_once(out.inputs, read);
    } catch (const EvalError&) {
      // A value that cannot be read is reported by the check that needed it.
    }
    return;
  }
  if (expr.kind == ir::ExprKind::binary &&
      (expr.binary_op == ir::BinaryOp::logical_and || expr.binary_op == ir::BinaryOp::logical_or)) {
    // Only what the interpreter reads: the right side when the left does not decide.
    collect_into(d, *expr.operands.at(0), env, out, walk, reads);
    try {
      Value left = in_->evaluate(*expr.operands.at(0), env);
      const bool decided = left.holds<bool>() && left.as_bool() == (expr.binary_op == ir::BinaryOp::logical_or);
      if (!decided) collect_into(d, *expr.operands.at(1), env, out, walk, reads);
    } catch (const EvalError&) {
    }
    return;
  }
  for (const ir::ExprPtr& operand : expr.operands) {
    if (operand) collect_into(d, *operand, env, out, walk, reads);
  }
  if (expr.kind != ir::ExprKind::call_decision) return;
  std::vector<Value> args;
  try {
    for (const ir::ExprPtr& operand : expr.operands) args.push_back(in_->evaluate(*operand, env));
  } catch (const EvalError&) {
    return;  // the check that evaluates the call reports the failure
  }
  ++walk.depth;
  Explanation call = run(expr.index, args, walk);
  --walk.depth;
  reads.calls.push_back(ReadValue{fmt::format("{}(...)", call.decision), call.value});
  out.calls.push_back(std::move(call));
}

}  // namespace docket::detail
