// Expressions compiled to closures over slots; the same operators and messages as the interpreter.
#include "eval/compiled/closure.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <memory>

#include "eval/builtins.hpp"
#include "eval/eval_error.hpp"
#include "eval/operators.hpp"
#include "eval/value_check.hpp"

namespace docket::detail {

namespace {

struct PathRef {
  std::uint32_t param = 0;
  std::vector<std::uint32_t> fields;
};

// A parameter, or fields below one: (param, field indexes outermost first).
std::optional<PathRef> path_of(const ir::Expr& e) {
  if (e.kind == ir::ExprKind::param) return PathRef{e.index, {}};
  if (e.kind != ir::ExprKind::field || e.operands.empty() || !e.operands[0]) return std::nullopt;
  std::optional<PathRef> base = path_of(*e.operands[0]);
  if (!base || e.operands[0]->type.record_def() == nullptr) return std::nullopt;
  base->fields.push_back(e.index);
  return base;
}

bool as_condition(const Value& v, const char* what) {
  if (!v.holds<bool>()) {
    throw EvalError(fmt::format("{} must be a bool, got {} {}", what, value_type_name(v), to_string(v)));
  }
  return v.as_bool();
}

bool ordering_may_fail(const Type& t) {
  switch (t.kind()) {
    case TypeKind::integer:
    case TypeKind::number:
    case TypeKind::text:
    case TypeKind::time:
    case TypeKind::enumeration: return false;
    default: return true;  // durations of other units, and types without an order
  }
}

}  // namespace

bool extract_path(const Value& v, std::span<const std::uint32_t> fields, const Slot& slot, Scalar& out) {
  const Value* at = &v;
  for (std::uint32_t f : fields) {
    if (!at->holds<Value::Record>()) return false;
    const RecordValue& r = at->as_record();
    if (f >= r.fields.size()) return false;
    at = &r.fields[f];
  }
  return scalar_from_value(*at, slot.kind, slot.input.type, out);
}

std::optional<std::uint32_t> ExprCompiler::slot_of_path(std::uint32_t param, const std::vector<std::uint32_t>& fields,
                                                        const Type& type) {
  for (std::size_t i = 0; i < plan_.slots.size(); ++i) {
    const DecisionInput& in = plan_.slots[i].input;
    if (in.param == param && in.fields == fields) return static_cast<std::uint32_t>(i);
  }
  const ir::Decision& d = *plan_.decision;
  if (param >= d.params.size()) return std::nullopt;
  // The readable path: "c.customer.area".
  std::string name = d.params[param].name;
  Type at = d.params[param].type;
  for (std::uint32_t f : fields) {
    const RecordDef* def = at.record_def();
    if (def == nullptr || f >= def->fields.size()) return std::nullopt;
    name += "." + def->fields[f].name;
    at = def->fields[f].type;
  }
  Slot slot;
  slot.input = DecisionInput{std::move(name), param, fields, type};
  slot.kind = slot_kind_of(type);
  plan_.slots.push_back(std::move(slot));
  return static_cast<std::uint32_t>(plan_.slots.size() - 1);
}

std::optional<std::uint32_t> ExprCompiler::slot_of(const ir::Expr& e) {
  std::optional<PathRef> p = path_of(e);
  if (!p) return std::nullopt;
  return slot_of_path(p->param, p->fields, e.type);
}

bool ExprCompiler::may_fail(const ir::Expr& e) {
  if (path_of(e)) return false;
  auto any_operand = [&e] {
    for (const ir::ExprPtr& o : e.operands) {
      if (!o || may_fail(*o)) return true;
    }
    return false;
  };
  switch (e.kind) {
    case ir::ExprKind::literal: return false;
    case ir::ExprKind::unary: return e.unary_op != ir::UnaryOp::logical_not || any_operand();
    case ir::ExprKind::binary:
      switch (e.binary_op) {
        case ir::BinaryOp::logical_and:
        case ir::BinaryOp::logical_or:
        case ir::BinaryOp::eq:
        case ir::BinaryOp::ne:
        case ir::BinaryOp::in: return any_operand();
        case ir::BinaryOp::lt:
        case ir::BinaryOp::le:
        case ir::BinaryOp::gt:
        case ir::BinaryOp::ge: return ordering_may_fail(e.operands.at(0)->type) || any_operand();
        default: return true;  // arithmetic can overflow or divide by zero
      }
    case ir::ExprKind::list:
    case ir::ExprKind::record: return any_operand();
    default: return true;  // calls, fields of computed records, step outcomes
  }
}

Closure ExprCompiler::compile(const ir::Expr& e) {
  if (std::optional<std::uint32_t> s = slot_of(e)) {
    const SlotKind kind = plan_.slots[*s].kind;
    const Type type = plan_.slots[*s].input.type;
    return [s = *s, kind, type](const Ctx& c) { return value_of(c.slots[s], kind, type); };
  }
  switch (e.kind) {
    case ir::ExprKind::literal: {
      Value v = widen(e.literal, e.type);
      return [v](const Ctx&) { return v; };
    }
    case ir::ExprKind::param:
      return [index = e.index](const Ctx&) -> Value {
        throw EvalError(fmt::format("parameter #{} has no value", index + 1));
      };
    case ir::ExprKind::field: return field_of_value(e);
    case ir::ExprKind::step_outcome:
      // Decisions have no steps: the interpreter's message for an outcome read outside a workflow.
      return [i = e.index, j = e.index2](const Ctx&) -> Value {
        throw EvalError(fmt::format("outcome `#{}.#{}` is not set: step `#{}` has not completed yet", i, j, i));
      };
    case ir::ExprKind::unary:
      return [op = e.unary_op, x = compile(*e.operands.at(0))](const Ctx& c) { return apply_unary(op, x(c)); };
    case ir::ExprKind::binary: {
      Closure l = compile(*e.operands.at(0));
      Closure r = compile(*e.operands.at(1));
      if (e.binary_op == ir::BinaryOp::logical_and) {
        return [l, r](const Ctx& c) -> Value {
          if (!as_condition(l(c), "left operand of `and`")) return false;
          return as_condition(r(c), "right operand of `and`");
        };
      }
      if (e.binary_op == ir::BinaryOp::logical_or) {
        return [l, r](const Ctx& c) -> Value {
          if (as_condition(l(c), "left operand of `or`")) return true;
          return as_condition(r(c), "right operand of `or`");
        };
      }
      return [op = e.binary_op, type = e.type, l, r](const Ctx& c) {
        Value a = l(c);
        return apply_binary(op, a, r(c), type);
      };
    }
    case ir::ExprKind::call_decision: return call_decision(e);
    case ir::ExprKind::call_function: return call_function(e);
    case ir::ExprKind::builtin: {
      std::vector<Closure> args;
      for (const ir::ExprPtr& a : e.operands) args.push_back(compile(*a));
      return [fn = static_cast<ir::Builtin>(e.index), type = e.type, args](const Ctx& c) {
        std::vector<Value> values;
        values.reserve(args.size());
        for (const Closure& a : args) values.push_back(a(c));
        return apply_builtin(fn, values, type);
      };
    }
    case ir::ExprKind::list: {
      std::vector<Closure> items;
      for (const ir::ExprPtr& item : e.operands) items.push_back(compile(*item));
      return [items, element = e.type.list_def()->element](const Ctx& c) {
        auto out = std::make_shared<std::vector<Value>>();
        out->reserve(items.size());
        for (const Closure& item : items) out->push_back(widen(item(c), element));
        return Value(Value::List(std::move(out)));
      };
    }
    case ir::ExprKind::record: {
      std::vector<Closure> fields;
      for (const ir::ExprPtr& f : e.operands) fields.push_back(compile(*f));
      return [fields, def = e.type.record_def()](const Ctx& c) {
        auto record = std::make_shared<RecordValue>();
        record->def = def;
        record->fields.reserve(fields.size());
        for (std::size_t i = 0; i < fields.size(); ++i) record->fields.push_back(widen(fields[i](c), def->fields.at(i).type));
        return Value(Value::Record(std::move(record)));
      };
    }
  }
  return [](const Ctx&) -> Value { throw EvalError("unknown kind of expression"); };
}

Closure ExprCompiler::field_of_value(const ir::Expr& e) {
  return [record = compile(*e.operands.at(0)), index = e.index](const Ctx& c) {
    Value v = record(c);
    if (!v.holds<Value::Record>()) {
      throw EvalError(fmt::format("cannot read a field of {} {}", value_type_name(v), to_string(v)));
    }
    const RecordValue& r = v.as_record();
    if (index >= r.fields.size() || r.fields[index].empty()) {
      const std::string name =
          r.def && index < r.def->fields.size() ? r.def->fields[index].name : fmt::format("#{}", index);
      throw EvalError(fmt::format("field `{}` of {} has no value", name, value_type_name(v)));
    }
    return r.fields[index];
  };
}

Closure ExprCompiler::call_function(const ir::Expr& e) {
  const Function* fn = module_.interpreter->bindings().find(e);
  if (fn == nullptr || !fn->call) {
    return [name = e.callee()](const Ctx&) -> Value {
      throw EvalError(fmt::format("function `{}` is not bound (the program was not lowered with it)", name));
    };
  }
  std::vector<Closure> args;
  for (const ir::ExprPtr& a : e.operands) args.push_back(compile(*a));
  return [fn, call = &e, args](const Ctx& c) {
    std::vector<Value> values;
    values.reserve(args.size());
    for (const Closure& a : args) values.push_back(a(c));
    return call_bound_function(*call, *fn, values);
  };
}

std::optional<BatchCall> ExprCompiler::batch_call(const ir::Expr& e) {
  if (e.kind != ir::ExprKind::call_decision) return std::nullopt;
  const Plan& callee = module_.plan(e.index);
  const ir::Decision& d = *callee.decision;
  if (callee.building || callee.over_budget || !callee.residual_free || callee.computed_columns || !callee.single_row_policy() ||
      callee.outputs.size() != 1 || !(d.result == e.type) || e.operands.size() != d.params.size()) {
    return std::nullopt;
  }
  auto known = [](const Answer& a) { return !a.column_known.empty() && a.column_known[0] != 0; };
  if (!std::all_of(callee.answers.begin(), callee.answers.end(), known)) return std::nullopt;
  if (!d.is_table && !known(callee.otherwise)) return std::nullopt;
  BatchCall call;
  call.callee = &callee;
  for (const Slot& s : callee.slots) {
    std::optional<PathRef> p = path_of(*e.operands[s.input.param]);
    if (!p) return std::nullopt;
    std::vector<std::uint32_t> fields = p->fields;
    fields.insert(fields.end(), s.input.fields.begin(), s.input.fields.end());
    std::optional<std::uint32_t> slot = slot_of_path(p->param, fields, s.input.type);
    if (!slot || plan_.slots[*slot].kind != s.kind) return std::nullopt;
    call.forward.push_back(*slot);
  }
  return call;
}

// A call of another decision: arguments that are paths hand their slots on (the callee's slots
// below them become slots of this plan); other arguments are evaluated and read into the
// callee's slots. Inputs that do not fit go to the interpreter, with the arguments as values.
Closure ExprCompiler::call_decision(const ir::Expr& e) {
  std::vector<std::optional<PathRef>> paths;
  std::vector<Closure> computed;
  bool any_computed = false;
  for (const ir::ExprPtr& a : e.operands) {
    paths.push_back(path_of(*a));
    computed.push_back(paths.back() ? Closure() : compile(*a));
    any_computed = any_computed || !paths.back();
  }
  std::vector<Type> arg_types;
  for (const ir::ExprPtr& a : e.operands) arg_types.push_back(a->type);
  const Interpreter* interpreter = module_.interpreter;
  const std::size_t index = e.index;
  Plan& callee = module_.plan(index);
  // Rebuilds the arguments as values and asks the interpreter (also for a call cycle, which the
  // checker refuses, so that it fails as the interpreter fails).
  auto interpret = [plan = &plan_, paths, computed, arg_types, interpreter, index](const Ctx& c,
                                                                                  std::vector<Value> values) {
    if (values.empty()) values.resize(paths.size());
    for (std::size_t i = 0; i < paths.size(); ++i) {
      if (paths[i]) {
        values[i] = plan->rebuild_path(c.slots, nullptr, paths[i]->param, paths[i]->fields, arg_types[i]);
      } else if (values[i].empty()) {
        values[i] = computed[i](c);
      }
    }
    return interpreter->decide_nested(index, values, c.depth + 1).value;
  };
  if (callee.building || paths.size() != callee.decision->params.size()) {
    return [interpret](const Ctx& c) { return interpret(c, {}); };
  }
  // Per callee slot: the caller's slot that holds it, or nullopt (read from a computed argument).
  std::vector<std::optional<std::uint32_t>> forward;
  for (const Slot& s : callee.slots) {
    const std::optional<PathRef>& p = paths[s.input.param];
    if (!p) {
      forward.emplace_back();
      continue;
    }
    std::vector<std::uint32_t> fields = p->fields;
    fields.insert(fields.end(), s.input.fields.begin(), s.input.fields.end());
    forward.push_back(slot_of_path(p->param, fields, s.input.type));
  }
  return [&callee, forward, computed, any_computed, interpret](const Ctx& c) {
    std::vector<Value> values;
    if (any_computed) {
      values.resize(computed.size());
      for (std::size_t i = 0; i < computed.size(); ++i) {
        if (computed[i]) values[i] = computed[i](c);
      }
    }
    SlotBuffer buffer(callee.slots.size());
    Scalar* slots = buffer.data();
    bool regular = true;
    for (std::size_t j = 0; j < forward.size() && regular; ++j) {
      if (forward[j]) {
        slots[j] = c.slots[*forward[j]];
      } else {
        const Slot& s = callee.slots[j];
        regular = extract_path(values[s.input.param], s.input.fields, s, slots[j]);
      }
    }
    if (!regular) return interpret(c, std::move(values));
    return callee.run(slots, c.depth + 1).value;
  };
}

}  // namespace docket::detail
