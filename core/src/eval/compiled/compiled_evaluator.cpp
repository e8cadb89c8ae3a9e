// The compiled evaluator behind the Evaluator seam (--eval=compiled): every decision compiled up front.
#include <utility>

#include "docket/core/compiled_decision.hpp"
#include "eval/compiled/plan.hpp"
#include "eval/evaluator.hpp"

namespace docket::detail {

namespace {

class CompiledEvaluator final : public Evaluator, private DecisionCaller {
 public:
  explicit CompiledEvaluator(EvalSource source)
      : routed_(source.interpreter()), module_(make_compiled_module(std::move(source))) {
    // Every plan now, so the evaluator is immutable (and thread-safe) from here on.
    for (std::size_t i = 0; i < module_->plans.size(); ++i) (void)module_->plan(i);
    routed_.route_calls(this);
  }

  [[nodiscard]] EvalMode mode() const noexcept override { return EvalMode::compiled; }
  [[nodiscard]] Value evaluate(const ir::Expr& expr, const Environment& env) const override {
    return routed_.evaluate(expr, env);
  }
  [[nodiscard]] DecisionResult decide(std::size_t index, std::span<const Value> args) const override {
    return call(index, args);
  }
  [[nodiscard]] const Interpreter& reference() const noexcept override { return *module_->interpreter; }

 private:
  // One call, as CompiledDecision::answer: records that do not fit the slots go to the interpreter whole.
  [[nodiscard]] DecisionResult call(std::size_t index, std::span<const Value> args) const override {
    const Plan& plan = *module_->plans.at(index);
    SlotBuffer slots(plan.slots.size());
    if (!plan.over_budget && plan.extract(args, slots.data())) return plan.run(slots.data(), 0);
    return module_->interpreter->decide(index, args);
  }

  Interpreter routed_;  // workflow expressions; their top-level decision calls come to call()
  std::shared_ptr<CompiledModule> module_;
};

}  // namespace

std::unique_ptr<Evaluator> make_compiled_evaluator(EvalSource source) {
  return std::make_unique<CompiledEvaluator>(std::move(source));
}

}  // namespace docket::detail
