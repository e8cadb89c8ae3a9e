// The reference interpreter as an Evaluator (--eval=interp).
#include <utility>

#include "eval/evaluator.hpp"

namespace docket::detail {

namespace {

class InterpreterEvaluator final : public Evaluator {
 public:
  explicit InterpreterEvaluator(EvalSource source) : source_(std::move(source)), interpreter_(source_.interpreter()) {}

  [[nodiscard]] EvalMode mode() const noexcept override { return EvalMode::interp; }
  [[nodiscard]] Value evaluate(const ir::Expr& expr, const Environment& env) const override {
    return interpreter_.evaluate(expr, env);
  }
  [[nodiscard]] DecisionResult decide(std::size_t index, std::span<const Value> args) const override {
    return interpreter_.decide(index, args);
  }
  [[nodiscard]] const Interpreter& reference() const noexcept override { return interpreter_; }

 private:
  EvalSource source_;
  Interpreter interpreter_;
};

}  // namespace

std::unique_ptr<Evaluator> make_interpreter_evaluator(EvalSource source) {
  return std::make_unique<InterpreterEvaluator>(std::move(source));
}

}  // namespace docket::detail
