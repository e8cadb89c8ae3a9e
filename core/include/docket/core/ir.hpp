// The checked program (IR): what the dsl checker hands to core, fully typed and name-resolved.
//
// Every name is resolved to an index and every expression carries its type, so the lowering
// stage never looks anything up by string except host and plugin functions, which it binds
// against the same FunctionRegistry the checker used.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "docket/core/source.hpp"
#include "docket/core/type.hpp"
#include "docket/core/value.hpp"

namespace docket::ir {

enum class ExprKind : std::uint8_t {
  literal,        // `literal`
  param,          // parameter `index` of the enclosing decision or workflow
  field,          // field `index` of operands[0] (a record)
  step_outcome,   // outcome `index2` of workflow node `index`, set when that step completed
  unary,          // `unary_op` operands[0]
  binary,         // operands[0] `binary_op` operands[1]; and/or short-circuit
  call_decision,  // decision `index` of the module, with operands as arguments
  call_function,  // host or plugin function `callee`, with operands as arguments
  list,           // a list value: the operands are its items (of `type`'s element type)
  record,         // a record value: operands[i] is field i of `type`'s record
  builtin,        // built-in function `index` (a Builtin), with operands as arguments
};

// The built-in functions (FEEL's names and meaning; docs/language.md "Built-in functions").
enum class Builtin : std::uint8_t { min, max, sum, count, abs, floor, ceiling, decimal, string };
inline constexpr std::size_t kBuiltinCount = 9;
[[nodiscard]] const char* builtin_name(Builtin b) noexcept;
// The built-in function called `name`, if there is one.
[[nodiscard]] std::optional<Builtin> find_builtin(std::string_view name) noexcept;

enum class UnaryOp : std::uint8_t { logical_not, negate };
// `in`: the left value equals an element of the right value, a list. (`x in (a, b)` and
// `x in [lo..hi)` are written out by the checker as `==`/`or` and comparisons/`and`.)
// `power` is `**` (a number raised to a number, always a number: `(1 + r) ** -n`).
enum class BinaryOp : std::uint8_t { logical_and, logical_or, eq, ne, lt, le, gt, ge, add, sub, mul, div, in, power };

struct Expr {
  // Ordered so the small members share words, and a function's name kept in `literal`: 104 bytes
  // rather than 152 (a 200,000-line program has 1.6 million of these).
  ExprKind kind = ExprKind::literal;
  UnaryOp unary_op = UnaryOp::logical_not;
  BinaryOp binary_op = BinaryOp::eq;
  std::uint32_t index = 0;
  Type type;
  SourceRange range;
  std::uint32_t index2 = 0;
  Value literal;  // a literal's value; a call_function's name (a text)
  std::vector<std::unique_ptr<Expr>> operands;

  // The name of the host or plugin function a call_function calls.
  [[nodiscard]] const std::string& callee() const { return literal.as_text(); }

  Expr() = default;
  Expr(Expr&&) noexcept = default;
  Expr& operator=(Expr&&) noexcept = default;
  // Tears the operands down with an explicit stack, so a tree of any depth (50,000 `+` built by a
  // host) is destroyed without deep recursion.
  ~Expr();
};
using ExprPtr = std::unique_ptr<Expr>;

struct Param {
  std::string name;
  Type type;
  SourceRange range;
};

// DMN's hit policies. A rule list is always `first`; a table may use any of them.
enum class HitPolicy : std::uint8_t {
  unique,         // at most one row matches (proved by the checker where it can; else an error at run time)
  any,            // rows may overlap, but all matching rows give the same outputs
  priority,       // the matching row whose first output ranks highest (earliest enum member)
  first,          // the first matching row in source order
  output_order,   // every matching row, ranked as under `priority` (a list)
  rule_order,     // every matching row, in source order (a list)
  collect,        // every matching row (a list, in source order)
  collect_sum,    // the sum of the single numeric output over the matching rows (0 when none)
  collect_count,  // how many rows match (int)
  collect_min,    // the least single output over the matching rows (an error when none)
  collect_max,    // the greatest single output over the matching rows (an error when none)
};

// "unique", "output order", "collect sum", ...
[[nodiscard]] const char* hit_policy_name(HitPolicy h) noexcept;

struct Rule {
  std::string label;   // optional analyst's name for the rule
  ExprPtr condition;   // boolean
  ExprPtr result;      // of the decision's result type
  SourceRange range;
};

// One input entry of a table row: what the column's value must be for the row to match.
enum class CellKind : std::uint8_t {
  any,      // `-`
  compare,  // `>= 95`, `!= rural`, or a bare value (an `eq` comparison): operands[0]
  range,    // `[90..95)`: operands[0] low, operands[1] high, with closed or open ends
  one_of,   // `rural, remote`: equal to any operand
  any_of,   // `< 18, >= 60`: a list of tests (Cell::tests), any of which may hold
};

// One test of a cell that lists tests of different kinds (`< 18, [30..40], 65`): compare, range or
// one_of, over the cell's operands [first, first + count).
struct CellTest {
  CellKind kind = CellKind::compare;
  BinaryOp op = BinaryOp::eq;
  bool low_closed = true;
  bool high_closed = true;
  std::uint32_t first = 0;
  std::uint32_t count = 0;
};

struct Cell {
  CellKind kind = CellKind::any;
  BinaryOp op = BinaryOp::eq;       // compare
  bool low_closed = true;           // range
  bool high_closed = true;          // range
  std::vector<ExprPtr> operands;    // typed like the column; usually literals (any_of: every test's, in order)
  std::vector<CellTest> tests;      // any_of only
  bool negated = false;             // `not(...)`: holds when what it wraps does not (never on `any`)
  SourceRange range;
};

// The tests a cell holds by (any may hold; then `negated` flips the answer): an any_of cell's list,
// or the cell itself as one test over all its operands (written to `single`). Empty for `any`.
[[nodiscard]] inline std::span<const CellTest> tests_of(const Cell& cell, CellTest& single) {
  if (cell.kind == CellKind::any) return {};
  if (cell.kind == CellKind::any_of) return cell.tests;
  single = CellTest{cell.kind, cell.op, cell.low_closed, cell.high_closed, 0,
                    static_cast<std::uint32_t>(cell.operands.size())};
  return {&single, 1};
}

// An input column: an expression over the table's parameters (often just one of them).
struct InputColumn {
  std::string label;   // as written in the header, e.g. "c.voltage_kv"
  ExprPtr expr;
  SourceRange range;
};

struct TableRow {
  std::vector<Cell> inputs;       // one per input column
  std::vector<ExprPtr> outputs;   // one per output column
  SourceRange range;
};

struct Decision {
  std::string name;
  std::vector<Param> params;
  Type result;         // rule list: the answer's type. Table: see `row_result` and the hit policy
  HitPolicy hit = HitPolicy::first;
  SourceRange range;
  // The most evaluation steps one call can take (expression nodes, cells and rows visited,
  // called decisions included), computed by the checker. A host can refuse programs above a
  // budget (`docket check --max-cost`).
  std::uint64_t worst_case_cost = 0;

  // A rule list:
  std::vector<Rule> rules;
  ExprPtr otherwise;   // never null after checking a rule list: one without is an error

  // A table (is_table): columns, outputs and rows. With one output a row gives that output's
  // value; with several, a record (`row_type`, named "<table> result") of all outputs.
  bool is_table = false;
  std::vector<InputColumn> columns;
  std::vector<Param> outputs;
  Type row_type;
  std::vector<TableRow> rows;
};

// `parallel` splits: entering it takes every way out at once. `join` merges: it moves on once a
// branch has arrived along every way in. Neither waits for a person, an event or time.
enum class NodeKind : std::uint8_t { start, step, wait, end, parallel, join };

// Whether entering a node of this kind moves on at once, without waiting for anyone.
[[nodiscard]] constexpr bool moves_at_once(NodeKind k) noexcept {
  return k == NodeKind::start || k == NodeKind::parallel || k == NodeKind::join;
}
enum class AssigneeKind : std::uint8_t { none, role, action };

struct Outcome {
  std::string name;
  Type type;
  SourceRange range;
};

struct Node {
  NodeKind kind = NodeKind::step;
  std::string name;
  std::string label;                 // e.g. "现场勘察"; may be empty
  AssigneeKind assignee = AssigneeKind::none;
  std::string action;                // when assignee == action: the action's name, e.g.
  std::vector<ExprPtr> action_args;  // "site.schedule_meter", and its evaluated arguments
  ExprPtr role;                      // when assignee == role: a text expression, often a literal
  std::optional<Duration> within;    // step deadline
  std::vector<Outcome> outcomes;
  SourceRange range;
};

enum class EdgeKind : std::uint8_t {
  always,     // a -> b: taken when a completes and no guard decides otherwise
  when,       // a -> b when guard
  otherwise,  // a -> b otherwise: taken when no `when` guard of a holds
  on_event,   // a -> b on event: taken when `event` arrives while a is active
};

struct Edge {
  std::uint32_t from = 0;  // node indexes
  std::uint32_t to = 0;
  EdgeKind kind = EdgeKind::always;
  ExprPtr guard;           // when kind == when
  std::string event;       // when kind == on_event
  SourceRange range;
};

// What an SLA does when a warning falls due or it is breached.
enum class SlaVerb : std::uint8_t { notify, supervise, escalate };

struct SlaAction {
  SlaVerb verb = SlaVerb::notify;
  std::int64_t level = 0;            // escalate level N (0 when not given)
  AssigneeKind assignee = AssigneeKind::role;
  ExprPtr role;                      // assignee == role: a text expression
  std::string action;                // assignee == action: the action's name
  std::vector<ExprPtr> action_args;
  SourceRange range;
};

struct SlaWarning {
  std::optional<std::int64_t> percent;  // `warn at 50%`: of the target, 1..99
  std::optional<Duration> before;       // `warn at 2h before`: before the due time
  SlaAction action;
  SourceRange range;
};

// A rung of the escalation ladder: `breach -> ...` at the due time, `breach after 4h -> ...` later.
struct SlaBreach {
  Duration after{0, DurationUnit::seconds};  // past the due time (clock or business time)
  SlaAction action;
  SourceRange range;
};

// A service-level agreement on a workflow: a clock that starts when `start` is entered, stops when
// any of `stop` is entered (or the instance ends), and pauses while any of `pause` is active;
// entering one of `cancel` cancels it, entering one of `reset` starts it afresh. Run by the engine
// (core/src/run/sla_clock.hpp; conventions in docs/sla.md).
struct Sla {
  std::string name;
  ExprPtr target;                       // duration, evaluated when the clock starts
  std::optional<std::uint16_t> by_minute;  // `target 1 workday by 16:00`: minute of the local day
  std::uint32_t start = 0;              // node index; 0 is the workflow's start
  std::vector<std::uint32_t> stop;      // node indexes
  std::vector<std::uint32_t> pause;     // node indexes
  std::vector<std::uint32_t> cancel;    // node indexes
  std::vector<std::uint32_t> reset;     // node indexes
  std::vector<SlaWarning> warnings;     // in ascending order of when they fall due
  std::vector<SlaBreach> breaches;      // the escalation ladder, in ascending order of `after`
  SourceRange range;
};

// `repeat every EVERY for WINDOW` or `repeat every EVERY times COUNT`: the engine starts the
// workflow again, with the same arguments, at each later occurrence of a series that counts from
// the first instance's start (docs/language.md, "Recurrences"). Evaluated when an instance starts.
struct Repeat {
  ExprPtr every;   // duration: clock time or calendar months
  ExprPtr window;  // duration: occurrences before origin + window; null with `times`
  ExprPtr times;   // int: instances in all, the first included; null with `for`
  SourceRange range;
};

struct Workflow {
  std::string name;
  std::string label;
  std::string calendar;    // empty: clock time only
  std::vector<Param> params;
  std::vector<Node> nodes; // nodes[0] is always the start node
  std::vector<Edge> edges; // in source order; guards of one node are tried in this order
  std::vector<Sla> slas;
  std::optional<Repeat> repeat;
  SourceRange range;

  [[nodiscard]] std::optional<std::uint32_t> find_node(std::string_view name) const;
};

// A line of an analyst's `test` block. In a test's expressions, parameter 0 is `now`, the test's clock.
enum class TestStepKind : std::uint8_t {
  expect,            // `value` (a bool) holds
  expect_active,     // exactly `nodes` are active
  expect_ended,      // the instance ended at `nodes[0]`
  expect_escalated,  // SLA `sla` (any SLA when not set) escalated to level `level` [at `when`]
  expect_due,        // SLA `sla` is (or was, when it stopped breached) due at `when`
  expect_warned,     // a warning of SLA `sla` fell due at `when`
  expect_breached,   // SLA `sla` breached at `when`
  expect_action,     // action `action` [to role `role`] was sent [at `when`]
  expect_started,    // an instance of `workflow` started at `when`, or `value` (an int) of them started
  at,                // the clock is set to `value` (a time) before anything starts
  start,             // workflow `workflow` starts with `args`
  complete,          // step `nodes[0]` completes with `outcomes`
  signal,            // `event` arrives
  advance,           // the clock moves on by `value` (a duration)
  advance_to,        // the clock moves on to `value` (a time); timers fire at their own times on the way
};

struct TestOutcome {
  std::uint32_t index = 0;  // in the step's outcomes
  ExprPtr value;
};

struct TestStep {
  TestStepKind kind = TestStepKind::expect;
  ExprPtr value;
  std::uint32_t workflow = 0;
  std::vector<ExprPtr> args;
  std::vector<std::uint32_t> nodes;   // node indexes in `workflow`
  std::vector<TestOutcome> outcomes;
  std::string event;
  std::int64_t level = 0;
  std::optional<std::uint32_t> sla;   // an SLA index in `workflow`
  std::string action;                 // expect_action: the action's name (`notify`, `site.schedule_meter`)
  ExprPtr role;                       // expect_action: the role it must go to (text), when given
  ExprPtr when;                       // the expectations' `at TIME`, when given
  SourceRange range;
};

// `test "name" { ... }`: expectations about decisions, or a scenario through one workflow.
struct Test {
  std::string name;
  std::vector<TestStep> steps;
  SourceRange range;
};

// One checked program. Enum and record definitions live in deques so Types can point at them.
struct Module {
  std::string name;
  std::deque<EnumDef> enums;
  std::deque<RecordDef> records;
  std::deque<ListDef> lists;         // interned by list_of()
  std::vector<Decision> decisions;
  std::vector<Workflow> workflows;
  std::vector<Test> tests;

  [[nodiscard]] const Decision* find_decision(std::string_view name) const;
  [[nodiscard]] const Workflow* find_workflow(std::string_view name) const;
  [[nodiscard]] const RecordDef* find_record(std::string_view name) const;
  [[nodiscard]] const EnumDef* find_enum(std::string_view name) const;
  // The list type of `element`, created once per program.
  Type list_of(Type element);
};

}  // namespace docket::ir
