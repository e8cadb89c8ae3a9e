// Writing IR expressions back as text: operators with their precedence, names resolved by index.
#include "draw/expr_text.hpp"

#include <fmt/format.h>

namespace docket::draw {

namespace {

constexpr int kMaxDepth = 64;

// Binding strength: higher binds tighter (as in the grammar: or < and < comparisons < + - < * / < ** < unary -).
int precedence(const ir::Expr& e) {
  if (e.kind == ir::ExprKind::unary) return 7;
  if (e.kind != ir::ExprKind::binary) return 8;
  switch (e.binary_op) {
    case ir::BinaryOp::logical_or: return 1;
    case ir::BinaryOp::logical_and: return 2;
    case ir::BinaryOp::add:
    case ir::BinaryOp::sub: return 4;
    case ir::BinaryOp::mul:
    case ir::BinaryOp::div: return 5;
    case ir::BinaryOp::power: return 6;
    default: return 3;  // comparisons and `in`
  }
}

const char* op_text(ir::BinaryOp op) {
  switch (op) {
    case ir::BinaryOp::logical_and: return "and";
    case ir::BinaryOp::logical_or: return "or";
    case ir::BinaryOp::eq: return "==";
    case ir::BinaryOp::ne: return "!=";
    case ir::BinaryOp::lt: return "<";
    case ir::BinaryOp::le: return "<=";
    case ir::BinaryOp::gt: return ">";
    case ir::BinaryOp::ge: return ">=";
    case ir::BinaryOp::add: return "+";
    case ir::BinaryOp::sub: return "-";
    case ir::BinaryOp::mul: return "*";
    case ir::BinaryOp::div: return "/";
    case ir::BinaryOp::in: return "in";
    case ir::BinaryOp::power: return "**";
  }
  return "?";
}

class Writer {
 public:
  explicit Writer(const ExprContext& context) : context_(context) {}

  std::string write(const ir::Expr& e, int depth) {
    if (depth > kMaxDepth) return "…";
    switch (e.kind) {
      case ir::ExprKind::literal: return to_string(e.literal);
      case ir::ExprKind::param: return param(e.index);
      case ir::ExprKind::field: return field(e, depth);
      case ir::ExprKind::step_outcome: return outcome(e);
      case ir::ExprKind::unary: {
        std::string inner = operand(e, 0, precedence(e), depth);
        return e.unary_op == ir::UnaryOp::logical_not ? "not " + inner : "-" + inner;
      }
      case ir::ExprKind::binary: {
        // Left-associative: the right operand needs parentheses at equal precedence too, except
        // under `and`/`or`, which the checker builds as balanced trees (`a and (b and c)` is
        // `a and b and c`, evaluated left to right either way).
        const bool associative = e.binary_op == ir::BinaryOp::logical_and || e.binary_op == ir::BinaryOp::logical_or;
        std::string left = operand(e, 0, precedence(e), depth);
        std::string right = operand(e, 1, associative ? precedence(e) : precedence(e) + 1, depth);
        return fmt::format("{} {} {}", left, op_text(e.binary_op), right);
      }
      case ir::ExprKind::call_decision: {
        const ir::Module* m = context_.module;
        std::string name = m != nullptr && e.index < m->decisions.size() ? m->decisions[e.index].name : "decision";
        return name + "(" + list(e, depth) + ")";
      }
      case ir::ExprKind::call_function: return e.callee() + "(" + list(e, depth) + ")";
      case ir::ExprKind::builtin:
        return std::string(e.index < ir::kBuiltinCount ? ir::builtin_name(static_cast<ir::Builtin>(e.index)) : "builtin") +
               "(" + list(e, depth) + ")";
      case ir::ExprKind::list: return "[" + list(e, depth) + "]";
      case ir::ExprKind::record: return record(e, depth);
    }
    return "?";
  }

 private:
  std::string operand(const ir::Expr& e, std::size_t i, int needed, int depth) {
    if (i >= e.operands.size() || !e.operands[i]) return "?";
    const ir::Expr& o = *e.operands[i];
    std::string text = write(o, depth + 1);
    return precedence(o) < needed ? "(" + text + ")" : text;
  }

  std::string list(const ir::Expr& e, int depth) {
    std::string out;
    for (const ir::ExprPtr& o : e.operands) {
      if (!out.empty()) out += ", ";
      out += o ? write(*o, depth + 1) : "?";
    }
    return out;
  }

  std::string param(std::uint32_t index) const {
    const ir::Workflow* w = context_.workflow;
    return w != nullptr && index < w->params.size() ? w->params[index].name : fmt::format("param{}", index);
  }

  std::string field(const ir::Expr& e, int depth) {
    std::string base = operand(e, 0, 8, depth);
    const RecordDef* def = !e.operands.empty() && e.operands[0] ? e.operands[0]->type.record_def() : nullptr;
    return base + "." + (def != nullptr && e.index < def->fields.size() ? def->fields[e.index].name : fmt::format("field{}", e.index));
  }

  std::string outcome(const ir::Expr& e) const {
    const ir::Workflow* w = context_.workflow;
    if (w == nullptr || e.index >= w->nodes.size()) return fmt::format("node{}.outcome{}", e.index, e.index2);
    const ir::Node& n = w->nodes[e.index];
    return n.name + "." + (e.index2 < n.outcomes.size() ? n.outcomes[e.index2].name : fmt::format("outcome{}", e.index2));
  }

  std::string record(const ir::Expr& e, int depth) {
    const RecordDef* def = e.type.record_def();
    std::string out = (def != nullptr ? def->name : std::string("record")) + " {";
    for (std::size_t i = 0; i < e.operands.size(); ++i) {
      out += i == 0 ? " " : ", ";
      out += def != nullptr && i < def->fields.size() ? def->fields[i].name : fmt::format("field{}", i);
      out += ": " + (e.operands[i] ? write(*e.operands[i], depth + 1) : std::string("?"));
    }
    return out + " }";
  }

  const ExprContext& context_;
};

}  // namespace

std::string expr_text(const ir::Expr& expr, const ExprContext& context) { return Writer(context).write(expr, 0); }

std::string assignee_text(ir::AssigneeKind kind, const ir::Expr* role, const std::string& action,
                          const std::vector<ir::ExprPtr>& args, const ExprContext& context) {
  if (kind == ir::AssigneeKind::role && role != nullptr) {
    if (role->kind == ir::ExprKind::literal && role->literal.holds<std::string>()) return "role " + role->literal.as_text();
    return "role " + expr_text(*role, context);
  }
  if (kind == ir::AssigneeKind::action) {
    std::string out = "action " + action + "(";
    for (std::size_t i = 0; i < args.size(); ++i) out += (i == 0 ? "" : ", ") + (args[i] ? expr_text(*args[i], context) : "?");
    return out + ")";
  }
  return {};
}

}  // namespace docket::draw
