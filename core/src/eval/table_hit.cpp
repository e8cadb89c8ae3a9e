// Hit policies of decision tables: picking, ordering, checking and aggregating matching rows.
#include "eval/table_hit.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <memory>

#include "eval/eval_error.hpp"
#include "eval/operators.hpp"
#include "eval/value_check.hpp"

namespace docket::detail {

namespace {

using ir::HitPolicy;

// The value of a row's first output: the value itself with one output, else the record's first field.
const Value& first_output(const Value& row_value) {
  if (row_value.holds<Value::Record>() && !row_value.as_record().fields.empty()) {
    return row_value.as_record().fields.front();
  }
  return row_value;
}

// Where the first output's value stands in its enum: 0 ranks highest.
std::uint32_t priority_rank(const ir::Decision& table, const RowValue& r) {
  const Value& v = table.outputs.size() == 1 ? r.value : first_output(r.value);
  if (!v.holds<EnumValue>()) {
    throw EvalError(fmt::format("table `{}` ranks rows by its first output under hit policy {}, so it must be an "
                                "enum, but row {} gives {} {}",
                                table.name, ir::hit_policy_name(table.hit), r.row + 1, value_type_name(v),
                                to_string(v)));
  }
  return v.as_enum().index;
}

// Whether row `a` ranks above row `b` on the outputs after the first (DMN: each output with an
// order of values in turn): the first later enum output where they differ decides; outputs of
// other types have no order and are passed over. False when they tie throughout.
bool ranks_above_after_first(const ir::Decision& table, const RowValue& a, const RowValue& b) {
  if (table.outputs.size() < 2 || !a.value.holds<Value::Record>() || !b.value.holds<Value::Record>()) return false;
  const std::vector<Value>& x = a.value.as_record().fields;
  const std::vector<Value>& y = b.value.as_record().fields;
  for (std::size_t i = 1; i < table.outputs.size() && i < x.size() && i < y.size(); ++i) {
    if (table.outputs[i].type.kind() != TypeKind::enumeration || !x[i].holds<EnumValue>() ||
        !y[i].holds<EnumValue>()) {
      continue;
    }
    if (x[i].as_enum().index != y[i].as_enum().index) return x[i].as_enum().index < y[i].as_enum().index;
  }
  return false;
}

// The first matching row; the callers report "no row matches" with the inputs before asking.
const RowValue& front_of(const ir::Decision& table, std::span<const RowValue> rows) {
  if (rows.empty()) throw EvalError(fmt::format("no row of table `{}` matches", table.name));
  return rows.front();
}

void require_single_output(const ir::Decision& table) {
  if (table.outputs.size() != 1) {
    throw EvalError(fmt::format("table `{}` has {} outputs, but hit policy {} aggregates exactly one",
                                table.name, table.outputs.size(), ir::hit_policy_name(table.hit)));
  }
}

Value make_list(std::vector<Value> items) {
  return Value(Value::List(std::make_shared<const std::vector<Value>>(std::move(items))));
}

// A zero of the sum's type. A duration takes the unit of the first row whose output is a duration
// literal, so that a sum over business durations stays in business units.
Value zero_of(const ir::Decision& table) {
  switch (table.result.kind()) {
    case TypeKind::number: return 0.0;
    case TypeKind::duration:
      for (const ir::TableRow& row : table.rows) {
        if (!row.outputs.empty() && row.outputs[0] && row.outputs[0]->kind == ir::ExprKind::literal &&
            row.outputs[0]->literal.holds<Duration>()) {
          return Duration{0, row.outputs[0]->literal.as_duration().unit};
        }
      }
      return Duration{};
    default: return std::int64_t{0};
  }
}

// A test of a cell: none (the input's, or a cell's `none`) equals only none and is never below or above.
bool holds(ir::BinaryOp op, const Value& a, const Value& b) {
  if (a.empty() || b.empty()) {
    if (op == ir::BinaryOp::eq) return a.empty() && b.empty();
    return op == ir::BinaryOp::ne && !(a.empty() && b.empty());
  }
  return apply_binary(op, a, b, Type::boolean()).as_bool();
}

}  // namespace

bool cell_holds(const ir::Cell& cell, const Value& input, const CellOperand& operand) {
  Value scratch;
  auto at = [&](std::size_t i) -> const Value& {
    if (i >= cell.operands.size() || !cell.operands[i]) throw EvalError("a table cell is missing an operand");
    return operand(*cell.operands[i], scratch);
  };
  auto test_holds = [&](const ir::CellTest& t) {
    switch (t.kind) {
      case ir::CellKind::compare:
        if (!is_comparison(t.op)) {
          throw EvalError(fmt::format("a cell compares with {}, which is not a comparison", operator_text(t.op)));
        }
        return holds(t.op, input, at(t.first));
      case ir::CellKind::range: {
        const ir::BinaryOp low_op = t.low_closed ? ir::BinaryOp::le : ir::BinaryOp::lt;
        const ir::BinaryOp high_op = t.high_closed ? ir::BinaryOp::le : ir::BinaryOp::lt;
        if (!holds(low_op, at(t.first), input)) return false;
        return holds(high_op, input, at(t.first + 1));
      }
      case ir::CellKind::one_of:
        for (std::size_t i = t.first; i < t.first + t.count; ++i) {
          if (holds(ir::BinaryOp::eq, input, at(i))) return true;
        }
        return false;
      default: throw EvalError("unknown kind of table cell test");
    }
  };
  if (cell.kind == ir::CellKind::any) return true;
  // Left to right, stopping at the first test that holds (as DMN's lists of unary tests).
  bool any = false;
  ir::CellTest single;
  for (const ir::CellTest& t : ir::tests_of(cell, single)) {
    if (test_holds(t)) {
      any = true;
      break;
    }
  }
  return cell.negated ? !any : any;
}

Value typed_output(const ir::Decision& d, std::size_t row, std::size_t k, const Value& v) {
  std::optional<Value> typed = conform(v, d.outputs[k].type);
  if (!typed) {
    throw EvalError(fmt::format("row {} of table `{}` gives {} {} for output `{}`, which is a {}", row + 1, d.name,
                                value_type_name(v), to_string(v), d.outputs[k].name, d.outputs[k].type.name()));
  }
  return *std::move(typed);
}

Value row_value_of(const ir::Decision& d, std::size_t row, const std::function<Value(std::size_t k)>& output) {
  const ir::TableRow& r = d.rows[row];
  if (r.outputs.size() != d.outputs.size() || d.outputs.empty()) {
    throw EvalError(fmt::format("row {} of table `{}` has {} output cells for {} outputs", row + 1, d.name,
                                r.outputs.size(), d.outputs.size()));
  }
  for (std::size_t k = 0; k < r.outputs.size(); ++k) {
    if (!r.outputs[k]) throw EvalError(fmt::format("row {} of table `{}` has no output #{}", row + 1, d.name, k + 1));
  }
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

std::size_t rows_needed(const ir::Decision& table) noexcept {
  if (table.hit == HitPolicy::first) return 1;
  if (table.hit == HitPolicy::unique) return 2;  // a second match is already an error
  return table.rows.size();
}

DecisionResult table_answer(const ir::Decision& d, std::span<const std::size_t> rows,
                            const std::function<std::span<const Value>()>& inputs,
                            const std::function<Value(std::size_t row)>& row_value,
                            const std::function<Value()>& otherwise) {
  DecisionResult result;
  if (rows.empty() && d.otherwise) {
    // A list-answering table's `otherwise` is its one row then (DMN's default output entries).
    const bool listed = d.hit == HitPolicy::collect || d.hit == HitPolicy::rule_order || d.hit == HitPolicy::output_order;
    result.value = listed ? make_list({otherwise()}) : otherwise();
  } else if (d.hit == HitPolicy::collect_count) {
    result.value = static_cast<std::int64_t>(rows.size());
  } else {
    if (rows.empty() && d.result.may_be_none() && d.hit != HitPolicy::collect_count) {
      return result;  // `-> T or none`: no matching row answers none (DMN's null)
    }
    if (rows.empty() && needs_a_matching_row(d.hit)) throw_no_row_matches(d, inputs());
    if (d.hit == HitPolicy::unique && rows.size() > 1) throw_not_unique(d, inputs(), rows[0], rows[1]);
    std::vector<RowValue> values;
    values.reserve(rows.size());
    for (std::size_t row : rows) values.push_back({row, row_value(row)});
    auto single = [&](const RowValue& r) {
      result.value = r.value;
      result.rule = r.row;
    };
    switch (d.hit) {
      case HitPolicy::unique:
      case HitPolicy::first: single(values.front()); break;
      case HitPolicy::any: single(agreed_row(d, inputs(), values)); break;
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

bool needs_a_matching_row(HitPolicy hit) noexcept {
  switch (hit) {
    case HitPolicy::unique:
    case HitPolicy::any:
    case HitPolicy::priority:
    case HitPolicy::first:
    case HitPolicy::collect_min:
    case HitPolicy::collect_max: return true;
    default: return false;
  }
}

std::string describe_inputs(const ir::Decision& table, std::span<const Value> inputs) {
  if (inputs.empty()) return "(the table has no input columns)";
  std::string out;
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    if (i > 0) out += ", ";
    const std::string label = i < table.columns.size() ? table.columns[i].label : fmt::format("#{}", i + 1);
    out += fmt::format("{} = {}", label, to_string(inputs[i]));
  }
  return out;
}

void throw_no_row_matches(const ir::Decision& table, std::span<const Value> inputs) {
  if (table.hit == HitPolicy::collect_min || table.hit == HitPolicy::collect_max) {
    throw EvalError(fmt::format("no row of table `{}` matches, so {} has no value: {}", table.name,
                                ir::hit_policy_name(table.hit), describe_inputs(table, inputs)));
  }
  throw EvalError(fmt::format("no row of table `{}` matches: {}", table.name, describe_inputs(table, inputs)));
}

void throw_not_unique(const ir::Decision& table, std::span<const Value> inputs, std::size_t first,
                      std::size_t second) {
  throw EvalError(fmt::format("rows {} and {} of table `{}` both match, but its hit policy is unique: {}", first + 1,
                              second + 1, table.name, describe_inputs(table, inputs)));
}

const RowValue& agreed_row(const ir::Decision& table, std::span<const Value> inputs, std::span<const RowValue> rows) {
  const RowValue& first = front_of(table, rows);
  for (const RowValue& other : rows.subspan(1)) {
    if (!(other.value == first.value)) {
      throw EvalError(fmt::format("rows {} and {} of table `{}` both match but give different outputs ({} and {}), "
                                  "and its hit policy is any: {}",
                                  first.row + 1, other.row + 1, table.name, to_string(first.value),
                                  to_string(other.value), describe_inputs(table, inputs)));
    }
  }
  return first;
}

const RowValue& priority_row(const ir::Decision& table, std::span<const RowValue> rows) {
  const RowValue* best = &front_of(table, rows);
  std::uint32_t best_rank = priority_rank(table, *best);
  for (const RowValue& r : rows.subspan(1)) {
    std::uint32_t rank = priority_rank(table, r);
    if (rank < best_rank || (rank == best_rank && ranks_above_after_first(table, r, *best))) {
      best = &r;
      best_rank = rank;
    }
  }
  return *best;
}

Value priority_ordered_list(const ir::Decision& table, std::span<const RowValue> rows) {
  std::vector<std::pair<std::uint32_t, const RowValue*>> ranked;
  ranked.reserve(rows.size());
  for (const RowValue& r : rows) ranked.emplace_back(priority_rank(table, r), &r);
  // Stable: rows that tie on every enum output keep their order in the table.
  std::stable_sort(ranked.begin(), ranked.end(), [&table](const auto& a, const auto& b) {
    return a.first != b.first ? a.first < b.first : ranks_above_after_first(table, *a.second, *b.second);
  });
  std::vector<Value> items;
  items.reserve(ranked.size());
  for (const auto& [rank, row] : ranked) items.push_back(row->value);
  return make_list(std::move(items));
}

Value values_list(std::span<const RowValue> rows) {
  std::vector<Value> items;
  items.reserve(rows.size());
  for (const RowValue& r : rows) items.push_back(r.value);
  return make_list(std::move(items));
}

Value sum_of(const ir::Decision& table, std::span<const RowValue> rows) {
  require_single_output(table);
  if (rows.empty()) return zero_of(table);
  Value sum = rows.front().value;
  for (const RowValue& r : rows.subspan(1)) sum = apply_binary(ir::BinaryOp::add, sum, r.value, table.result);
  return sum;
}

Value extreme_of(const ir::Decision& table, std::span<const RowValue> rows, bool greatest) {
  require_single_output(table);
  const ir::BinaryOp better = greatest ? ir::BinaryOp::gt : ir::BinaryOp::lt;
  const Value* best = &front_of(table, rows).value;
  for (const RowValue& r : rows) {
    if (r.value.empty()) return {};  // a row answering none makes the min or max none (FEEL's min of a null)
  }
  for (const RowValue& r : rows.subspan(1)) {
    if (apply_binary(better, r.value, *best, Type::boolean()).as_bool()) best = &r.value;
  }
  return *best;
}

}  // namespace docket::detail
