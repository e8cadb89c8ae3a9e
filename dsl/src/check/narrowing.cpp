// Narrowing by a rule's condition: the parameters and field paths it tests `!= none` (check_expr reads them as definite).
#include <optional>
#include <vector>

#include "check/checker.hpp"

namespace docket::dsl {

using ir::BinaryOp;
using ir::ExprKind;

std::optional<std::vector<std::uint32_t>> path_of_expr(const ir::Expr& e) {
  std::vector<std::uint32_t> reversed;
  const ir::Expr* at = &e;
  while (at->kind == ExprKind::field && !at->operands.empty()) {
    reversed.push_back(at->index);
    at = at->operands[0].get();
  }
  if (at->kind != ExprKind::param) return std::nullopt;
  reversed.push_back(at->index);
  return std::vector<std::uint32_t>(reversed.rbegin(), reversed.rend());
}

std::vector<std::vector<std::uint32_t>> narrowed_paths(const ir::Expr& condition) {
  std::vector<std::vector<std::uint32_t>> out;
  std::vector<const ir::Expr*> todo{&condition};
  while (!todo.empty()) {
    const ir::Expr* e = todo.back();
    todo.pop_back();
    if (e->kind != ExprKind::binary || e->operands.size() != 2) continue;
    if (e->binary_op == BinaryOp::logical_and) {
      todo.push_back(e->operands[0].get());
      todo.push_back(e->operands[1].get());
    } else if (e->binary_op == BinaryOp::ne) {
      for (int side = 0; side < 2; ++side) {
        const ir::Expr& other = *e->operands[static_cast<std::size_t>(1 - side)];
        if (e->operands[static_cast<std::size_t>(side)]->type.kind() != TypeKind::none) continue;
        if (std::optional<std::vector<std::uint32_t>> p = path_of_expr(other)) out.push_back(*p);
      }
    }
  }
  return out;
}

}  // namespace docket::dsl
