// The JIT evaluator behind the Evaluator seam (--eval=jit, and auto when built with LLVM).
#include <array>
#include <atomic>
#include <thread>
#include <utility>
#include <vector>

#include "eval/compiled/plan.hpp"
#include "eval/evaluator.hpp"
#include "eval/jit/jit_code.hpp"

namespace docket::detail {

namespace {

// Every decision compiled (plans) and lowered (jit_compile). A decision's matching (the slots to
// its candidate rows) runs as machine code; what the JIT leaves (residual tests, computed answers,
// the hit policy's checks and messages) is the compiled evaluator's own code on the same slots, so
// answers, rules and errors are the compiled evaluator's, that is the interpreter's.
class JitEvaluator final : public Evaluator, private DecisionCaller {
 public:
  JitEvaluator(EvalSource source, bool background)
      : routed_(source.interpreter()), module_(make_compiled_module(std::move(source))) {
    std::vector<std::size_t> all(module_->plans.size());
    for (std::size_t i = 0; i < module_->plans.size(); ++i) {
      (void)module_->plan(i);
      all[i] = i;
    }
    routed_.route_calls(this);
    if (!background) {
      publish(jit_compile(*module_, all));
      return;
    }
    worker_ = std::thread([this, all = std::move(all)] {
      try {
        publish(jit_compile(*module_, all));
      } catch (const std::exception&) {
        // The compiled plans keep answering; --eval=jit reports the same failure synchronously.
      }
    });
  }
  JitEvaluator(const JitEvaluator&) = delete;
  JitEvaluator& operator=(const JitEvaluator&) = delete;
  ~JitEvaluator() override {
    if (worker_.joinable()) worker_.join();
  }

  [[nodiscard]] EvalMode mode() const noexcept override { return EvalMode::jit; }
  [[nodiscard]] Value evaluate(const ir::Expr& expr, const Environment& env) const override {
    return routed_.evaluate(expr, env);
  }
  [[nodiscard]] DecisionResult decide(std::size_t index, std::span<const Value> args) const override {
    return call(index, args);
  }
  [[nodiscard]] const Interpreter& reference() const noexcept override { return *module_->interpreter; }

  [[nodiscard]] const JitCode* code() const noexcept { return code_.load(std::memory_order_acquire); }

 private:
  void publish(std::shared_ptr<const JitCode> code) {
    owned_ = std::move(code);
    code_.store(owned_.get(), std::memory_order_release);
  }

  [[nodiscard]] DecisionResult call(std::size_t index, std::span<const Value> args) const override {
    const Plan& plan = *module_->plans.at(index);
    SlotBuffer slots(plan.slots.size());
    if (plan.over_budget || !plan.extract(args, slots.data())) return module_->interpreter->decide(index, args);
    const JitCode* code = code_.load(std::memory_order_acquire);
    const MaskFn mask_fn = code != nullptr ? code->masks[index] : nullptr;
    if (mask_fn == nullptr) return plan.run(slots.data(), 0);
    std::array<std::uint64_t, 8> small{};
    std::vector<std::uint64_t> large;
    std::uint64_t* mask = small.data();
    if (plan.words > small.size()) {
      large.resize(plan.words);
      mask = large.data();
    }
    mask_fn(slots.data(), mask);
    return plan.run_masked(slots.data(), mask, 0);
  }

  Interpreter routed_;  // workflow expressions; their top-level decision calls come to call()
  std::shared_ptr<CompiledModule> module_;
  std::shared_ptr<const JitCode> owned_;
  std::atomic<const JitCode*> code_{nullptr};
  std::thread worker_;
};

}  // namespace

std::unique_ptr<Evaluator> make_jit_evaluator(EvalSource source, bool background) {
  return std::make_unique<JitEvaluator>(std::move(source), background);
}

const JitCode* jit_code_of(const Evaluator& evaluator) {
  const auto* jit = dynamic_cast<const JitEvaluator*>(&evaluator);
  return jit != nullptr ? jit->code() : nullptr;
}

}  // namespace docket::detail
