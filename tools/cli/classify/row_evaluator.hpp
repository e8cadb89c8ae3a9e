// The evaluator classify uses for each row: the one place to switch to docket::CompiledDecision.
#pragma once

#include "cli/classify/compiled_decision_standin.hpp"

namespace docket::cli {

using RowEvaluator = CompiledDecisionStandIn;
using RowEvaluationError = EvaluationErrorStandIn;

}  // namespace docket::cli
