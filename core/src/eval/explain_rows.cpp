// Why each rule or row did or did not fire: rule conditions conjunct by conjunct, table rows cell by cell.
#include <fmt/format.h>

#include "eval/eval_error.hpp"
#include "eval/explain_walk.hpp"
#include "eval/value_check.hpp"

namespace docket::detail {

namespace {

// `a and b and c` as a, b, c (left to right, as the interpreter short-circuits them).
void conjuncts(const ir::Expr& e, std::vector<const ir::Expr*>& out) {
  if (e.kind == ir::ExprKind::binary && e.binary_op == ir::BinaryOp::logical_and && e.operands.size() == 2 &&
      e.operands[0] && e.operands[1]) {
    conjuncts(*e.operands[0], out);
    conjuncts(*e.operands[1], out);
    return;
  }
  out.push_back(&e);
}

std::vector<ReadValue> joined(Reads reads) {
  std::vector<ReadValue> all = std::move(reads.params);
  for (ReadValue& call : reads.calls) all.push_back(std::move(call));
  return all;
}

}  // namespace

RowCheck Explainer::check_rule(const ir::Decision& d, std::size_t i, const Environment& env, Explanation& out,
                               Walk& walk) const {
  const ir::Rule& rule = d.rules[i];
  RowCheck check;
  check.index = i;
  check.label = rule.label;
  check.range = rule.range;
  std::vector<const ir::Expr*> parts;
  if (rule.condition) conjuncts(*rule.condition, parts);
  for (const ir::Expr* part : parts) {
    Reads reads = collect(d, *part, env, out, walk);
    try {
      Value v = in_->evaluate(*part, env);
      if (!v.holds<bool>()) {
        throw EvalError(fmt::format("a condition must be a bool, got {} {}", value_type_name(v), to_string(v)));
      }
      if (v.as_bool()) continue;
    } catch (const EvalError& e) {
      check.error = e.what();
    }
    check.failed = part->range;
    check.failed_on = joined(std::move(reads));
    return check;
  }
  check.matched = true;
  return check;
}

void Explainer::check_rules(const ir::Decision& d, const Environment& env, Explanation& out, Walk& walk) const {
  for (std::size_t i = 0; i < d.rules.size(); ++i) {
    RowCheck check = check_rule(d, i, env, out, walk);
    const bool matched = check.matched;
    const bool failed = !check.error.empty();
    out.checks.push_back(std::move(check));
    if (matched) {
      out.fired_range = d.rules[i].range;
      if (d.rules[i].result) (void)collect(d, *d.rules[i].result, env, out, walk);
      return;
    }
    if (failed) return;  // the interpreter stopped here too: `error` says why
  }
  if (d.otherwise) {
    out.fired_range = d.otherwise->range;
    out.by_otherwise = out.error.empty();
    (void)collect(d, *d.otherwise, env, out, walk);
  }
}

void Explainer::check_rows(const ir::Decision& d, const Environment& env, Explanation& out, Walk& walk) const {
  std::vector<Value> inputs;
  for (const ir::InputColumn& column : d.columns) {
    if (!column.expr) return;
    (void)collect(d, *column.expr, env, out, walk);
    try {
      inputs.push_back(in_->evaluate(*column.expr, env));
    } catch (const EvalError& e) {
      if (out.error.empty()) out.error = fmt::format("column `{}` of table `{}`: {}", column.label, d.name, e.what());
      return;
    }
  }
  for (std::size_t r = 0; r < d.rows.size(); ++r) {
    const ir::TableRow& row = d.rows[r];
    RowCheck check;
    check.index = r;
    check.range = row.range;
    check.matched = true;
    for (std::size_t c = 0; c < row.inputs.size() && c < inputs.size(); ++c) {
      // A computed cell (`> limit`, `[1..c.max]`) reads parameters too: they are inputs read, and
      // the why-not line shows their values next to the column's.
      Reads cell_reads;
      for (const ir::ExprPtr& operand : row.inputs[c].operands) {
        if (operand) collect_into(d, *operand, env, out, walk, cell_reads);
      }
      bool holds = false;
      try {
        holds = in_->test_cell(row.inputs[c], inputs[c], env);
      } catch (const EvalError& e) {
        check.error = e.what();
      }
      if (holds) continue;
      check.matched = false;
      check.failed = row.inputs[c].range;
      check.column = d.columns[c].label;
      check.failed_on.push_back(ReadValue{d.columns[c].label, inputs[c]});
      for (ReadValue& read : joined(std::move(cell_reads))) {
        if (read.path != d.columns[c].label) check.failed_on.push_back(std::move(read));
      }
      break;
    }
    if (check.matched) out.matching.push_back(r);
    out.checks.push_back(std::move(check));
    if (out.matching.size() == 1 && d.hit == ir::HitPolicy::first) break;
  }
  // The outputs that make the answer: the fired row's, or every matching row's when rows combine.
  std::vector<std::size_t> answering = out.matching;
  if (out.fired) answering = {*out.fired};
  if (out.matching.empty() && d.otherwise && out.error.empty()) {
    // No row matched: the table's `otherwise` answered.
    out.fired_range = d.otherwise->range;
    out.by_otherwise = true;
    (void)collect(d, *d.otherwise, env, out, walk);
    return;
  }
  if (out.fired && *out.fired < d.rows.size()) out.fired_range = d.rows[*out.fired].range;
  for (std::size_t r : answering) {
    for (const ir::ExprPtr& output : d.rows[r].outputs) {
      if (output) (void)collect(d, *output, env, out, walk);
    }
  }
}

}  // namespace docket::detail
