// The tree-walking expression interpreter: evaluates checked ir::Expr trees and decisions.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <unordered_map>
#include <vector>

#include "docket/core/functions.hpp"
#include "docket/core/ir.hpp"
#include "docket/core/value.hpp"

namespace docket::detail {

// Each call_function expression bound, at lowering, to its registry entry.
class FunctionBindings {
 public:
  void bind(const ir::Expr& call, const Function& function) { map_[&call] = &function; }
  [[nodiscard]] const Function* find(const ir::Expr& call) const {
    auto it = map_.find(&call);
    return it == map_.end() ? nullptr : it->second;
  }
  [[nodiscard]] std::size_t size() const noexcept { return map_.size(); }

 private:
  std::unordered_map<const ir::Expr*, const Function*> map_;
};

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

// Calls host or plugin function `fn`, bound to `call`, on evaluated arguments, and checks the
// result against its signature. Throws EvalError naming the function when it fails.
[[nodiscard]] Value call_bound_function(const ir::Expr& call, const Function& fn, std::span<const Value> args);

// Stateless and thread-safe once built; every failure is an EvalError with a clear message.
class Interpreter {
 public:
  // Both must outlive the interpreter.
  Interpreter(const ir::Module& module, const FunctionBindings& bindings) : module_(&module), bindings_(&bindings) {}

  [[nodiscard]] Value evaluate(const ir::Expr& expr, const Environment& env) const;
  // Evaluates decision `index` of the module on the given arguments: a rule list (hit first) or a
  // table under its hit policy.
  [[nodiscard]] DecisionResult decide(std::size_t index, std::span<const Value> args) const;
  // The same, as a call `depth` decisions deep (for evaluators that hand a nested call over).
  [[nodiscard]] DecisionResult decide_nested(std::size_t index, std::span<const Value> args, unsigned depth) const {
    return decide_at(index, args, depth);
  }
  // The rows of table `index` that match the arguments, 0-based in source order (for explaining
  // an answer). Throws EvalError when the decision is not a table.
  [[nodiscard]] std::vector<std::size_t> matching_rows(std::size_t index, std::span<const Value> args) const;
  [[nodiscard]] const ir::Module& module() const noexcept { return *module_; }
  [[nodiscard]] const FunctionBindings& bindings() const noexcept { return *bindings_; }

  // Nesting limit for decisions calling decisions (the checker should reject recursion).
  static constexpr unsigned max_depth = 200;

 private:
  [[nodiscard]] Value eval(const ir::Expr& expr, const Environment& env, unsigned depth) const;
  [[nodiscard]] DecisionResult decide_at(std::size_t index, std::span<const Value> args, unsigned depth) const;
  [[nodiscard]] const ir::Decision& decision_at(std::size_t index, std::span<const Value> args, unsigned depth) const;

  // Decision tables (table_eval.cpp).
  [[nodiscard]] DecisionResult decide_table(const ir::Decision& d, const Environment& env, unsigned depth) const;
  [[nodiscard]] std::vector<Value> column_values(const ir::Decision& d, const Environment& env, unsigned depth) const;
  // Matching rows in source order, stopping after `limit` of them.
  [[nodiscard]] std::vector<std::size_t> match_rows(const ir::Decision& d, std::span<const Value> inputs,
                                                    const Environment& env, unsigned depth, std::size_t limit) const;
  [[nodiscard]] bool cell_matches(const ir::Cell& cell, const Value& input, const Environment& env,
                                  unsigned depth) const;
  [[nodiscard]] const Value& operand(const ir::Expr& e, const Environment& env, unsigned depth, Value& scratch) const;
  // The value of one row: its single output, or a record of all outputs (`row_type`).
  [[nodiscard]] Value row_value(const ir::Decision& d, std::size_t row, const Environment& env, unsigned depth) const;
  [[nodiscard]] Value logical(const ir::Expr& expr, const Environment& env, unsigned depth) const;
  [[nodiscard]] Value call_function(const ir::Expr& expr, const Environment& env, unsigned depth) const;
  [[nodiscard]] Value step_outcome(const ir::Expr& expr, const Environment& env) const;
  [[nodiscard]] std::vector<Value> arguments(const ir::Expr& expr, const Environment& env, unsigned depth) const;

  const ir::Module* module_;
  const FunctionBindings* bindings_;
};

}  // namespace docket::detail
