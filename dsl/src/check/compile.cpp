// compile(): parse every file, then check them together into one ir::Module.
#include "docket/dsl/compile.hpp"

#include <fmt/format.h>

#include "check/checker.hpp"
#include "docket/core/ir_limits.hpp"
#include "parse/parse.hpp"

namespace docket::dsl {

std::optional<ir::Module> compile(const SourceSet& sources, const FunctionRegistry& functions,
                                  Diagnostics& diagnostics) {
  std::vector<ast::File> files;
  files.reserve(sources.size());
  for (std::uint32_t id = 1; id <= sources.size(); ++id) files.push_back(parse_file(sources, id, diagnostics));
  Checker checker(sources, functions, diagnostics);
  checker.release_bodies(&files);
  checker.check(FileRefs(files.begin(), files.end()));
  if (diagnostics.has_errors()) return std::nullopt;
  return checker.take_module();
}

bool check_cost_budget(const ir::Module& module, std::uint64_t budget, Diagnostics& diagnostics) {
  bool fits = true;
  const std::vector<ir::DecisionBounds> bounds = ir::decision_bounds(module);
  for (std::size_t i = 0; i < module.decisions.size(); ++i) {
    const ir::Decision& d = module.decisions[i];
    if (d.worst_case_cost <= budget) continue;
    fits = false;
    if (d.worst_case_cost == ir::kCostSaturated) continue;  // D0431 said so already
    // Reported where the cost crosses the budget: its callers are over it because of it.
    const std::optional<std::uint32_t> callee = bounds[i].costliest_callee;
    if (callee && module.decisions[*callee].worst_case_cost > budget) continue;
    diagnostics.error("D0430", d.range,
                      fmt::format("`{}` may take up to {} evaluation steps per call, above the budget of {}", d.name,
                                  d.worst_case_cost, budget),
                      fmt::format("simplify it or the decisions it calls, or raise the budget (default {}): "
                                  "`max_cost = {}` under [program] in docket.toml, or `docket check --max-cost {}`",
                                  ir::kDefaultStepBudget, d.worst_case_cost, d.worst_case_cost));
  }
  return fits;
}

}  // namespace docket::dsl
