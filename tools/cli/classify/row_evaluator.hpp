// The evaluators classify uses: the compiled decision's batches, and one call per row through --eval's evaluator.
#pragma once

#include "docket/core/compiled_decision.hpp"
#include "docket/core/decision_evaluator.hpp"

namespace docket::cli {

using RowEvaluator = CompiledDecision;        // batches (--eval=compiled, jit or auto)
using RowByRowEvaluator = DecisionEvaluator;  // one call per row, any --eval
using RowEvaluationError = EvaluationError;

}  // namespace docket::cli
