// Lowering checks: the IR shapes the engine relies on, and binding calls to the FunctionRegistry.
#pragma once

#include <span>

#include "docket/core/diagnostic.hpp"
#include "docket/core/functions.hpp"
#include "docket/core/ir.hpp"
#include "docket/core/ir_limits.hpp"
#include "eval/interpreter.hpp"

namespace docket::detail {

// Diagnostic codes of the lowering stage.
inline constexpr const char* code_unknown_function = "D0801";
inline constexpr const char* code_function_arity = "D0802";
inline constexpr const char* code_workflow_shape = "D0803";
inline constexpr const char* code_inconsistent_ir = "D0804";
inline constexpr const char* code_expression_depth = "D0805";
inline constexpr const char* code_nesting = "D0806";

// Binds every call_function expression of the module to `functions` (into `bindings`) and
// checks indexes, workflow shapes and nesting (expressions deeper than ir::kMaxNesting, alone or
// with the decisions they call, per `bounds` from ir::decision_bounds). Problems go to
// `diagnostics` as errors.
void bind_and_validate(const ir::Module& module, std::span<const ir::DecisionBounds> bounds,
                       const FunctionRegistry& functions, FunctionBindings& bindings, Diagnostics& diagnostics);
// The same, computing the bounds itself.
inline void bind_and_validate(const ir::Module& module, const FunctionRegistry& functions, FunctionBindings& bindings,
                              Diagnostics& diagnostics) {
  bind_and_validate(module, ir::decision_bounds(module), functions, bindings, diagnostics);
}

}  // namespace docket::detail
