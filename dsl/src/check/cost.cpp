// Worst-case cost and nesting of decisions: saturated costs and too deep call chains are errors.
#include "check/cost.hpp"

#include <fmt/format.h>

#include <string>
#include <vector>

#include "docket/core/ir_limits.hpp"

namespace docket::dsl {

namespace {

// `a -> b -> c`, following each decision's deepest callee (at most `shown` names).
std::string deepest_path(const ir::Module& m, const std::vector<ir::DecisionBounds>& bounds, std::size_t from) {
  constexpr std::size_t shown = 6;
  std::string path = m.decisions[from].name;
  std::size_t calls = 0;
  for (std::optional<std::uint32_t> at = bounds[from].deepest_callee; at && calls < m.decisions.size();
       at = bounds[*at].deepest_callee) {
    if (++calls < shown) path += " -> " + m.decisions[*at].name;
  }
  if (calls >= shown) path += fmt::format(" -> ... ({} calls deep)", calls);
  return path;
}

}  // namespace

void check_decision_bounds(ir::Module& module, Diagnostics& diagnostics) {
  const std::vector<ir::DecisionBounds> bounds = ir::decision_bounds(module);
  for (std::size_t i = 0; i < module.decisions.size(); ++i) {
    ir::Decision& d = module.decisions[i];
    const ir::DecisionBounds& b = bounds[i];
    d.worst_case_cost = b.cost;
    if (b.cyclic) continue;
    // Each is reported where it crosses the limit, not again at every caller it makes too deep.
    if (b.nesting > ir::kMaxNesting && b.deepest_callee && bounds[*b.deepest_callee].nesting <= ir::kMaxNesting) {
      diagnostics.error("D0432", d.range,
                        fmt::format("`{}` nests more than {} levels deep through the decisions it calls: {}", d.name,
                                    ir::kMaxNesting, deepest_path(module, bounds, i)),
                        "each call adds its callee's depth below the call: shorten the chain of decisions calling "
                        "decisions, or flatten the deepest expressions");
    } else if (b.cost == ir::kCostSaturated && b.costliest_callee &&
               bounds[*b.costliest_callee].cost != ir::kCostSaturated) {
      const ir::Decision& callee = module.decisions[*b.costliest_callee];
      diagnostics.error(
          "D0431", d.range,
          fmt::format("`{}` may take more evaluation steps per call than docket can count (2^64 or more): it calls "
                      "`{}` {} time{}, and the steps multiply down the calls",
                      d.name, callee.name, b.costliest_calls, b.costliest_calls == 1 ? "" : "s"),
          "a decision that calls the next twice, which calls the next twice, and so on, doubles the work at each "
          "level: call each decision once and pass its answer on as a parameter");
    }
  }
}

}  // namespace docket::dsl
