// Worst-case cost: every expression node is a step, a table visits every cell and output of every
// row (collect policies may keep them all), and a call costs its callee's worst case.
#include "check/cost.hpp"

#include <limits>
#include <vector>

namespace docket::dsl {

namespace {

constexpr std::uint64_t kMax = std::numeric_limits<std::uint64_t>::max();

std::uint64_t add(std::uint64_t a, std::uint64_t b) { return a > kMax - b ? kMax : a + b; }

class CostModel {
 public:
  explicit CostModel(ir::Module& m) : m_(m), state_(m.decisions.size(), State::todo) {}

  void run() {
    for (std::size_t i = 0; i < m_.decisions.size(); ++i) decision(i);
  }

 private:
  enum class State { todo, busy, done };

  std::uint64_t decision(std::size_t i) {
    ir::Decision& d = m_.decisions[i];
    if (state_[i] == State::done) return d.worst_case_cost;
    if (state_[i] == State::busy) return kMax;  // a cycle: already an error, and unbounded
    state_[i] = State::busy;
    std::uint64_t total = 1;
    if (d.is_table) {
      for (const ir::InputColumn& c : d.columns) total = add(total, expr(c.expr));
      for (const ir::TableRow& row : d.rows) {
        std::uint64_t r = 1;
        for (const ir::Cell& cell : row.inputs) {
          r = add(r, 1);
          for (const ir::ExprPtr& o : cell.operands) r = add(r, expr(o));
        }
        for (const ir::ExprPtr& o : row.outputs) r = add(r, expr(o));
        total = add(total, r);
      }
    } else {
      for (const ir::Rule& rule : d.rules) total = add(total, add(expr(rule.condition), expr(rule.result)));
      total = add(total, expr(d.otherwise));
    }
    d.worst_case_cost = total;
    state_[i] = State::done;
    return total;
  }

  std::uint64_t expr(const ir::ExprPtr& e) {
    if (!e) return 0;
    std::uint64_t c = 1;
    for (const ir::ExprPtr& o : e->operands) c = add(c, expr(o));
    if (e->kind == ir::ExprKind::call_decision && e->index < m_.decisions.size()) c = add(c, decision(e->index));
    return c;
  }

  ir::Module& m_;
  std::vector<State> state_;
};

}  // namespace

void compute_costs(ir::Module& module) { CostModel(module).run(); }

}  // namespace docket::dsl
