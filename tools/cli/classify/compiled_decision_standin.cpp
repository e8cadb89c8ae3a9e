// STAND-IN evaluator for classify: the reference interpreter behind CompiledDecision's API (see the header).
#include "cli/classify/compiled_decision_standin.hpp"

#include <fmt/format.h>

#include "docket/core/suggest.hpp"
#include "eval/eval_error.hpp"
#include "eval/interpreter.hpp"

namespace docket::cli {

CompiledDecisionStandIn::CompiledDecisionStandIn(std::shared_ptr<const Program> program, std::string_view name)
    : program_(std::move(program)) {
  const ir::Module& module = program_->module();
  decision_ = module.find_decision(name);
  if (decision_ == nullptr) {
    std::vector<std::string> names;
    for (const ir::Decision& d : module.decisions) names.push_back(d.name);
    throw std::invalid_argument(fmt::format("the program has no decision `{}`{} (decisions: {})", name,
                                            did_you_mean_suffix(name, names), join_names(names)));
  }
  index_ = static_cast<std::size_t>(decision_ - module.decisions.data());
}

Value CompiledDecisionStandIn::evaluate(std::span<const Value> args) const {
  try {
    return program_->interpreter().decide(index_, args).value;
  } catch (const detail::EvalError& e) {
    throw EvaluationErrorStandIn(fmt::format("decision `{}`: {}", decision_->name, e.what()));
  }
}

}  // namespace docket::cli
