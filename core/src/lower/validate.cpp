// Lowering checks: expression indexes, table shapes, workflow shapes, and binding function calls to the registry.
#include "lower/validate.hpp"

#include <fmt/format.h>

#include "docket/core/flow_analysis.hpp"
#include "docket/core/ir_limits.hpp"
#include "docket/core/suggest.hpp"
#include "eval/operators.hpp"

namespace docket::detail {

namespace {

class Validator {
 public:
  Validator(const ir::Module& module, std::span<const ir::DecisionBounds> bounds, const FunctionRegistry& functions,
            FunctionBindings& bindings, Diagnostics& d)
      : module_(module), bounds_(bounds), functions_(functions), bindings_(bindings), diagnostics_(d) {}

  void decision(const ir::Decision& d, std::size_t index) {
    where_ = fmt::format("decision `{}`", d.name);
    scope_params_ = d.params.size();
    workflow_ = nullptr;
    in_decision_ = true;
    too_deep_ = false;
    if (d.is_table) {
      table(d);
    } else {
      for (const ir::Rule& rule : d.rules) {
        expr(rule.condition.get(), rule.range);
        expr(rule.result.get(), rule.range);
      }
      expr(d.otherwise.get(), d.range);
    }
    const ir::DecisionBounds& b = bounds_[index];
    if (too_deep_) return;
    if (b.cyclic) {
      diagnostics_.error(code_nesting, d.range,
                         fmt::format("{} calls itself, directly or through the decisions it calls", where_),
                         "decisions may not call each other in a cycle: the checker refuses this (D0309)");
    } else if (b.nesting > ir::kMaxNesting &&
               (!b.deepest_callee || bounds_[*b.deepest_callee].nesting <= ir::kMaxNesting)) {
      // Reported where the chain crosses the limit, not again at every caller.
      diagnostics_.error(code_nesting, d.range,
                         fmt::format("{} nests more than {} levels deep through the decisions it calls", where_,
                                     ir::kMaxNesting),
                         "shorten the chain of decisions calling decisions (the checker refuses this: D0432)");
    }
  }

  void test(const ir::Test& t) {
    where_ = fmt::format("test \"{}\"", t.name);
    scope_params_ = 1;  // `now`
    workflow_ = nullptr;
    in_decision_ = false;
    std::optional<std::uint32_t> started;
    for (const ir::TestStep& step : t.steps) {
      if (step.value) expr(step.value.get(), step.range);
      if (step.when) expr(step.when.get(), step.range);
      if (step.role) expr(step.role.get(), step.range);
      for (const ir::ExprPtr& a : step.args) expr(a.get(), step.range);
      for (const ir::TestOutcome& o : step.outcomes) expr(o.value.get(), step.range);
      if (step.kind == ir::TestStepKind::start) {
        if (step.workflow >= module_.workflows.size()) {
          inconsistent(step.range, fmt::format("workflow #{} does not exist", step.workflow));
          return;
        }
        started = step.workflow;
      }
      if (step.sla && (!started || *step.sla >= module_.workflows[*started].slas.size())) {
        inconsistent(step.range, fmt::format("SLA #{} is not an SLA of the started workflow", *step.sla));
      }
      for (std::uint32_t n : step.nodes) {
        if (!started || n >= module_.workflows[*started].nodes.size()) {
          inconsistent(step.range, fmt::format("node #{} is not a node of the started workflow", n));
        }
      }
    }
  }

  void workflow(const ir::Workflow& wf) {
    where_ = fmt::format("workflow `{}`", wf.name);
    scope_params_ = wf.params.size();
    workflow_ = &wf;
    in_decision_ = false;
    if (wf.nodes.empty() || wf.nodes[0].kind != ir::NodeKind::start) {
      shape(wf.range, "its first node must be the start node");
      return;
    }
    for (std::size_t i = 1; i < wf.nodes.size(); ++i) {
      const ir::Node& node = wf.nodes[i];
      if (node.kind == ir::NodeKind::start) shape(node.range, fmt::format("node `{}` is a second start node", node.name));
      if (node.assignee == ir::AssigneeKind::role) expr(node.role.get(), node.range);
      for (const ir::ExprPtr& arg : node.action_args) expr(arg.get(), node.range);
      if (node.assignee == ir::AssigneeKind::action && node.action.empty()) {
        inconsistent(node.range, fmt::format("step `{}` is done by an action without a name", node.name));
      }
    }
    edges(wf);
    if (wf.repeat) {
      expr(wf.repeat->every.get(), wf.repeat->range);
      if (wf.repeat->window) expr(wf.repeat->window.get(), wf.repeat->range);
      if (wf.repeat->times) expr(wf.repeat->times.get(), wf.repeat->range);
      if ((wf.repeat->window == nullptr) == (wf.repeat->times == nullptr)) {
        inconsistent(wf.repeat->range, "its `repeat` needs exactly one of `for` and `times`");
      }
    }
    for (const std::vector<std::uint32_t>& cycle : analyze_flow(wf).instant_cycles) {
      shape(wf.nodes[cycle.front()].range,
            fmt::format("node `{}` is on a loop that never waits for a person, an event or time", wf.nodes[cycle.front()].name));
    }
  }

 private:
  // A table: its columns, cells and outputs are expressions like any other, and its shape must fit
  // what the interpreter assumes of its hit policy.
  void table(const ir::Decision& d) {
    where_ = fmt::format("table `{}`", d.name);
    if (!d.rules.empty()) inconsistent(d.range, "it also has rules");
    if (d.otherwise && (d.hit == ir::HitPolicy::collect || d.hit == ir::HitPolicy::rule_order ||
                        d.hit == ir::HitPolicy::output_order) &&
        !(d.otherwise->type == d.row_type)) {
      inconsistent(d.otherwise->range, "it answers a list, yet its otherwise is not one row");
    }
    for (const ir::InputColumn& column : d.columns) expr(column.expr.get(), column.range);
    if (d.otherwise) expr(d.otherwise.get(), d.otherwise->range);
    table_outputs(d);
    for (std::size_t r = 0; r < d.rows.size(); ++r) {
      const ir::TableRow& row = d.rows[r];
      if (row.inputs.size() != d.columns.size() || row.outputs.size() != d.outputs.size()) {
        inconsistent(row.range, fmt::format("row {} has {} input and {} output cells for {} columns and {} outputs",
                                            r + 1, row.inputs.size(), row.outputs.size(), d.columns.size(),
                                            d.outputs.size()));
        continue;
      }
      for (const ir::Cell& c : row.inputs) cell(c, r);
      for (const ir::ExprPtr& output : row.outputs) expr(output.get(), row.range);
    }
  }

  void table_outputs(const ir::Decision& d) {
    using ir::HitPolicy;
    if (d.outputs.empty()) {
      inconsistent(d.range, "it has no output column");
      return;
    }
    const RecordDef* row = d.row_type.record_def();
    if (d.outputs.size() > 1 && (row == nullptr || row->fields.size() != d.outputs.size())) {
      inconsistent(d.range, fmt::format("its {} outputs have no record type with as many fields", d.outputs.size()));
    }
    const char* policy = ir::hit_policy_name(d.hit);
    const bool aggregates = d.hit == HitPolicy::collect_sum || d.hit == HitPolicy::collect_min ||
                            d.hit == HitPolicy::collect_max;
    if (aggregates && d.outputs.size() != 1) {
      inconsistent(d.range, fmt::format("hit policy {} needs exactly one output, it has {}", policy, d.outputs.size()));
    }
    const bool ranks = d.hit == HitPolicy::priority || d.hit == HitPolicy::output_order;
    if (ranks && d.outputs[0].type.enum_def() == nullptr) {
      inconsistent(d.range, fmt::format("hit policy {} needs an enum first output", policy));
    }
    const bool lists = d.hit == HitPolicy::output_order || d.hit == HitPolicy::rule_order ||
                       d.hit == HitPolicy::collect;
    if (lists != (d.result.kind() == TypeKind::list)) {
      inconsistent(d.range, fmt::format("hit policy {} does not answer a {}", policy, d.result.name()));
    }
    if (d.hit == HitPolicy::collect_count && d.result.kind() != TypeKind::integer) {
      inconsistent(d.range, fmt::format("hit policy {} answers an int, not a {}", policy, d.result.name()));
    }
  }

  void cell(const ir::Cell& c, std::size_t row) {
    std::size_t need = 0;
    bool exact = true;
    switch (c.kind) {
      case ir::CellKind::any: break;
      case ir::CellKind::compare:
        need = 1;
        if (c.op < ir::BinaryOp::eq || c.op > ir::BinaryOp::ge) {
          inconsistent(c.range, fmt::format("a cell of row {} compares with `{}`", row + 1, operator_text(c.op)));
        }
        break;
      case ir::CellKind::range: need = 2; break;
      case ir::CellKind::one_of:
        need = 1;
        exact = false;
        break;
      case ir::CellKind::any_of: {
        std::uint32_t next = 0;
        for (const ir::CellTest& t : c.tests) {
          const bool fits = (t.kind == ir::CellKind::compare && t.count == 1) ||
                            (t.kind == ir::CellKind::range && t.count == 2) ||
                            (t.kind == ir::CellKind::one_of && t.count >= 1);
          if (!fits || t.first != next) {
            inconsistent(c.range, fmt::format("a cell of row {} lists a test that does not fit its operands", row + 1));
          }
          next = t.first + t.count;
        }
        need = next;
        if (c.tests.empty()) inconsistent(c.range, fmt::format("a cell of row {} lists no tests", row + 1));
        break;
      }
    }
    if (c.negated && c.kind == ir::CellKind::any) {
      inconsistent(c.range, fmt::format("a cell of row {} negates `-`", row + 1));
    }
    if (exact ? c.operands.size() != need : c.operands.size() < need) {
      inconsistent(c.range, fmt::format("a cell of row {} has {} operand(s) where {}{} are needed", row + 1,
                                        c.operands.size(), exact ? "" : "at least ", need));
    }
    for (const ir::ExprPtr& operand : c.operands) expr(operand.get(), c.range);
  }

  void edges(const ir::Workflow& wf) {
    std::vector<int> otherwise_count(wf.nodes.size(), 0);
    bool start_has_exit = false;
    for (const ir::Edge& e : wf.edges) {
      if (e.from >= wf.nodes.size() || e.to >= wf.nodes.size()) {
        inconsistent(e.range, fmt::format("an edge refers to node #{} -> #{}, but there are only {} nodes", e.from,
                                          e.to, wf.nodes.size()));
        continue;
      }
      const ir::Node& from = wf.nodes[e.from];
      const ir::Node& to = wf.nodes[e.to];
      if (to.kind == ir::NodeKind::start) shape(e.range, fmt::format("edge `{} -> start` enters the start node", from.name));
      if (from.kind == ir::NodeKind::end) {
        shape(e.range, fmt::format("edge `{} -> {}` leaves an end node", from.name, to.name));
      }
      if (e.from == 0 && e.kind != ir::EdgeKind::on_event) start_has_exit = true;
      if (from.kind == ir::NodeKind::parallel && e.kind != ir::EdgeKind::always) {
        shape(e.range, fmt::format("edge `{} -> {}` leaves a parallel split with a guard or event", from.name, to.name));
      }
      switch (e.kind) {
        case ir::EdgeKind::when:
          if (!e.guard) inconsistent(e.range, fmt::format("edge `{} -> {}` has `when` but no guard", from.name, to.name));
          expr(e.guard.get(), e.range);
          break;
        case ir::EdgeKind::on_event:
          if (e.event.empty()) inconsistent(e.range, fmt::format("edge `{} -> {}` waits for an unnamed event", from.name, to.name));
          break;
        case ir::EdgeKind::otherwise:
          if (++otherwise_count[e.from] == 2) {
            shape(e.range, fmt::format("node `{}` has more than one `otherwise` edge", from.name));
          }
          break;
        case ir::EdgeKind::always: break;
      }
    }
    if (!start_has_exit) shape(wf.range, "the start node has no outgoing edge");
  }

  // A whole expression: its depth is measured before it is walked, so the walk below recurses at
  // most ir::kMaxNesting levels.
  void expr(const ir::Expr* e, SourceRange range) {
    if (e == nullptr) {
      inconsistent(range, "an expression is missing");
      return;
    }
    if (ir::depth_at_most(*e, ir::kMaxNesting) > ir::kMaxNesting) {
      too_deep_ = true;
      diagnostics_.error(code_expression_depth, e->range,
                         fmt::format("{}: an expression nests more than {} levels deep", where_, ir::kMaxNesting),
                         "build flatter expressions (the checker refuses these: D0312); long `and`/`or` chains can "
                         "be balanced trees");
      return;
    }
    if (!in_decision_) {
      // Outside decisions, a call's depth below it counts too (decisions are checked as a whole).
      if (ir::expr_nesting(*e, bounds_) > ir::kMaxNesting) {
        diagnostics_.error(code_nesting, e->range,
                           fmt::format("{}: an expression nests more than {} levels deep with the decisions it calls",
                                       where_, ir::kMaxNesting),
                           "shorten the chain of decisions calling decisions");
        return;
      }
    }
    walk(e);
  }

  void walk(const ir::Expr* e) {
    bool missing = false;
    for (const ir::ExprPtr& operand : e->operands) {
      if (operand == nullptr) {
        missing = true;
      } else {
        walk(operand.get());
      }
    }
    if (missing) {
      inconsistent(e->range, "an operand of an expression is missing");
      return;
    }
    switch (e->kind) {
      case ir::ExprKind::literal: break;
      case ir::ExprKind::param:
        if (e->index >= scope_params_) inconsistent(e->range, fmt::format("parameter #{} does not exist", e->index));
        break;
      case ir::ExprKind::field: field(*e); break;
      case ir::ExprKind::step_outcome: step_outcome(*e); break;
      case ir::ExprKind::unary: operands(*e, 1); break;
      case ir::ExprKind::binary: operands(*e, 2); break;
      case ir::ExprKind::call_decision:
        if (e->index >= module_.decisions.size()) {
          inconsistent(e->range, fmt::format("decision #{} does not exist", e->index));
        } else {
          operands(*e, module_.decisions[e->index].params.size());
        }
        break;
      case ir::ExprKind::call_function: call(*e); break;
      case ir::ExprKind::builtin:
        if (e->index >= ir::kBuiltinCount) inconsistent(e->range, fmt::format("built-in function #{} does not exist", e->index));
        break;
      case ir::ExprKind::list:
        if (e->type.list_def() == nullptr) inconsistent(e->range, "a list value without a list type");
        break;
      case ir::ExprKind::record:
        if (e->type.record_def() == nullptr) {
          inconsistent(e->range, "a record value without a record type");
        } else {
          operands(*e, e->type.record_def()->fields.size());
        }
        break;
    }
  }

  void field(const ir::Expr& e) {
    if (!operands(e, 1)) return;
    const RecordDef* def = e.operands[0]->type.record_def();
    if (def == nullptr) {
      inconsistent(e.range, "a field is read from something that is not a record");
    } else if (e.index >= def->fields.size()) {
      inconsistent(e.range, fmt::format("record {} has no field #{}", def->name, e.index));
    }
  }

  void step_outcome(const ir::Expr& e) {
    if (workflow_ == nullptr) {
      inconsistent(e.range, "a step outcome is read outside a workflow");
    } else if (e.index >= workflow_->nodes.size() || e.index2 >= workflow_->nodes[e.index].outcomes.size()) {
      inconsistent(e.range, fmt::format("step outcome #{}.#{} does not exist", e.index, e.index2));
    }
  }

  void call(const ir::Expr& e) {
    if (!e.literal.holds<std::string>()) {
      inconsistent(e.range, "a function call without the function's name");
      return;
    }
    const Function* fn = functions_.find(e.callee());
    if (fn == nullptr) {
      diagnostics_.error(code_unknown_function, e.range,
                         fmt::format("unknown function `{}` in {}{}", e.callee(), where_, did_you_mean_suffix(e.callee(), functions_.names())),
                         "register the function with the engine, or load the plugin that provides it");
      return;
    }
    if (fn->signature.params.size() != e.operands.size()) {
      diagnostics_.error(code_function_arity, e.range,
                         fmt::format("function `{}` takes {} argument(s), but {} are given in {}", e.callee(),
                                     fn->signature.params.size(), e.operands.size(), where_),
                         "the function's signature may have changed since the program was checked: check it again");
      return;
    }
    bindings_.bind(e, *fn);
  }

  bool operands(const ir::Expr& e, std::size_t n) {
    if (e.operands.size() == n) return true;
    inconsistent(e.range, fmt::format("an expression has {} operand(s) where {} are needed", e.operands.size(), n));
    return false;
  }

  void shape(SourceRange range, const std::string& message) {
    diagnostics_.error(code_workflow_shape, range, fmt::format("{}: {}", where_, message),
                       "fix the flow block of the workflow");
  }

  void inconsistent(SourceRange range, const std::string& message) {
    diagnostics_.error(code_inconsistent_ir, range, fmt::format("{}: {}", where_, message),
                       "this is a bug in the checker that produced the program: please report it");
  }

  const ir::Module& module_;
  std::span<const ir::DecisionBounds> bounds_;
  const FunctionRegistry& functions_;
  FunctionBindings& bindings_;
  Diagnostics& diagnostics_;
  std::string where_;
  std::size_t scope_params_ = 0;
  const ir::Workflow* workflow_ = nullptr;
  bool in_decision_ = false;  // decisions are measured whole, with their callees (bounds_)
  bool too_deep_ = false;     // an expression of the current decision was refused for its depth
};

}  // namespace

void bind_and_validate(const ir::Module& module, std::span<const ir::DecisionBounds> bounds,
                       const FunctionRegistry& functions, FunctionBindings& bindings, Diagnostics& diagnostics) {
  Validator v(module, bounds, functions, bindings, diagnostics);
  for (std::size_t i = 0; i < module.decisions.size(); ++i) v.decision(module.decisions[i], i);
  for (const ir::Workflow& wf : module.workflows) v.workflow(wf);
  for (const ir::Test& t : module.tests) v.test(t);
}

}  // namespace docket::detail
