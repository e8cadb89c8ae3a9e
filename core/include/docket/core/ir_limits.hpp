// Bounds of the checked IR: how deeply expressions and decision calls nest, and what a call may cost.
//
// Every recursive walk over the IR (checking, lowering, evaluating, explaining, compiling) goes at
// most kMaxNesting levels deep, because the checker refuses deeper programs (D0312, D0432) and
// Program::lower refuses deeper IR built by a host (D0805, D0806). The bounds themselves are
// computed with explicit stacks, so they are safe on IR of any depth, calls in a cycle included.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <vector>

#include "docket/core/ir.hpp"

namespace docket::ir {

// The deepest expressions and decision calls may nest, in expression levels: a literal is 1,
// `a + b` is 2, and a call adds its callee's nesting below the call. Long `and`/`or` chains are
// built as balanced trees, so 50,000 `and` terms nest 17 levels; arithmetic and comparisons fold
// to the left, one level per operator. Evaluating or explaining at the limit takes about half a
// megabyte of stack in a release build (glibc gives threads 8 MiB by default).
inline constexpr std::size_t kMaxNesting = 500;

// The default budget of evaluation steps for one call of a decision: the checker refuses a
// decision whose worst case is above it (D0430) unless the budget is raised, and the evaluators
// stop an evaluation that goes beyond it.
inline constexpr std::uint64_t kDefaultStepBudget = 100'000'000;

// A worst-case cost of 2^64 steps or more (D0431).
inline constexpr std::uint64_t kCostSaturated = std::numeric_limits<std::uint64_t>::max();

// The levels of `e` (a leaf is 1), walking at most `limit` + 1 levels: a deeper tree gives limit + 1.
[[nodiscard]] std::size_t depth_at_most(const Expr& e, std::size_t limit);

struct DecisionBounds {
  std::uint64_t cost = 0;      // worst-case steps of one call, callees included (kCostSaturated: 2^64 or more)
  std::uint64_t own_cost = 0;  // the same without the callees' steps: what one call adds to a run's count
  std::size_t nesting = 0;     // levels of its deepest expression, callees included (at most kMaxNesting + 1)
  bool cyclic = false;         // it calls itself, or calls a decision that does, or one that does not exist
  // The callee that makes it nest deepest, and the one that costs the most (for messages).
  std::optional<std::uint32_t> deepest_callee;
  std::optional<std::uint32_t> costliest_callee;
  std::uint64_t costliest_calls = 0;  // how many calls of costliest_callee it makes
};

// Per decision of `module` (the checker's cost model: every expression node is a step, a table
// visits every column, row, cell and output, a call costs its callee's worst case).
[[nodiscard]] std::vector<DecisionBounds> decision_bounds(const Module& module);

// The nesting of one expression outside decisions (a guard, a role, a test line), with each call's
// nesting from `bounds`. At most kMaxNesting + 1.
[[nodiscard]] std::size_t expr_nesting(const Expr& e, std::span<const DecisionBounds> bounds);

}  // namespace docket::ir
