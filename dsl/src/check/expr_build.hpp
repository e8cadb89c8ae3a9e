// Small builders of checked IR expressions, shared by the expression checkers.
#pragma once

#include <memory>

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

}  // namespace docket::dsl
