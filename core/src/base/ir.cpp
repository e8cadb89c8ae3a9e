// Look-ups by name over the checked IR, and tearing expression trees down without recursion.
#include "docket/core/ir.hpp"

namespace docket::ir {

namespace {
template <class Container>
auto find_named(const Container& items, std::string_view name) -> decltype(&*items.begin()) {
  for (const auto& item : items) {
    if (item.name == name) return &item;
  }
  return nullptr;
}
}  // namespace

Expr::~Expr() {
  bool deep = false;
  for (const ExprPtr& o : operands) deep = deep || (o && !o->operands.empty());
  if (!deep) return;
  std::vector<ExprPtr> pending = std::move(operands);
  while (!pending.empty()) {
    ExprPtr e = std::move(pending.back());
    pending.pop_back();
    if (!e) continue;
    for (ExprPtr& o : e->operands) pending.push_back(std::move(o));
    e->operands.clear();  // e is destroyed here with no operands: no recursion
  }
}

std::optional<std::uint32_t> Workflow::find_node(std::string_view node_name) const {
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    if (nodes[i].name == node_name) return static_cast<std::uint32_t>(i);
  }
  return std::nullopt;
}

const Decision* Module::find_decision(std::string_view n) const { return find_named(decisions, n); }
const Workflow* Module::find_workflow(std::string_view n) const { return find_named(workflows, n); }
const RecordDef* Module::find_record(std::string_view n) const { return find_named(records, n); }
const EnumDef* Module::find_enum(std::string_view n) const { return find_named(enums, n); }

Type Module::list_of(Type element) {
  for (const ListDef& l : lists) {
    if (l.element == element) return Type(&l);
  }
  return Type(&lists.emplace_back(ListDef{element}));
}

const char* builtin_name(Builtin b) noexcept {
  switch (b) {
    case Builtin::min: return "min";
    case Builtin::max: return "max";
    case Builtin::sum: return "sum";
    case Builtin::count: return "count";
    case Builtin::abs: return "abs";
    case Builtin::floor: return "floor";
    case Builtin::ceiling: return "ceiling";
    case Builtin::decimal: return "decimal";
    case Builtin::string: return "string";
  }
  return "?";
}

std::optional<Builtin> find_builtin(std::string_view name) noexcept {
  for (std::size_t i = 0; i < kBuiltinCount; ++i) {
    const auto b = static_cast<Builtin>(i);
    if (name == builtin_name(b)) return b;
  }
  return std::nullopt;
}

const char* hit_policy_name(HitPolicy h) noexcept {
  switch (h) {
    case HitPolicy::unique: return "unique";
    case HitPolicy::any: return "any";
    case HitPolicy::priority: return "priority";
    case HitPolicy::first: return "first";
    case HitPolicy::output_order: return "output order";
    case HitPolicy::rule_order: return "rule order";
    case HitPolicy::collect: return "collect";
    case HitPolicy::collect_sum: return "collect sum";
    case HitPolicy::collect_count: return "collect count";
    case HitPolicy::collect_min: return "collect min";
    case HitPolicy::collect_max: return "collect max";
  }
  return "first";
}

}  // namespace docket::ir
