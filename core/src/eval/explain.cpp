// Explaining one evaluation of a decision: the answer from the interpreter, the walk from explain_rows.cpp.
#include "docket/core/explain.hpp"

#include <fmt/format.h>

#include <stdexcept>

#include "docket/core/program.hpp"
#include "docket/core/suggest.hpp"
#include "eval/eval_error.hpp"
#include "eval/explain_walk.hpp"

namespace docket {

namespace detail {

Explanation Explainer::run(std::size_t index, std::span<const Value> args, unsigned depth) const {
  const ir::Decision& d = in_->module().decisions.at(index);
  Explanation out;
  out.decision = d.name;
  out.range = d.range;
  out.is_table = d.is_table;
  out.hit = d.is_table ? d.hit : ir::HitPolicy::first;
  if (depth > Interpreter::max_depth) {
    out.error = fmt::format("decision `{}` nested more than {} calls deep (is it recursive?)", d.name,
                            Interpreter::max_depth);
    return out;
  }
  // The answer is the interpreter's, so an explanation never disagrees with `decide`.
  try {
    DecisionResult r = in_->decide(index, args);
    out.value = std::move(r.value);
    out.fired = r.rule;
  } catch (const EvalError& e) {
    out.error = e.what();
  }
  Environment env;
  env.params = args;
  if (d.is_table) {
    check_rows(d, env, out, depth);
  } else {
    check_rules(d, env, out, depth);
  }
  return out;
}

}  // namespace detail

Explanation explain(const Program& program, std::string_view name, std::span<const Value> args) {
  const ir::Module& module = program.module();
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
  return detail::Explainer(program.interpreter()).run(index, args, 0);
}

}  // namespace docket
