// Test helpers: build typed ir::Expr trees and workflows by hand (no parser involved).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include <memory>

#include "docket/core/diagnostic.hpp"
#include "docket/core/ir.hpp"
#include "docket/core/program.hpp"

namespace docket::test {

inline ir::ExprPtr make(ir::ExprKind kind, Type type) {
  auto e = std::make_unique<ir::Expr>();
  e->kind = kind;
  e->type = type;
  return e;
}

inline ir::ExprPtr lit(Value v, Type type) {
  auto e = make(ir::ExprKind::literal, type);
  e->literal = std::move(v);
  return e;
}
inline ir::ExprPtr int_lit(std::int64_t v) { return lit(v, Type::integer()); }
inline ir::ExprPtr num_lit(double v) { return lit(v, Type::number()); }
inline ir::ExprPtr text_lit(std::string v) { return lit(std::move(v), Type::text()); }
inline ir::ExprPtr bool_lit(bool v) { return lit(v, Type::boolean()); }
inline ir::ExprPtr dur_lit(std::int64_t amount, DurationUnit unit) { return lit(Duration{amount, unit}, Type::duration()); }
inline ir::ExprPtr enum_lit(const EnumDef& def, std::string_view member) {
  return lit(EnumValue{&def, *def.find(member)}, Type(&def));
}

inline ir::ExprPtr param(std::uint32_t index, Type type) {
  auto e = make(ir::ExprKind::param, type);
  e->index = index;
  return e;
}

inline ir::ExprPtr field(ir::ExprPtr record, std::string_view name) {
  const RecordDef* def = record->type.record_def();
  std::uint32_t index = *def->find(name);
  auto e = make(ir::ExprKind::field, def->fields[index].type);
  e->index = index;
  e->operands.push_back(std::move(record));
  return e;
}

inline ir::ExprPtr outcome(std::uint32_t node, std::uint32_t index, Type type) {
  auto e = make(ir::ExprKind::step_outcome, type);
  e->index = node;
  e->index2 = index;
  return e;
}

inline ir::ExprPtr unary(ir::UnaryOp op, ir::ExprPtr a, Type type) {
  auto e = make(ir::ExprKind::unary, type);
  e->unary_op = op;
  e->operands.push_back(std::move(a));
  return e;
}

inline ir::ExprPtr binary(ir::BinaryOp op, ir::ExprPtr a, ir::ExprPtr b, Type type) {
  auto e = make(ir::ExprKind::binary, type);
  e->binary_op = op;
  e->operands.push_back(std::move(a));
  e->operands.push_back(std::move(b));
  return e;
}
// A comparison or logical operator: the result is a bool.
inline ir::ExprPtr test_op(ir::BinaryOp op, ir::ExprPtr a, ir::ExprPtr b) {
  return binary(op, std::move(a), std::move(b), Type::boolean());
}

template <class... Args>
ir::ExprPtr call_function(std::string callee, Type result, Args... args) {
  auto e = make(ir::ExprKind::call_function, result);
  e->literal = Value(std::move(callee));
  (e->operands.push_back(std::move(args)), ...);
  return e;
}

template <class... Args>
ir::ExprPtr call_decision(std::uint32_t index, Type result, Args... args) {
  auto e = make(ir::ExprKind::call_decision, result);
  e->index = index;
  (e->operands.push_back(std::move(args)), ...);
  return e;
}

// `decision NAME(x: int) -> int { hit first otherwise OTHERWISE }`.
inline ir::Decision int_decision(std::string name, ir::ExprPtr otherwise) {
  ir::Decision d;
  d.name = std::move(name);
  d.params = {ir::Param{"x", Type::integer(), {}}};
  d.result = Type::integer();
  d.otherwise = std::move(otherwise);
  return d;
}

// Builds a workflow node by node and edge by edge; node 0 (start) exists from the beginning.
class WorkflowBuilder {
 public:
  explicit WorkflowBuilder(std::string name) {
    wf_.name = std::move(name);
    ir::Node start;
    start.kind = ir::NodeKind::start;
    start.name = "start";
    wf_.nodes.push_back(std::move(start));
  }

  WorkflowBuilder& param(std::string name, Type type) {
    wf_.params.push_back(ir::Param{std::move(name), type, {}});
    return *this;
  }
  WorkflowBuilder& calendar(std::string name) {
    wf_.calendar = std::move(name);
    return *this;
  }

  std::uint32_t node(ir::NodeKind kind, std::string name) {
    ir::Node n;
    n.kind = kind;
    n.name = std::move(name);
    wf_.nodes.push_back(std::move(n));
    return static_cast<std::uint32_t>(wf_.nodes.size() - 1);
  }
  std::uint32_t step(std::string name) { return node(ir::NodeKind::step, std::move(name)); }
  std::uint32_t wait(std::string name) { return node(ir::NodeKind::wait, std::move(name)); }
  std::uint32_t end(std::string name) { return node(ir::NodeKind::end, std::move(name)); }

  ir::Node& at(std::uint32_t index) { return wf_.nodes.at(index); }

  void role(std::uint32_t node, ir::ExprPtr role) {
    at(node).assignee = ir::AssigneeKind::role;
    at(node).role = std::move(role);
  }
  template <class... Args>
  void action(std::uint32_t node, std::string name, Args... args) {
    at(node).assignee = ir::AssigneeKind::action;
    at(node).action = std::move(name);
    (at(node).action_args.push_back(std::move(args)), ...);
  }
  void within(std::uint32_t node, Duration d) { at(node).within = d; }
  void outcome(std::uint32_t node, std::string name, Type type) {
    at(node).outcomes.push_back(ir::Outcome{std::move(name), type, {}});
  }

  void edge(std::uint32_t from, std::uint32_t to, ir::EdgeKind kind = ir::EdgeKind::always) {
    ir::Edge e;
    e.from = from;
    e.to = to;
    e.kind = kind;
    wf_.edges.push_back(std::move(e));
  }
  void when(std::uint32_t from, std::uint32_t to, ir::ExprPtr guard) {
    edge(from, to, ir::EdgeKind::when);
    wf_.edges.back().guard = std::move(guard);
  }
  void otherwise(std::uint32_t from, std::uint32_t to) { edge(from, to, ir::EdgeKind::otherwise); }
  void on(std::uint32_t from, std::uint32_t to, std::string event) {
    edge(from, to, ir::EdgeKind::on_event);
    wf_.edges.back().event = std::move(event);
  }

  ir::Workflow build() { return std::move(wf_); }

 private:
  ir::Workflow wf_;
};

// Lowers a hand-built module; the test fails with the first diagnostic when lowering refuses it.
// `registry` must outlive the program.
inline std::shared_ptr<const Program> lower_or_fail(ir::Module m, const FunctionRegistry& registry) {
  Diagnostics diagnostics;
  auto program = Program::lower(std::move(m), registry, diagnostics);
  if (program == nullptr) ADD_FAILURE() << (diagnostics.all().empty() ? "lowering failed" : diagnostics.all()[0].message);
  return program;
}

// A module holding one workflow, lowered as lower_or_fail() does.
inline std::shared_ptr<const Program> lower_workflow(ir::Workflow wf, const FunctionRegistry& registry) {
  ir::Module m;
  m.workflows.push_back(std::move(wf));
  return lower_or_fail(std::move(m), registry);
}

}  // namespace docket::test
