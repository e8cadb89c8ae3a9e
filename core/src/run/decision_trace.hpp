// Why the engine decided: the decisions an expression calls, explained in words for the trace.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "docket/core/ir.hpp"
#include "eval/evaluator.hpp"
#include "eval/interpreter.hpp"

namespace docket::detail {

// One decision call of an expression, with the arguments it was called with.
struct CallToExplain {
  std::size_t decision = 0;
  std::vector<Value> args;
};

// Whether `expr` calls a decision: only then is there anything to explain.
[[nodiscard]] bool calls_decisions(const ir::Expr& expr);
// Whether `expr` calls a host or plugin function anywhere in it (not counting the decisions it
// calls): such a result belongs to the moment of the move, so the arguments around it are
// evaluated then, not when the explanation is read.
[[nodiscard]] bool calls_functions(const ir::Expr& expr);

// The decisions `expr` calls (those in a call's arguments first; the calls a decision makes itself
// are explained inside its own entry), their arguments evaluated now. A call whose arguments fail
// is left out (the trace already says the evaluation failed). Empty when it calls none.
[[nodiscard]] std::vector<CallToExplain> calls_to_explain(const Evaluator& evaluator, const ir::Expr& expr,
                                                          const Environment& env);
// `survey_team = "field_crew_east" by rule 1 on app.address = "..."`, joined with "; ". The
// explanations walk `reference` (the interpreter); built only when a trace reader asks for them.
[[nodiscard]] std::string explain_calls(const Interpreter& reference, const std::vector<CallToExplain>& calls);

}  // namespace docket::detail
