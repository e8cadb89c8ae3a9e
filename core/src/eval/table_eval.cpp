// Decision tables: input columns, row matching cell by cell, row values, and the hit policy dispatch.
#include <fmt/format.h>

#include <cstdint>
#include <memory>

#include "eval/eval_error.hpp"
#include "eval/interpreter.hpp"
#include "eval/operators.hpp"
#include "eval/table_hit.hpp"
#include "eval/value_check.hpp"

namespace docket::detail {

std::vector<std::size_t> Interpreter::matching_rows(std::size_t index, std::span<const Value> args) const {
  Walk walk;
  const ir::Decision& d = decision_at(index, args, walk);
  if (!d.is_table) throw EvalError(fmt::format("decision `{}` is a rule list, not a table", d.name));
  Environment env;
  env.params = args;
  std::vector<Value> inputs = column_values(d, env, walk);
  return match_rows(d, inputs, env, walk, d.rows.size());
}

DecisionResult Interpreter::decide_table(const ir::Decision& d, const Environment& env, Walk& walk) const {
  std::vector<Value> inputs = column_values(d, env, walk);
  std::vector<std::size_t> rows = match_rows(d, inputs, env, walk, rows_needed(d));
  return table_answer(
      d, rows, [&inputs] { return std::span<const Value>(inputs); },
      [&](std::size_t row) { return row_value(d, row, env, walk); },
      [&] { return eval(*d.otherwise, env, walk); });
}

std::vector<Value> Interpreter::column_values(const ir::Decision& d, const Environment& env, Walk& walk) const {
  std::vector<Value> inputs;
  inputs.reserve(d.columns.size());
  for (const ir::InputColumn& column : d.columns) {
    if (!column.expr) throw EvalError(fmt::format("column `{}` of table `{}` has no expression", column.label, d.name));
    inputs.push_back(eval(*column.expr, env, walk));
  }
  return inputs;
}

std::vector<std::size_t> Interpreter::match_rows(const ir::Decision& d, std::span<const Value> inputs,
                                                 const Environment& env, Walk& walk, std::size_t limit) const {
  std::vector<std::size_t> matched;
  for (std::size_t r = 0; r < d.rows.size() && matched.size() < limit; ++r) {
    const ir::TableRow& row = d.rows[r];
    if (row.inputs.size() != inputs.size()) {
      throw EvalError(fmt::format("row {} of table `{}` has {} input cells for {} columns", r + 1, d.name,
                                  row.inputs.size(), inputs.size()));
    }
    bool all = true;
    for (std::size_t c = 0; all && c < inputs.size(); ++c) {
      try {
        all = cell_matches(row.inputs[c], inputs[c], env, walk);
      } catch (const EvalError& e) {
        throw EvalError(fmt::format("row {} of table `{}`, column `{}`: {}", r + 1, d.name, d.columns[c].label,
                                    e.what()));
      }
    }
    if (all) matched.push_back(r);
  }
  return matched;
}

bool Interpreter::cell_matches(const ir::Cell& cell, const Value& input, const Environment& env,
                               Walk& walk) const {
  return cell_holds(cell, input, [&](const ir::Expr& e, Value& scratch) -> const Value& {
    return operand(e, env, walk, scratch);
  });
}

// A literal operand is read in place (comparisons treat int and number alike, so no widening is
// needed); anything else is evaluated into `scratch`.
const Value& Interpreter::operand(const ir::Expr& e, const Environment& env, Walk& walk, Value& scratch) const {
  if (e.kind == ir::ExprKind::literal) return e.literal;
  scratch = eval(e, env, walk);
  return scratch;
}

Value Interpreter::row_value(const ir::Decision& d, std::size_t row, const Environment& env, Walk& walk) const {
  return row_value_of(d, row, [&](std::size_t k) { return typed_output(d, row, k, eval(*d.rows[row].outputs[k], env, walk)); });
}

}  // namespace docket::detail
