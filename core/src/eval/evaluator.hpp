// Evaluator: the one seam through which decisions and workflow expressions are evaluated.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "docket/core/eval_mode.hpp"
#include "docket/core/ir.hpp"
#include "docket/core/ir_limits.hpp"
#include "docket/core/value.hpp"
#include "eval/function_bindings.hpp"
#include "eval/interpreter.hpp"

namespace docket::detail {

// What an evaluator evaluates: the checked IR, its bound function calls and each decision's own
// worst case (ir_limits.hpp) with the step budget. The module and bindings must outlive the
// evaluator; `keep_alive` holds their owner (a lowered Program) when there is one.
struct EvalSource {
  const ir::Module* module = nullptr;
  const FunctionBindings* bindings = nullptr;
  std::vector<std::uint64_t> own_costs;
  std::uint64_t step_budget = ir::kDefaultStepBudget;
  std::shared_ptr<const void> keep_alive;

  [[nodiscard]] Interpreter interpreter() const { return Interpreter(*module, *bindings, own_costs, step_budget); }
};

// Immutable and thread-safe once built. Every implementation gives the interpreter's answers, rules
// and error messages (EvalError); tests/eval compares them.
class Evaluator {
 public:
  virtual ~Evaluator() = default;
  [[nodiscard]] virtual EvalMode mode() const noexcept = 0;
  // An expression outside decisions: a guard, role, action argument, SLA target, test expectation.
  [[nodiscard]] virtual Value evaluate(const ir::Expr& expr, const Environment& env) const = 0;
  // Decision `index` of the module on one value per parameter.
  [[nodiscard]] virtual DecisionResult decide(std::size_t index, std::span<const Value> args) const = 0;
  // The reference interpreter over the same program (explanations walk it).
  [[nodiscard]] virtual const Interpreter& reference() const noexcept = 0;
};

// The interpreter itself behind the seam.
[[nodiscard]] std::unique_ptr<Evaluator> make_interpreter_evaluator(EvalSource source);
// Compiled decisions for every decision of the module (compiled/compiled_evaluator.cpp); workflow
// expressions are interpreted around them, their decision calls answered compiled.
[[nodiscard]] std::unique_ptr<Evaluator> make_compiled_evaluator(EvalSource source);
// The LLVM ORC JIT over the compiled evaluator's plans (jit/jit_evaluator.cpp; only in builds with
// DOCKET_WITH_LLVM). Compiles before returning, or with `background` on a thread of its own while
// the compiled plans answer (tiered: `--eval=auto`).
[[nodiscard]] std::unique_ptr<Evaluator> make_jit_evaluator(EvalSource source, bool background);

}  // namespace docket::detail
