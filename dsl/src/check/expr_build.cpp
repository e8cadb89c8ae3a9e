// Builders of checked IR expressions that walk or shape trees: copying one, balancing a chain.
#include "check/expr_build.hpp"

#include <utility>
#include <vector>

namespace docket::dsl {

// A copy of `e` (for `x in (a, b)`, which tests x once per item), made with an explicit stack.
ir::ExprPtr clone(const ir::Expr& e) {
  auto copy_node = [](const ir::Expr& from) {
    auto c = std::make_unique<ir::Expr>();
    c->kind = from.kind;
    c->type = from.type;
    c->range = from.range;
    c->literal = from.literal;
    c->index = from.index;
    c->index2 = from.index2;
    c->unary_op = from.unary_op;
    c->binary_op = from.binary_op;
    return c;
  };
  ir::ExprPtr root = copy_node(e);
  std::vector<std::pair<const ir::Expr*, ir::Expr*>> pending{{&e, root.get()}};
  while (!pending.empty()) {
    auto [from, to] = pending.back();
    pending.pop_back();
    for (const ir::ExprPtr& o : from->operands) {
      to->operands.push_back(o ? copy_node(*o) : nullptr);
      if (o) pending.emplace_back(o.get(), to->operands.back().get());
    }
  }
  return root;
}

// `a and b and c ...` (or `or`) as a balanced tree of `op` over terms[lo, hi): 50,000 terms nest
// 17 levels, not 50,000. Short-circuiting still goes left to right, so answers and errors are
// those of the left fold; the terms were already type-checked.
ir::ExprPtr balanced(ir::BinaryOp op, std::vector<ir::ExprPtr>& terms, std::size_t lo, std::size_t hi) {
  if (hi - lo == 1) return std::move(terms[lo]);
  const std::size_t mid = lo + (hi - lo) / 2;
  ir::ExprPtr l = balanced(op, terms, lo, mid);
  ir::ExprPtr r = balanced(op, terms, mid, hi);
  ir::ExprPtr e = make(ir::ExprKind::binary, Type::boolean(), span(l->range, r->range));
  e->binary_op = op;
  e->operands.push_back(std::move(l));
  e->operands.push_back(std::move(r));
  return e;
}

}  // namespace docket::dsl
