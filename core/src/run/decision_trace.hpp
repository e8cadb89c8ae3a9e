// Why the engine decided: the decisions an expression calls, explained in words for the trace.
#pragma once

#include <string>

#include "docket/core/ir.hpp"
#include "docket/core/program.hpp"
#include "eval/interpreter.hpp"

namespace docket::detail {

// For each decision `expr` calls (those in a call's arguments first; the calls a decision makes
// itself are explained inside its own entry):
// `survey_team = "field_crew_east" by rule 1 on app.address = "..."`, joined with "; ".
// Empty when it calls none. Built only for trace readers: it evaluates the call arguments again.
[[nodiscard]] std::string explain_calls(const Program& program, const ir::Expr& expr, const Environment& env);

}  // namespace docket::detail
