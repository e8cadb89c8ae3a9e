// meets_none: whether a decision's parameters, answers or expressions (or a called decision's) may be none.
#include "eval/compiled/meets_none.hpp"

#include "docket/core/ir_limits.hpp"

namespace docket::detail {

namespace {

class NoneFinder {
 public:
  NoneFinder(const ir::Module& module, std::vector<std::uint8_t>& memo) : module_(module), memo_(memo) {}

  bool decision(std::size_t index) {
    if (index >= module_.decisions.size()) return true;
    memo_.resize(module_.decisions.size(), 0);
    if (memo_[index] == 1 || memo_[index] == 2) return memo_[index] == 2;
    if (memo_[index] == 3) return true;
    memo_[index] = 3;
    const bool found = look_at(module_.decisions[index]);
    memo_[index] = found ? 2 : 1;
    return found;
  }

 private:
  bool look_at(const ir::Decision& d) {
    if (d.result.may_be_none() || d.row_type.may_be_none()) return true;
    for (const ir::Param& p : d.params) {
      if (p.type.may_be_none()) return true;
    }
    for (const ir::Param& p : d.outputs) {
      if (p.type.may_be_none()) return true;
    }
    for (const ir::Rule& r : d.rules) {
      if (expr(r.condition.get(), 0) || expr(r.result.get(), 0)) return true;
    }
    if (expr(d.otherwise.get(), 0)) return true;
    for (const ir::InputColumn& c : d.columns) {
      if (expr(c.expr.get(), 0)) return true;
    }
    for (const ir::TableRow& row : d.rows) {
      for (const ir::Cell& cell : row.inputs) {
        for (const ir::ExprPtr& e : cell.operands) {
          if (expr(e.get(), 0)) return true;
        }
      }
      for (const ir::ExprPtr& e : row.outputs) {
        if (expr(e.get(), 0)) return true;
      }
    }
    return false;
  }

  // The checker bounds expression depth (ir::kMaxNesting); deeper trees from a host are taken as meeting
  // none, which only sends them to the interpreter.
  bool expr(const ir::Expr* e, unsigned depth) {
    if (e == nullptr) return false;
    if (depth > 4 * ir::kMaxNesting || e->type.may_be_none()) return true;
    if (e->kind == ir::ExprKind::call_decision && decision(e->index)) return true;
    for (const ir::ExprPtr& op : e->operands) {
      if (expr(op.get(), depth + 1)) return true;
    }
    return false;
  }

  const ir::Module& module_;
  std::vector<std::uint8_t>& memo_;
};

}  // namespace

bool meets_none(const ir::Module& module, std::size_t decision, std::vector<std::uint8_t>& memo) {
  return NoneFinder(module, memo).decision(decision);
}

}  // namespace docket::detail
