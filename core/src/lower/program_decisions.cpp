// The public entry points that take a Program: CompiledDecision by name and docket::explain.
#include <fmt/format.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "docket/core/compiled_decision.hpp"
#include "docket/core/decision_evaluator.hpp"
#include "docket/core/explain.hpp"
#include "docket/core/suggest.hpp"
#include "eval/compiled/plan.hpp"
#include "eval/eval_error.hpp"
#include "eval/explain_walk.hpp"
#include "eval/jit/jit_batch.hpp"
#include "lower/program_evaluators.hpp"

namespace docket {

namespace {

std::size_t decision_index(const std::shared_ptr<const Program>& program, std::string_view name) {
  if (!program) throw std::invalid_argument("CompiledDecision: no program");
  const ir::Module& m = program->module();
  const ir::Decision* d = m.find_decision(name);
  if (d == nullptr) {
    std::vector<std::string> names;
    for (const ir::Decision& x : m.decisions) names.push_back(x.name);
    throw std::invalid_argument(fmt::format("the program has no decision or table named `{}`{}", name,
                                            did_you_mean_suffix(name, names)));
  }
  return static_cast<std::size_t>(d - m.decisions.data());
}

std::shared_ptr<detail::CompiledModule> compiled_module(const std::shared_ptr<const Program>& program) {
  if (!program) throw std::invalid_argument("CompiledDecision: no program");
  return detail::make_compiled_module(detail::eval_source(*program, program));
}

}  // namespace

CompiledDecision::CompiledDecision(std::shared_ptr<const Program> program, std::string_view name)
    : CompiledDecision(compiled_module(program), decision_index(program, name)) {}

CompiledDecision::CompiledDecision(std::shared_ptr<const Program> program, std::string_view name, EvalMode mode)
    : CompiledDecision(compiled_module(program), decision_index(program, name)) {
  if (mode == EvalMode::interp) {
    throw std::invalid_argument("CompiledDecision: --eval=interp has no batches; use DecisionEvaluator");
  }
  if (resolve_eval_mode(mode) != EvalMode::jit) return;
#ifdef DOCKET_WITH_LLVM
  jit_ = detail::make_jit_batch(module_, plan_->index, mode == EvalMode::automatic);
#else
  throw std::invalid_argument(
      "CompiledDecision: --eval=jit: this docket was built without the LLVM JIT (DOCKET_WITH_LLVM=OFF)");
#endif
}

DecisionEvaluator::DecisionEvaluator(std::shared_ptr<const Program> program, std::string_view name, EvalMode mode)
    : index_(decision_index(program, name)) {
  decision_ = &program->module().decisions[index_];
  evaluator_ = detail::shared_evaluator(program, mode);
}

DecisionEvaluator::~DecisionEvaluator() = default;
DecisionEvaluator::DecisionEvaluator(DecisionEvaluator&&) noexcept = default;
DecisionEvaluator& DecisionEvaluator::operator=(DecisionEvaluator&&) noexcept = default;

EvalMode DecisionEvaluator::mode() const noexcept { return evaluator_->mode(); }

DecisionAnswer DecisionEvaluator::answer(std::span<const Value> args) const {
  if (args.size() != decision_->params.size()) {
    throw std::invalid_argument(fmt::format("decision `{}` takes {} argument(s), got {}", decision_->name,
                                            decision_->params.size(), args.size()));
  }
  try {
    detail::DecisionResult r = evaluator_->decide(index_, args);
    return {std::move(r.value), r.rule};
  } catch (const detail::EvalError& e) {
    throw EvaluationError(e.what());
  }
}

Explanation explain(const Program& program, std::string_view name, std::span<const Value> args) {
  const detail::Interpreter interpreter = detail::reference_interpreter(program);
  return detail::explain_with(interpreter, name, args);
}

}  // namespace docket
