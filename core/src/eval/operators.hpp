// The unary and binary operators of the language on run-time values (not and/or: those short-circuit).
#pragma once

#include "docket/core/ir.hpp"
#include "docket/core/type.hpp"
#include "docket/core/value.hpp"

namespace docket::detail {

// `not` and unary minus. Throws EvalError on operands the operator does not take or on overflow.
[[nodiscard]] Value apply_unary(ir::UnaryOp op, const Value& operand);

// Comparison and arithmetic. `result` is the checked type of the expression: int op int gives an
// int unless the checker typed the expression as number; int op number gives a number.
// Throws EvalError on division by zero, overflow, or operands the operator does not take.
[[nodiscard]] Value apply_binary(ir::BinaryOp op, const Value& lhs, const Value& rhs, const Type& result);

// ==, !=, <, <=, > or >=; and the four of them that need an order.
[[nodiscard]] bool is_comparison(ir::BinaryOp op) noexcept;
[[nodiscard]] bool is_ordering(ir::BinaryOp op) noexcept;

// The operator as written: "+", "<=", "and".
[[nodiscard]] const char* operator_text(ir::BinaryOp op) noexcept;

}  // namespace docket::detail
