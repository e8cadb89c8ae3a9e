// The evaluator classify uses for each row: core's compiled evaluator (one per run, shared by the workers).
#pragma once

#include "docket/core/compiled_decision.hpp"

namespace docket::cli {

using RowEvaluator = CompiledDecision;
using RowEvaluationError = EvaluationError;

}  // namespace docket::cli
