// Static worst-case cost of decisions: how many evaluation steps one call can take at most.
#pragma once

#include <cstdint>

#include "docket/core/diagnostic.hpp"
#include "docket/core/ir.hpp"

namespace docket::dsl {

// Sets Decision::worst_case_cost for every decision of `module`. Decisions must not call each
// other in a cycle (the checker reports that first); costs saturate instead of overflowing.
void compute_costs(ir::Module& module);

}  // namespace docket::dsl
