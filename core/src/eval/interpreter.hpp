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

// The answer of a decision and which rule gave it (nullopt: the otherwise branch).
struct DecisionResult {
  Value value;
  std::optional<std::size_t> rule;
};

// Stateless and thread-safe once built; every failure is an EvalError with a clear message.
class Interpreter {
 public:
  // Both must outlive the interpreter.
  Interpreter(const ir::Module& module, const FunctionBindings& bindings) : module_(&module), bindings_(&bindings) {}

  [[nodiscard]] Value evaluate(const ir::Expr& expr, const Environment& env) const;
  // Evaluates decision `index` of the module, hit first, on the given arguments.
  [[nodiscard]] DecisionResult decide(std::size_t index, std::span<const Value> args) const;
  [[nodiscard]] const ir::Module& module() const noexcept { return *module_; }

  // Nesting limit for decisions calling decisions (the checker should reject recursion).
  static constexpr unsigned max_depth = 200;

 private:
  [[nodiscard]] Value eval(const ir::Expr& expr, const Environment& env, unsigned depth) const;
  [[nodiscard]] DecisionResult decide_at(std::size_t index, std::span<const Value> args, unsigned depth) const;
  [[nodiscard]] Value logical(const ir::Expr& expr, const Environment& env, unsigned depth) const;
  [[nodiscard]] Value call_function(const ir::Expr& expr, const Environment& env, unsigned depth) const;
  [[nodiscard]] Value step_outcome(const ir::Expr& expr, const Environment& env) const;
  [[nodiscard]] std::vector<Value> arguments(const ir::Expr& expr, const Environment& env, unsigned depth) const;

  const ir::Module* module_;
  const FunctionBindings* bindings_;
};

}  // namespace docket::detail
