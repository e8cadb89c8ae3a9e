// Hit policies of decision tables: how the values of the matching rows become one answer.
#pragma once

#include <cstddef>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "docket/core/ir.hpp"
#include "docket/core/value.hpp"
#include "eval/interpreter.hpp"

namespace docket::detail {

// A matching row (0-based, in source order) and the value it gives.
struct RowValue {
  std::size_t row = 0;
  Value value;
};

// Operand i of a cell: a literal in place, or a computed value put in `scratch`.
using CellOperand = std::function<const Value&(const ir::Expr& operand, Value& scratch)>;

// Whether a cell holds for its column's value `input` (a row matches when all its cells hold).
// Throws EvalError on a cell that is not a comparison, or when a comparison fails.
[[nodiscard]] bool cell_holds(const ir::Cell& cell, const Value& input, const CellOperand& operand);

// Output k of a row checked against the output's type (an int is kept as a number).
[[nodiscard]] Value typed_output(const ir::Decision& table, std::size_t row, std::size_t k, const Value& v);
// A row's value from its outputs (`output(k)` gives output k, typed): that output when the table
// has one, else a record (`row_type`) of all of them.
[[nodiscard]] Value row_value_of(const ir::Decision& table, std::size_t row,
                                 const std::function<Value(std::size_t k)>& output);

// How many matching rows the hit policy needs before it can answer (first 1, unique 2, else all).
[[nodiscard]] std::size_t rows_needed(const ir::Decision& table) noexcept;

// The table's answer from its matching rows (0-based, source order, as many as rows_needed):
// the policy's checks (a row is needed, unique), each row's value from `row_value`, their
// combination, and the result type. `inputs()` gives the column values for messages. When no row
// matches and the table has an `otherwise` (table.otherwise), the answer is `otherwise()`, with no rule.
[[nodiscard]] DecisionResult table_answer(const ir::Decision& table, std::span<const std::size_t> rows,
                                          const std::function<std::span<const Value>()>& inputs,
                                          const std::function<Value(std::size_t row)>& row_value,
                                          const std::function<Value()>& otherwise);

// Whether the policy has no answer when no row matches (unique, any, priority, first, min, max).
[[nodiscard]] bool needs_a_matching_row(ir::HitPolicy hit) noexcept;

// "c.voltage_kv = 35, c.area = rural": the inputs of one call, for error messages.
[[nodiscard]] std::string describe_inputs(const ir::Decision& table, std::span<const Value> inputs);

// "no row of table `t` matches: x = 5" (with the policy's reason for min and max).
[[noreturn]] void throw_no_row_matches(const ir::Decision& table, std::span<const Value> inputs);
// "rows 1 and 3 of table `t` both match, but its hit policy is unique: x = 5".
[[noreturn]] void throw_not_unique(const ir::Decision& table, std::span<const Value> inputs, std::size_t first,
                                   std::size_t second);

// `any`: the row whose value every matching row shares; throws naming two rows that disagree.
[[nodiscard]] const RowValue& agreed_row(const ir::Decision& table, std::span<const Value> inputs,
                                         std::span<const RowValue> rows);
// `priority`: the row whose first output is the earliest member of its enum; ties are ranked by the
// next enum output, and so on; rows that tie on every enum output go to the earlier row.
[[nodiscard]] const RowValue& priority_row(const ir::Decision& table, std::span<const RowValue> rows);
// `output order`: every row's value, ranked as under `priority` (stable).
[[nodiscard]] Value priority_ordered_list(const ir::Decision& table, std::span<const RowValue> rows);
// `rule order`, `collect`: every row's value in source order.
[[nodiscard]] Value values_list(std::span<const RowValue> rows);
// `collect sum`: the sum of the single output (0, 0.0 or a zero duration when no row matches).
[[nodiscard]] Value sum_of(const ir::Decision& table, std::span<const RowValue> rows);
// `collect min` / `collect max`: the least or greatest single output; ties go to the earlier row.
[[nodiscard]] Value extreme_of(const ir::Decision& table, std::span<const RowValue> rows, bool greatest);

}  // namespace docket::detail
