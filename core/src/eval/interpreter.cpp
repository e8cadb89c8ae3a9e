// The tree-walking expression interpreter: literals, params, fields, outcomes, operators, calls.
#include "eval/interpreter.hpp"

#include <fmt/format.h>

#include <exception>
#include <memory>

#include "eval/builtins.hpp"
#include "eval/eval_error.hpp"
#include "eval/operators.hpp"
#include "eval/value_check.hpp"

namespace docket::detail {

namespace {

bool as_condition(const Value& v, std::string_view what) {
  if (!v.holds<bool>()) {
    throw EvalError(fmt::format("{} must be a bool, got {} {}", what, value_type_name(v), to_string(v)));
  }
  return v.as_bool();
}

}  // namespace

Value Interpreter::evaluate(const ir::Expr& expr, const Environment& env) const {
  Walk walk;
  walk.route = caller_ != nullptr && calls_fit_budget(expr);
  return eval(expr, env, walk);
}

namespace {

// Adds the worst cases of the decision calls in `e` to `sum`; false once they pass `budget`, or when
// the expression nests deeper than a guard or role ever does (then the interpreter answers alone,
// which is always right). Recursive without allocating: this runs for every workflow expression.
bool add_call_costs(const ir::Module& m, const ir::Expr& e, std::uint64_t budget, std::uint64_t& sum, unsigned depth) {
  if (depth > 64) return false;
  if (e.kind == ir::ExprKind::call_decision && e.index < m.decisions.size()) {
    const std::uint64_t cost = m.decisions[e.index].worst_case_cost;
    sum = sum > ir::kCostSaturated - cost ? ir::kCostSaturated : sum + cost;
    if (sum > budget) return false;
  }
  for (const ir::ExprPtr& op : e.operands) {
    if (!add_call_costs(m, *op, budget, sum, depth + 1)) return false;
  }
  return true;
}

}  // namespace

bool Interpreter::calls_fit_budget(const ir::Expr& expr) const {
  std::uint64_t sum = 0;
  return add_call_costs(*module_, expr, step_budget_, sum, 0);
}

DecisionResult Interpreter::decide(std::size_t index, std::span<const Value> args) const {
  Walk walk;
  return decide_at(index, args, walk);
}

void Interpreter::enter(std::size_t index, Walk& walk) const {
  const std::string_view name =
      index < module_->decisions.size() ? std::string_view(module_->decisions[index].name) : std::string_view("?");
  if (walk.depth > max_depth) {
    throw EvalError(fmt::format("decision `{}` nested more than {} calls deep (is it recursive?)", name, max_depth));
  }
  if (index >= own_costs_.size()) return;
  const std::uint64_t own = own_costs_[index];
  walk.steps = walk.steps > ir::kCostSaturated - own ? ir::kCostSaturated : walk.steps + own;
  if (walk.steps > step_budget_) {
    throw StepBudgetError(fmt::format("decision `{}` stopped: this evaluation went beyond its budget of {} steps (decisions "
                                "calling decisions many times over multiply their work)",
                                name, step_budget_));
  }
}

Value Interpreter::eval(const ir::Expr& expr, const Environment& env, Walk& walk) const {
  switch (expr.kind) {
    case ir::ExprKind::literal:
      if (expr.type.kind() == TypeKind::number && expr.literal.holds<std::int64_t>()) {
        return expr.literal.as_number();
      }
      return expr.literal;
    case ir::ExprKind::param:
      if (expr.index >= env.params.size() || (env.params[expr.index].empty() && !expr.type.may_be_none())) {
        throw EvalError(fmt::format("parameter #{} has no value", expr.index + 1));
      }
      return env.params[expr.index];
    case ir::ExprKind::field: {
      Value record = eval(*expr.operands.at(0), env, walk);
      if (record.empty() && expr.type.may_be_none()) return record;  // a field of none is none
      if (!record.holds<Value::Record>()) {
        throw EvalError(fmt::format("cannot read a field of {} {}", value_type_name(record), to_string(record)));
      }
      const RecordValue& r = record.as_record();
      const std::string name =
          r.def && expr.index < r.def->fields.size() ? r.def->fields[expr.index].name : fmt::format("#{}", expr.index);
      if (expr.index >= r.fields.size() || (r.fields[expr.index].empty() && !expr.type.may_be_none())) {
        throw EvalError(fmt::format("field `{}` of {} has no value", name, value_type_name(record)));
      }
      return r.fields[expr.index];
    }
    case ir::ExprKind::step_outcome: return step_outcome(expr, env);
    case ir::ExprKind::unary: {
      Value operand = eval(*expr.operands.at(0), env, walk);
      if (operand.empty() && expr.type.may_be_none()) return operand;  // `not none`, `-none`: none
      return apply_unary(expr.unary_op, operand);
    }
    case ir::ExprKind::binary:
      if (expr.binary_op == ir::BinaryOp::logical_and || expr.binary_op == ir::BinaryOp::logical_or) {
        return logical(expr, env, walk);
      }
      {
        // Left before right, as the compiled evaluator and DMN do (a call's arguments are evaluated in
        // an unspecified order: g++ took the right one first, so a failure blamed the right operand).
        Value left = eval(*expr.operands.at(0), env, walk);
        Value right = eval(*expr.operands.at(1), env, walk);
        return apply_binary(expr.binary_op, left, right, expr.type);
      }
    case ir::ExprKind::call_decision: {
      std::vector<Value> args = arguments(expr, env, walk);
      if (expr.type.may_be_none() && expr.index < module_->decisions.size() &&
          skips_none(args, module_->decisions[expr.index].params)) {
        return {};
      }
      if (walk.route && walk.depth == 0) return caller_->call(expr.index, args).value;
      struct Deeper {
        Walk& walk;
        explicit Deeper(Walk& w) : walk(w) { ++walk.depth; }
        ~Deeper() { --walk.depth; }
      } deeper(walk);
      return decide_at(expr.index, args, walk).value;
    }
    case ir::ExprKind::call_function: return call_function(expr, env, walk);
    case ir::ExprKind::builtin: {
      std::vector<Value> args = arguments(expr, env, walk);
      if (expr.type.may_be_none()) {
        for (const Value& a : args) {
          if (a.empty()) return a;  // FEEL's null in, null out
        }
      }
      return apply_builtin(static_cast<ir::Builtin>(expr.index), args, expr.type);
    }
    case ir::ExprKind::list: {
      const ListDef* list = expr.type.list_def();
      auto items = std::make_shared<std::vector<Value>>();
      items->reserve(expr.operands.size());
      for (const ir::ExprPtr& item : expr.operands) items->push_back(widen(eval(*item, env, walk), list->element));
      return Value(Value::List(std::move(items)));
    }
    case ir::ExprKind::record: {
      const RecordDef* def = expr.type.record_def();
      auto record = std::make_shared<RecordValue>();
      record->def = def;
      record->fields.reserve(expr.operands.size());
      for (std::size_t i = 0; i < expr.operands.size(); ++i) {
        record->fields.push_back(widen(eval(*expr.operands[i], env, walk), def->fields.at(i).type));
      }
      return Value(Value::Record(std::move(record)));
    }
  }
  throw EvalError("unknown kind of expression");
}

// `and`/`or` as FEEL has them over none: false and anything is false, true or anything is true, and
// otherwise a none operand makes the answer none.
Value Interpreter::logical(const ir::Expr& expr, const Environment& env, Walk& walk) const {
  const bool is_and = expr.binary_op == ir::BinaryOp::logical_and;
  const Value left = eval(*expr.operands.at(0), env, walk);
  const bool left_none = left.empty() && expr.operands[0]->type.may_be_none();
  if (!left_none) {
    const bool l = as_condition(left, is_and ? "left operand of `and`" : "left operand of `or`");
    if (is_and != l) return l;  // false and ..., true or ...
  }
  const Value right = eval(*expr.operands.at(1), env, walk);
  if (right.empty() && expr.operands[1]->type.may_be_none()) return {};
  const bool r = as_condition(right, is_and ? "right operand of `and`" : "right operand of `or`");
  if (is_and != r) return r;
  return left_none ? Value() : Value(r);
}

bool skips_none(std::span<const Value> args, const std::vector<ir::Param>& params) {
  for (std::size_t i = 0; i < args.size() && i < params.size(); ++i) {
    if (args[i].empty() && !params[i].type.may_be_none()) return true;
  }
  return false;
}

std::vector<Value> Interpreter::arguments(const ir::Expr& expr, const Environment& env, Walk& walk) const {
  std::vector<Value> args;
  args.reserve(expr.operands.size());
  for (const ir::ExprPtr& operand : expr.operands) args.push_back(eval(*operand, env, walk));
  return args;
}

Value Interpreter::call_function(const ir::Expr& expr, const Environment& env, Walk& walk) const {
  const Function* fn = bindings_->find(expr);
  if (fn == nullptr || !fn->call) {
    throw EvalError(fmt::format("function `{}` is not bound (the program was not lowered with it)", expr.callee()));
  }
  std::vector<Value> args = arguments(expr, env, walk);
  if (expr.type.may_be_none()) {
    for (std::size_t i = 0; i < args.size() && i < fn->signature.params.size(); ++i) {
      if (args[i].empty() && !fn->signature.params[i].may_be_none()) return {};  // not called on none
    }
  }
  return call_bound_function(expr, *fn, args);
}

Value call_bound_function(const ir::Expr& call, const Function& fn, std::span<const Value> args) {
  Value result;
  try {
    result = fn.call(args);
  } catch (const FunctionError& e) {
    throw EvalError(fmt::format("function `{}` failed: {}", call.callee(), e.what()));
  } catch (const std::exception& e) {
    throw EvalError(fmt::format("function `{}` threw an unexpected exception: {}", call.callee(), e.what()));
  }
  std::optional<Value> typed = conform(result, fn.signature.result);
  if (!typed) {
    throw EvalError(fmt::format("function `{}` returned {} {}, but its signature promises {}", call.callee(),
                                value_type_name(result), to_string(result), fn.signature.result.name()));
  }
  return *std::move(typed);
}

Value Interpreter::step_outcome(const ir::Expr& expr, const Environment& env) const {
  if (expr.index >= env.outcomes.size() || expr.index2 >= env.outcomes[expr.index].size() ||
      env.outcomes[expr.index][expr.index2].empty()) {
    // The names are put together only for the message (a guard reads an outcome on every route).
    const ir::Workflow* wf = env.workflow;
    std::string step = fmt::format("#{}", expr.index);
    std::string outcome = fmt::format("#{}", expr.index2);
    if (wf && expr.index < wf->nodes.size()) {
      const ir::Node& node = wf->nodes[expr.index];
      step = node.name;
      if (expr.index2 < node.outcomes.size()) outcome = node.outcomes[expr.index2].name;
    }
    throw EvalError(fmt::format("outcome `{}.{}` is not set: step `{}` has not completed yet", step, outcome, step));
  }
  return env.outcomes[expr.index][expr.index2];
}

const ir::Decision& Interpreter::decision_at(std::size_t index, std::span<const Value> args, Walk& walk) const {
  if (index >= module_->decisions.size()) throw EvalError(fmt::format("there is no decision #{}", index));
  const ir::Decision& d = module_->decisions[index];
  enter(index, walk);
  if (args.size() != d.params.size()) {
    throw EvalError(fmt::format("decision `{}` takes {} argument(s), got {}", d.name, d.params.size(), args.size()));
  }
  return d;
}

DecisionResult Interpreter::decide_at(std::size_t index, std::span<const Value> args, Walk& walk) const {
  const ir::Decision& d = decision_at(index, args, walk);
  Environment env;
  env.params = args;
  if (d.is_table) return decide_table(d, env, walk);
  for (std::size_t i = 0; i < d.rules.size(); ++i) {
    const ir::Rule& rule = d.rules[i];
    const Value holds = eval(*rule.condition, env, walk);
    if (holds.empty() && rule.condition->type.may_be_none()) continue;  // a condition that is none does not hold
    if (!holds.holds<bool>()) {  // the message is put together only when it is needed
      (void)as_condition(holds, rule.label.empty()
                                    ? fmt::format("condition of rule {} of decision `{}`", i + 1, d.name)
                                    : fmt::format("condition of rule \"{}\" of decision `{}`", rule.label, d.name));
    }
    if (holds.as_bool()) return {eval(*rule.result, env, walk), i};
  }
  if (!d.otherwise) throw EvalError(fmt::format("no rule of decision `{}` held and it has no otherwise", d.name));
  return {eval(*d.otherwise, env, walk), std::nullopt};
}

}  // namespace docket::detail
