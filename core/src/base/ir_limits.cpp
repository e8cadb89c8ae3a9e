// Nesting and worst-case cost of the IR, computed with explicit stacks (never recursion).
#include "docket/core/ir_limits.hpp"

#include <algorithm>
#include <map>
#include <utility>

namespace docket::ir {

namespace {

std::uint64_t add(std::uint64_t a, std::uint64_t b) { return a > kCostSaturated - b ? kCostSaturated : a + b; }

std::uint64_t times(std::uint64_t a, std::uint64_t n) {
  if (a == 0 || n == 0) return 0;
  return a > kCostSaturated / n ? kCostSaturated : a * n;
}

std::size_t capped(std::size_t n) { return std::min(n, kMaxNesting + 1); }

struct Call {
  std::uint32_t callee;
  std::size_t depth;  // levels of the call node in its expression
};

// What one walk over a decision's expressions found.
struct Walk {
  std::uint64_t nodes = 0;
  std::size_t depth = 0;
  std::vector<Call> calls;
};

// Every node of `root`, depth first, with an explicit stack.
void walk(const Expr* root, Walk& w, std::vector<std::pair<const Expr*, std::size_t>>& stack) {
  if (root == nullptr) return;
  stack.assign(1, {root, 1});
  while (!stack.empty()) {
    auto [e, depth] = stack.back();
    stack.pop_back();
    w.nodes = add(w.nodes, 1);
    w.depth = std::max(w.depth, depth);
    if (e->kind == ExprKind::call_decision) w.calls.push_back({e->index, depth});
    for (const ExprPtr& o : e->operands) {
      if (o) stack.emplace_back(o.get(), depth + 1);
    }
  }
}

// The cost model's own steps of decision `d` and its calls.
Walk walk_decision(const Decision& d, std::vector<std::pair<const Expr*, std::size_t>>& stack) {
  Walk w;
  w.nodes = 1;
  if (d.is_table) {
    for (const InputColumn& c : d.columns) walk(c.expr.get(), w, stack);
    for (const TableRow& row : d.rows) {
      w.nodes = add(w.nodes, 1);
      for (const Cell& cell : row.inputs) {
        w.nodes = add(w.nodes, 1);
        for (const ExprPtr& o : cell.operands) walk(o.get(), w, stack);
      }
      for (const ExprPtr& o : row.outputs) walk(o.get(), w, stack);
    }
    walk(d.otherwise.get(), w, stack);  // the answer when no row matches
  } else {
    for (const Rule& r : d.rules) {
      walk(r.condition.get(), w, stack);
      walk(r.result.get(), w, stack);
    }
    walk(d.otherwise.get(), w, stack);
  }
  return w;
}

}  // namespace

std::size_t depth_at_most(const Expr& e, std::size_t limit) {
  std::size_t deepest = 0;
  std::vector<std::pair<const Expr*, std::size_t>> stack{{&e, 1}};
  while (!stack.empty()) {
    auto [at, depth] = stack.back();
    stack.pop_back();
    deepest = std::max(deepest, depth);
    if (depth > limit) return limit + 1;
    for (const ExprPtr& o : at->operands) {
      if (o) stack.emplace_back(o.get(), depth + 1);
    }
  }
  return deepest;
}

std::vector<DecisionBounds> decision_bounds(const Module& module) {
  const std::size_t n = module.decisions.size();
  std::vector<DecisionBounds> out(n);
  std::vector<Walk> walks(n);
  std::vector<std::pair<const Expr*, std::size_t>> stack;
  // Kahn's algorithm over the call graph, callees first: `waiting[d]` counts the calls of d whose
  // callee is not done yet; decisions never done are in a cycle or call into one.
  std::vector<std::size_t> waiting(n, 0);
  std::vector<std::vector<std::uint32_t>> callers(n);
  std::vector<std::uint32_t> ready;
  for (std::size_t i = 0; i < n; ++i) {
    walks[i] = walk_decision(module.decisions[i], stack);
    bool broken = false;
    for (const Call& c : walks[i].calls) {
      if (c.callee >= n) {
        broken = true;
      } else {
        callers[c.callee].push_back(static_cast<std::uint32_t>(i));
      }
    }
    waiting[i] = broken ? walks[i].calls.size() + 1 : walks[i].calls.size();  // a broken call never completes
    if (waiting[i] == 0) ready.push_back(static_cast<std::uint32_t>(i));
  }
  std::vector<bool> done(n, false);
  while (!ready.empty()) {
    const std::uint32_t d = ready.back();
    ready.pop_back();
    const Walk& w = walks[d];
    DecisionBounds& b = out[d];
    b.own_cost = w.nodes;
    b.cost = w.nodes;
    b.nesting = capped(w.depth);
    std::map<std::uint32_t, std::uint64_t> per_callee;
    for (const Call& c : w.calls) {
      b.cost = add(b.cost, out[c.callee].cost);
      const std::size_t through = capped(c.depth + out[c.callee].nesting);
      if (through > b.nesting) {
        b.nesting = through;
        b.deepest_callee = c.callee;
      }
      ++per_callee[c.callee];
    }
    std::uint64_t most = 0;
    for (const auto& [callee, count] : per_callee) {
      const std::uint64_t share = times(out[callee].cost, count);
      if (!b.costliest_callee || share > most) {
        most = share;
        b.costliest_callee = callee;
        b.costliest_calls = count;
      }
    }
    done[d] = true;
    for (std::uint32_t caller : callers[d]) {
      if (--waiting[caller] == 0) ready.push_back(caller);
    }
  }
  for (std::size_t i = 0; i < n; ++i) {
    if (done[i]) continue;
    out[i].cyclic = true;
    out[i].own_cost = walks[i].nodes;
    out[i].cost = kCostSaturated;
    out[i].nesting = kMaxNesting + 1;
  }
  return out;
}

std::size_t expr_nesting(const Expr& e, std::span<const DecisionBounds> bounds) {
  Walk w;
  std::vector<std::pair<const Expr*, std::size_t>> stack;
  walk(&e, w, stack);
  std::size_t nesting = capped(w.depth);
  for (const Call& c : w.calls) {
    const std::size_t below = c.callee < bounds.size() ? bounds[c.callee].nesting : kMaxNesting + 1;
    nesting = std::max(nesting, capped(c.depth + below));
  }
  return nesting;
}

}  // namespace docket::ir
