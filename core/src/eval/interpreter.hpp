// The tree-walking expression interpreter: evaluates checked ir::Expr trees and decisions.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "docket/core/functions.hpp"
#include "docket/core/ir.hpp"
#include "docket/core/ir_limits.hpp"
#include "docket/core/value.hpp"
#include "eval/function_bindings.hpp"

namespace docket::detail {

// What an expression can read: the parameters of its decision or workflow and, inside a
// workflow, the outcomes of steps that completed (outcomes[node][outcome]; empty: not set).
struct Environment {
  std::span<const Value> params;
  const ir::Workflow* workflow = nullptr;
  std::span<const std::vector<Value>> outcomes;
};

// The answer of a decision and which rule gave it (nullopt: the otherwise branch). For a table,
// `rule` is the row that gave the answer under unique, any, priority and first, and nullopt under
// the policies that combine rows (matching_rows lists those).
struct DecisionResult {
  Value value;
  std::optional<std::size_t> rule;
};

// Answers the decision calls a workflow expression makes at its top level (a guard's
// `segment(app.customer) == vip`), for an evaluator that runs decisions faster than the interpreter.
class DecisionCaller {
 public:
  virtual ~DecisionCaller() = default;
  [[nodiscard]] virtual DecisionResult call(std::size_t index, std::span<const Value> args) const = 0;
};

// Calls host or plugin function `fn`, bound to `call`, on evaluated arguments, and checks the
// result against its signature. Throws EvalError naming the function when it fails.
[[nodiscard]] Value call_bound_function(const ir::Expr& call, const Function& fn, std::span<const Value> args);
// Whether a call of a decision with `params` is not made because an argument is none where its parameter
// takes no none: the call answers none then (FEEL's null propagation; docs/language.md "No value: none").
[[nodiscard]] bool skips_none(std::span<const Value> args, const std::vector<ir::Param>& params);

// One evaluation under way: how deeply decisions call decisions, and the steps counted so far
// against the program's step budget. A decision call counts its own worst case (ir_limits.hpp's
// DecisionBounds::own_cost) when it starts, so an evaluation never counts more steps than the
// checker's worst case for it, and the compiled evaluator, which runs only decisions whose whole
// worst case fits the budget, can never fail where the interpreter would not.
struct Walk {
  unsigned depth = 0;
  std::uint64_t steps = 0;
  bool route = false;  // top-level decision calls go to the interpreter's DecisionCaller
};

// Stateless and thread-safe once built; every failure is an EvalError with a clear message.
class Interpreter {
 public:
  // Both must outlive the interpreter. `own_costs` holds each decision's own worst case (empty:
  // no step counting, for tests of the interpreter alone).
  Interpreter(const ir::Module& module, const FunctionBindings& bindings, std::vector<std::uint64_t> own_costs = {},
              std::uint64_t step_budget = ir::kDefaultStepBudget)
      : module_(&module), bindings_(&bindings), own_costs_(std::move(own_costs)), step_budget_(step_budget) {}

  [[nodiscard]] Value evaluate(const ir::Expr& expr, const Environment& env) const;
  // Whether every decision call in `expr` fits the step budget together (their worst cases added).
  [[nodiscard]] bool calls_fit_budget(const ir::Expr& expr) const;
  // The same, as part of a longer walk (an explanation counts its steps across many evaluations).
  [[nodiscard]] Value evaluate(const ir::Expr& expr, const Environment& env, Walk& walk) const {
    return eval(expr, env, walk);
  }
  // Evaluates decision `index` of the module on the given arguments: a rule list (hit first) or a
  // table under its hit policy.
  [[nodiscard]] DecisionResult decide(std::size_t index, std::span<const Value> args) const;
  // The same, as a call `depth` decisions deep (for evaluators that hand a nested call over).
  [[nodiscard]] DecisionResult decide_nested(std::size_t index, std::span<const Value> args, unsigned depth) const {
    Walk walk{depth, 0};
    return decide_at(index, args, walk);
  }
  // Counts a call of decision `index` (already one level deeper in `walk`): throws EvalError when
  // the walk nests deeper than max_depth or goes beyond the step budget.
  void enter(std::size_t index, Walk& walk) const;
  [[nodiscard]] std::uint64_t step_budget() const noexcept { return step_budget_; }
  // Decision calls of the expressions evaluate() is given (not those inside decisions) go to
  // `caller` when the worst cases of every call in the expression fit the step budget together, so
  // the budget stops exactly the evaluations it would stop here. Set before the interpreter is shared.
  void route_calls(const DecisionCaller* caller) noexcept { caller_ = caller; }
  // The rows of table `index` that match the arguments, 0-based in source order (for explaining
  // an answer). Throws EvalError when the decision is not a table.
  [[nodiscard]] std::vector<std::size_t> matching_rows(std::size_t index, std::span<const Value> args) const;
  [[nodiscard]] const ir::Module& module() const noexcept { return *module_; }
  [[nodiscard]] const FunctionBindings& bindings() const noexcept { return *bindings_; }
  // Whether one table cell holds for its column's value (for explanations, which test row by row).
  [[nodiscard]] bool test_cell(const ir::Cell& cell, const Value& input, const Environment& env) const {
    Walk walk;
    return cell_matches(cell, input, env, walk);
  }

  // Nesting limit for decisions calling decisions: a backstop, since the checker and lowering
  // refuse calls that nest deeper than ir::kMaxNesting levels (or in a cycle).
  static constexpr unsigned max_depth = ir::kMaxNesting;

 private:
  [[nodiscard]] Value eval(const ir::Expr& expr, const Environment& env, Walk& walk) const;
  [[nodiscard]] DecisionResult decide_at(std::size_t index, std::span<const Value> args, Walk& walk) const;
  [[nodiscard]] const ir::Decision& decision_at(std::size_t index, std::span<const Value> args, Walk& walk) const;

  // Decision tables (table_eval.cpp).
  [[nodiscard]] DecisionResult decide_table(const ir::Decision& d, const Environment& env, Walk& walk) const;
  [[nodiscard]] std::vector<Value> column_values(const ir::Decision& d, const Environment& env, Walk& walk) const;
  // Matching rows in source order, stopping after `limit` of them.
  [[nodiscard]] std::vector<std::size_t> match_rows(const ir::Decision& d, std::span<const Value> inputs,
                                                    const Environment& env, Walk& walk, std::size_t limit) const;
  [[nodiscard]] bool cell_matches(const ir::Cell& cell, const Value& input, const Environment& env,
                                  Walk& walk) const;
  [[nodiscard]] const Value& operand(const ir::Expr& e, const Environment& env, Walk& walk, Value& scratch) const;
  // The value of one row: its single output, or a record of all outputs (`row_type`).
  [[nodiscard]] Value row_value(const ir::Decision& d, std::size_t row, const Environment& env, Walk& walk) const;
  [[nodiscard]] Value logical(const ir::Expr& expr, const Environment& env, Walk& walk) const;
  [[nodiscard]] Value call_function(const ir::Expr& expr, const Environment& env, Walk& walk) const;
  [[nodiscard]] Value step_outcome(const ir::Expr& expr, const Environment& env) const;
  [[nodiscard]] std::vector<Value> arguments(const ir::Expr& expr, const Environment& env, Walk& walk) const;

  const ir::Module* module_;
  const FunctionBindings* bindings_;
  std::vector<std::uint64_t> own_costs_;
  std::uint64_t step_budget_;
  const DecisionCaller* caller_ = nullptr;
};

}  // namespace docket::detail
