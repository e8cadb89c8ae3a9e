// Expressions of the checked IR written back as an analyst would write them (for pictures).
#pragma once

#include <string>

#include "docket/core/ir.hpp"

namespace docket::draw {

// What names in an expression refer to: the module's decisions, and the parameters and nodes of
// the workflow the expression belongs to.
struct ExprContext {
  const ir::Module* module = nullptr;
  const ir::Workflow* workflow = nullptr;
};

// `app.customer.area == remote`, `reply_limit(c)`, `"field_crew"`. Parentheses only where the
// precedence needs them. Nesting deeper than 64 levels is written as `…` (never a deep recursion).
[[nodiscard]] std::string expr_text(const ir::Expr& expr, const ExprContext& context);

// A role or action assignee: `role counter` for a literal text, `role survey_team(app)` for a
// computed one, `action site.schedule_meter(app.id)`; empty when nobody is assigned.
[[nodiscard]] std::string assignee_text(ir::AssigneeKind kind, const ir::Expr* role, const std::string& action,
                                        const std::vector<ir::ExprPtr>& args, const ExprContext& context);

}  // namespace docket::draw
