// Explaining one evaluation of a decision: the answer from the interpreter, the walk from explain_rows.cpp.
#include "docket/core/explain.hpp"

#include <fmt/format.h>

#include <stdexcept>

#include "docket/core/suggest.hpp"
#include "eval/eval_error.hpp"
#include "eval/explain_walk.hpp"

namespace docket {

namespace detail {

Explanation Explainer::run(std::size_t index, std::span<const Value> args, Walk& walk) const {
  const ir::Decision& d = in_->module().decisions.at(index);
  Explanation out;
  out.decision = d.name;
  out.range = d.range;
  out.is_table = d.is_table;
  out.hit = d.is_table ? d.hit : ir::HitPolicy::first;
  // The explanation's own walk counts each decision it explains, as an evaluation would, so a
  // program whose calls multiply stops at the step budget instead of being walked for ever.
  try {
    in_->enter(index, walk);
  } catch (const EvalError& e) {
    out.error = e.what();
    return out;
  }
  // The answer is the interpreter's, so an explanation never disagrees with `decide`.
  try {
    DecisionResult r = in_->decide(index, args);
    out.value = std::move(r.value);
    out.fired = r.rule;
  } catch (const StepBudgetError& e) {
    out.error = e.what();  // walking it rule by rule would take as long again, and more
    return out;
  } catch (const EvalError& e) {
    out.error = e.what();
  }
  Environment env;
  env.params = args;
  if (d.is_table) {
    check_rows(d, env, out, walk);
  } else {
    check_rules(d, env, out, walk);
  }
  return out;
}

Explanation explain_with(const Interpreter& interpreter, std::string_view name, std::span<const Value> args) {
  const ir::Module& module = interpreter.module();
  const ir::Decision* d = module.find_decision(name);
  if (d == nullptr) {
    std::vector<std::string> names;
    for (const ir::Decision& each : module.decisions) names.push_back(each.name);
    throw std::invalid_argument(fmt::format("the program has no decision `{}`{} (decisions: {})", name,
                                            did_you_mean_suffix(name, names), join_names(names)));
  }
  if (args.size() != d->params.size()) {
    throw std::invalid_argument(
        fmt::format("decision `{}` takes {} argument(s), got {}", d->name, d->params.size(), args.size()));
  }
  const auto index = static_cast<std::size_t>(d - module.decisions.data());
  detail::Walk walk;
  return Explainer(interpreter).run(index, args, walk);
}

}  // namespace detail

}  // namespace docket
