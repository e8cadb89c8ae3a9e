// Static bounds of decisions: worst-case cost per call and nesting through calls, as diagnostics.
#pragma once

#include "docket/core/diagnostic.hpp"
#include "docket/core/ir.hpp"

namespace docket::dsl {

// Sets Decision::worst_case_cost for every decision of `module` (core's ir::decision_bounds) and
// reports a cost of 2^64 steps or more (D0431) and calls nesting deeper than ir::kMaxNesting
// (D0432). Decisions in a call cycle are left to D0309.
void check_decision_bounds(ir::Module& module, Diagnostics& diagnostics);

}  // namespace docket::dsl
