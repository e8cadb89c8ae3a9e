// Small builders of checked IR expressions, shared by the expression checkers (expr_build.cpp).
#pragma once

#include <cstddef>
#include <memory>
#include <vector>

#include "docket/core/ir.hpp"

namespace docket::dsl {

inline ir::ExprPtr make(ir::ExprKind kind, Type type, SourceRange range) {
  auto e = std::make_unique<ir::Expr>();
  e->kind = kind;
  e->type = type;
  e->range = range;
  return e;
}

inline ir::ExprPtr literal(Value v, Type type, SourceRange range) {
  ir::ExprPtr e = make(ir::ExprKind::literal, type, range);
  e->literal = std::move(v);
  return e;
}

// From the start of `a` to the end of `b`.
inline SourceRange span(SourceRange a, SourceRange b) { return {a.file, a.begin, b.end}; }

// A copy of `e` (for `x in (a, b)`, which tests x once per item), made with an explicit stack.
[[nodiscard]] ir::ExprPtr clone(const ir::Expr& e);

// `a and b and c ...` (or `or`) as a balanced tree of `op` over terms[lo, hi) (expr_build.cpp).
[[nodiscard]] ir::ExprPtr balanced(ir::BinaryOp op, std::vector<ir::ExprPtr>& terms, std::size_t lo, std::size_t hi);

}  // namespace docket::dsl
