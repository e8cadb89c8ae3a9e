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

namespace {

using ir::HitPolicy;

bool is_comparison(ir::BinaryOp op) noexcept {
  switch (op) {
    case ir::BinaryOp::eq:
    case ir::BinaryOp::ne:
    case ir::BinaryOp::lt:
    case ir::BinaryOp::le:
    case ir::BinaryOp::gt:
    case ir::BinaryOp::ge: return true;
    default: return false;
  }
}

bool holds(ir::BinaryOp op, const Value& a, const Value& b) {
  return apply_binary(op, a, b, Type::boolean()).as_bool();
}

const ir::Expr& operand_at(const ir::Cell& cell, std::size_t i) {
  if (i >= cell.operands.size() || !cell.operands[i]) throw EvalError("a table cell is missing an operand");
  return *cell.operands[i];
}

}  // namespace

std::vector<std::size_t> Interpreter::matching_rows(std::size_t index, std::span<const Value> args) const {
  const ir::Decision& d = decision_at(index, args, 0);
  if (!d.is_table) throw EvalError(fmt::format("decision `{}` is a rule list, not a table", d.name));
  Environment env;
  env.params = args;
  std::vector<Value> inputs = column_values(d, env, 0);
  return match_rows(d, inputs, env, 0, d.rows.size());
}

DecisionResult Interpreter::decide_table(const ir::Decision& d, const Environment& env, unsigned depth) const {
  std::vector<Value> inputs = column_values(d, env, depth);
  std::size_t limit = d.rows.size();
  if (d.hit == HitPolicy::first) limit = 1;
  if (d.hit == HitPolicy::unique) limit = 2;  // a second match is already an error
  std::vector<std::size_t> rows = match_rows(d, inputs, env, depth, limit);

  DecisionResult result;
  if (d.hit == HitPolicy::collect_count) {
    result.value = static_cast<std::int64_t>(rows.size());
  } else {
    if (rows.empty() && needs_a_matching_row(d.hit)) throw_no_row_matches(d, inputs);
    if (d.hit == HitPolicy::unique && rows.size() > 1) throw_not_unique(d, inputs, rows[0], rows[1]);
    std::vector<RowValue> values;
    values.reserve(rows.size());
    for (std::size_t row : rows) values.push_back({row, row_value(d, row, env, depth)});
    auto single = [&](const RowValue& r) {
      result.value = r.value;
      result.rule = r.row;
    };
    switch (d.hit) {
      case HitPolicy::unique:
      case HitPolicy::first: single(values.front()); break;
      case HitPolicy::any: single(agreed_row(d, inputs, values)); break;
      case HitPolicy::priority: single(priority_row(d, values)); break;
      case HitPolicy::output_order: result.value = priority_ordered_list(d, values); break;
      case HitPolicy::rule_order:
      case HitPolicy::collect: result.value = values_list(values); break;
      case HitPolicy::collect_sum: result.value = sum_of(d, values); break;
      case HitPolicy::collect_min: result.value = extreme_of(d, values, false); break;
      case HitPolicy::collect_max: result.value = extreme_of(d, values, true); break;
      case HitPolicy::collect_count: break;  // answered above
    }
  }
  std::optional<Value> typed = conform(result.value, d.result);
  if (!typed) {
    throw EvalError(fmt::format("table `{}` answered {} {}, but its result type is {}", d.name,
                                value_type_name(result.value), to_string(result.value), d.result.name()));
  }
  result.value = *std::move(typed);
  return result;
}

std::vector<Value> Interpreter::column_values(const ir::Decision& d, const Environment& env, unsigned depth) const {
  std::vector<Value> inputs;
  inputs.reserve(d.columns.size());
  for (const ir::InputColumn& column : d.columns) {
    if (!column.expr) throw EvalError(fmt::format("column `{}` of table `{}` has no expression", column.label, d.name));
    inputs.push_back(eval(*column.expr, env, depth));
  }
  return inputs;
}

std::vector<std::size_t> Interpreter::match_rows(const ir::Decision& d, std::span<const Value> inputs,
                                                 const Environment& env, unsigned depth, std::size_t limit) const {
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
        all = cell_matches(row.inputs[c], inputs[c], env, depth);
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
                               unsigned depth) const {
  Value scratch;
  switch (cell.kind) {
    case ir::CellKind::any: return true;
    case ir::CellKind::compare:
      if (!is_comparison(cell.op)) {
        throw EvalError(fmt::format("a cell compares with {}, which is not a comparison", operator_text(cell.op)));
      }
      return holds(cell.op, input, operand(operand_at(cell, 0), env, depth, scratch));
    case ir::CellKind::range: {
      const ir::BinaryOp low_op = cell.low_closed ? ir::BinaryOp::le : ir::BinaryOp::lt;
      const ir::BinaryOp high_op = cell.high_closed ? ir::BinaryOp::le : ir::BinaryOp::lt;
      if (!holds(low_op, operand(operand_at(cell, 0), env, depth, scratch), input)) return false;
      return holds(high_op, input, operand(operand_at(cell, 1), env, depth, scratch));
    }
    case ir::CellKind::one_of:
      for (std::size_t i = 0; i < cell.operands.size(); ++i) {
        if (holds(ir::BinaryOp::eq, input, operand(operand_at(cell, i), env, depth, scratch))) return true;
      }
      return false;
  }
  throw EvalError("unknown kind of table cell");
}

// A literal operand is read in place (comparisons treat int and number alike, so no widening is
// needed); anything else is evaluated into `scratch`.
const Value& Interpreter::operand(const ir::Expr& e, const Environment& env, unsigned depth, Value& scratch) const {
  if (e.kind == ir::ExprKind::literal) return e.literal;
  scratch = eval(e, env, depth);
  return scratch;
}

Value Interpreter::row_value(const ir::Decision& d, std::size_t row, const Environment& env, unsigned depth) const {
  const ir::TableRow& r = d.rows[row];
  if (r.outputs.size() != d.outputs.size() || d.outputs.empty()) {
    throw EvalError(fmt::format("row {} of table `{}` has {} output cells for {} outputs", row + 1, d.name,
                                r.outputs.size(), d.outputs.size()));
  }
  auto output = [&](std::size_t k) {
    if (!r.outputs[k]) throw EvalError(fmt::format("row {} of table `{}` has no output #{}", row + 1, d.name, k + 1));
    Value v = eval(*r.outputs[k], env, depth);
    std::optional<Value> typed = conform(v, d.outputs[k].type);
    if (!typed) {
      throw EvalError(fmt::format("row {} of table `{}` gives {} {} for output `{}`, which is a {}", row + 1, d.name,
                                  value_type_name(v), to_string(v), d.outputs[k].name, d.outputs[k].type.name()));
    }
    return *std::move(typed);
  };
  if (d.outputs.size() == 1) return output(0);
  const RecordDef* def = d.row_type.record_def();
  if (def == nullptr || def->fields.size() != d.outputs.size()) {
    throw EvalError(fmt::format("table `{}` has {} outputs but no record type with as many fields", d.name,
                                d.outputs.size()));
  }
  auto record = std::make_shared<RecordValue>();
  record->def = def;
  record->fields.reserve(d.outputs.size());
  for (std::size_t k = 0; k < d.outputs.size(); ++k) record->fields.push_back(output(k));
  return Value(Value::Record(std::move(record)));
}

}  // namespace docket::detail
