// DecisionEvaluator: one decision of a program, one call at a time, through the evaluator of an EvalMode.
#pragma once

#include <cstddef>
#include <memory>
#include <span>
#include <string_view>

#include "docket/core/compiled_decision.hpp"
#include "docket/core/eval_mode.hpp"
#include "docket/core/ir.hpp"
#include "docket/core/value.hpp"

namespace docket {

namespace detail {
class Evaluator;  // core/src/eval/evaluator.hpp
}

// Immutable and thread-safe; keeps its Program alive. Every mode gives the same answers, rules and
// error messages; CompiledDecision is the compiled evaluator's own API, with batches.
class DecisionEvaluator {
 public:
  // std::invalid_argument when the program has no such decision (with a did-you-mean), or for
  // EvalMode::jit in a build without LLVM.
  DecisionEvaluator(std::shared_ptr<const Program> program, std::string_view name, EvalMode mode = EvalMode::automatic);
  ~DecisionEvaluator();
  DecisionEvaluator(DecisionEvaluator&&) noexcept;
  DecisionEvaluator& operator=(DecisionEvaluator&&) noexcept;

  [[nodiscard]] const ir::Decision& decision() const noexcept { return *decision_; }
  // The mode that runs (EvalMode::automatic resolved).
  [[nodiscard]] EvalMode mode() const noexcept;
  // One value per parameter. Throws EvaluationError with the interpreter's message.
  [[nodiscard]] Value evaluate(std::span<const Value> args) const { return answer(args).value; }
  [[nodiscard]] DecisionAnswer answer(std::span<const Value> args) const;

 private:
  std::shared_ptr<const detail::Evaluator> evaluator_;
  const ir::Decision* decision_ = nullptr;
  std::size_t index_ = 0;
};

}  // namespace docket
