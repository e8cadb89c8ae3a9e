// Report segments: a decision applied to a field path of a ticket's arguments, or the field itself.
#pragma once

#include <span>
#include <string>

#include "docket/core/simulation.hpp"
#include "eval/evaluator.hpp"

namespace docket::sim::detail {

// Checks the rule against the workflow (parameter, decision, its single parameter). Throws SimError.
void check_segment_rule(const Program& program, const ir::Workflow& workflow, const SegmentRule& rule);
// The segment's text for these arguments ("" when the rule is empty). Throws SimError when a field
// on the path is missing or the decision fails.
// The decision runs on `evaluator` (the simulation's EvalMode).
[[nodiscard]] std::string segment_of(const docket::detail::Evaluator& evaluator, const ir::Workflow& workflow,
                                     const SegmentRule& rule, std::span<const Value> args);

}  // namespace docket::sim::detail
