// known_months: the unit of a duration expression where literals fix it.
#include "check/duration_units.hpp"

namespace docket::dsl {

std::optional<bool> known_months(const ir::Expr& e) {
  if (e.type.kind() != TypeKind::duration) return std::nullopt;
  switch (e.kind) {
    case ir::ExprKind::literal:
      if (!e.literal.holds<Duration>()) return std::nullopt;
      return e.literal.as_duration().is_months();
    case ir::ExprKind::unary: return known_months(*e.operands[0]);
    case ir::ExprKind::binary:
      for (const ir::ExprPtr& operand : e.operands) {
        if (operand->type.kind() != TypeKind::duration) continue;
        if (std::optional<bool> known = known_months(*operand)) return known;
      }
      return std::nullopt;
    default: return std::nullopt;
  }
}

}  // namespace docket::dsl
