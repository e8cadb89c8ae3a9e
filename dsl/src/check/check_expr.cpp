// Checking expressions: name resolution, calls to decisions and functions (operators: check_binary.cpp).
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <utility>
#include <vector>

#include "check/checker.hpp"
#include "check/duration_units.hpp"
#include "check/expr_build.hpp"
#include "docket/core/civil_time.hpp"
#include "docket/core/clock.hpp"
#include "docket/core/ir_limits.hpp"
#include "docket/core/suggest.hpp"

namespace docket::dsl {

namespace {

using ir::BinaryOp;
using ir::ExprKind;
using ir::ExprPtr;

// The name of `.name`, without the dot, for underlining.
SourceRange name_only(SourceRange r, const ast::FieldAccess& f) {
  return {r.file, r.end - static_cast<std::uint32_t>(f.name.size()), r.end};
}

std::int64_t unit_seconds(const std::string& unit) {
  if (unit == "min") return 60;
  if (unit == "h") return 3600;
  if (unit == "d") return 86400;
  return 1;
}

// A bare name that is not a parameter or step: probably an enum member waiting for a type.
// (The parser passes an operand up unwrapped when no operator follows it, so a name is a NameRef.)
const ast::NameRef* bare_name(const ast::Expr& e) { return boost::get<ast::NameRef>(&e.get()); }

class ExprChecker {
 public:
  using result_type = ExprPtr;

  ExprChecker(Checker& c, const Scope& scope, Type expected) : c_(c), scope_(scope), expected_(expected) {}

  ExprPtr operator()(const ast::Nil&) const { return make(ExprKind::literal, Type::error(), {}); }
  ExprPtr operator()(const ast::BoolLit& b) const { return literal(Value(b.value()), Type::boolean(), c_.range(b)); }
  ExprPtr operator()(const ast::IntLit& i) const { return literal(Value(i.value), Type::integer(), c_.range(i)); }
  ExprPtr operator()(const ast::NumberLit& n) const { return literal(Value(n.value), Type::number(), c_.range(n)); }
  ExprPtr operator()(const ast::TextLit& t) const { return literal(Value(t.value), Type::text(), c_.range(t)); }
  ExprPtr operator()(const ast::DurationLit& d) const {
    Duration v;
    if (d.unit.rfind("workday", 0) == 0) {
      v = {d.amount, DurationUnit::workdays};
    } else if (d.unit.rfind("month", 0) == 0) {
      v = {d.amount, DurationUnit::months};
    } else if (d.unit.rfind("workhour", 0) == 0) {
      v = {d.amount, DurationUnit::workhours};
    } else {
      v = {d.amount * unit_seconds(d.unit), DurationUnit::seconds};
    }
    return literal(Value(v), Type::duration(), c_.range(d));
  }
  ExprPtr operator()(const ast::NameRef& n) const { return name(n.name, c_.range(n)); }
  ExprPtr operator()(const ast::x3::forward_ast<ast::Unary>& u) const { return unary(u.get()); }
  ExprPtr operator()(const ast::x3::forward_ast<ast::Chain>& ch) const { return chain(ch.get()); }
  ExprPtr operator()(const ast::x3::forward_ast<ast::Postfix>& p) const { return postfix(p.get()); }
  ExprPtr operator()(const ast::x3::forward_ast<ast::ListLit>& l) const { return misplaced(c_.range(l.get())); }
  ExprPtr operator()(const ast::x3::forward_ast<ast::RangeLit>& r) const { return misplaced(c_.range(r.get())); }
  ExprPtr operator()(const ast::TimeLit& t) const {
    Instant at;
    std::string why;
    if (!parse_instant(t.stamp, t.zone, at, why)) {
      c_.error("D0308", c_.range(t), fmt::format("`{} {}` is not a date and time docket can read: {}", t.stamp, t.zone, why),
               "write a real date, a 24-hour time and a zone, e.g. `2025-09-26T16:00 Asia/Shanghai` or `2025-09-26T08:00Z`");
      return make(ExprKind::literal, Type::error(), c_.range(t));
    }
    return literal(Value(at), Type::time(), c_.range(t));
  }
  ExprPtr operator()(const ast::CivilLit& t) const {
    std::string why;
    if (t.text.find('-') != std::string::npos) {
      Date d;
      if (parse_date(t.text, d, why)) return literal(Value(d), Type::date(), c_.range(t));
      c_.error("D0308", c_.range(t), why, "write a real date as YYYY-MM-DD, e.g. `2018-07-30`");
    } else {
      TimeOfDay tod;
      if (parse_time_of_day(t.text, tod, why)) return literal(Value(tod), Type::time_of_day(), c_.range(t));
      c_.error("D0308", c_.range(t), why, "write a 24-hour time of day as HH:MM or HH:MM:SS, e.g. `16:30`");
    }
    return make(ExprKind::literal, Type::error(), c_.range(t));
  }
  ExprPtr operator()(const ast::x3::forward_ast<ast::ListValue>& l) const {
    return c_.check_list_value(l.get(), scope_, expected_);
  }
  ExprPtr operator()(const ast::x3::forward_ast<ast::RecordValue>& r) const {
    return c_.check_record_value(r.get(), scope_);
  }

 private:
  ExprPtr misplaced(SourceRange r) const {
    c_.error("D0307", r, "`(a, b)` and ranges can only follow `in`",
             "write `x in (a, b)` or `x in [1..5)`; a list value is written in brackets: `[a, b]`");
    return make(ExprKind::literal, Type::error(), r);
  }

  // `x in (a, b)`, `x in [lo..hi)`, or `x in some_list`.
  ExprPtr in(ExprPtr x, const ast::Expr& rhs) const {
    if (const auto* l = boost::get<ast::x3::forward_ast<ast::ListLit>>(&rhs.get())) {
      std::vector<ExprPtr> tests;
      for (const ast::Expr& item : l->get().items) tests.push_back(binary("==", clone(*x), check(item, x->type)));
      ExprPtr result = balanced(BinaryOp::logical_or, tests, 0, tests.size());
      result->range = span(x->range, c_.range(l->get()));
      return result;
    }
    if (const auto* rp = boost::get<ast::x3::forward_ast<ast::RangeLit>>(&rhs.get())) {
      const ast::RangeLit& r = rp->get();
      ExprPtr low = binary(r.open == "[" ? ">=" : ">", clone(*x), check(r.low, x->type));
      ExprPtr high = binary(r.close == "]" ? "<=" : "<", std::move(x), check(r.high, low->operands[0]->type));
      SourceRange where = span(low->operands[0]->range, c_.range(r));
      ExprPtr both = binary("and", std::move(low), std::move(high));
      both->range = where;
      return both;
    }
    // `x in [rural, remote]`: the items take x's type, so bare enum members resolve.
    ExprPtr list = check(rhs, x->type.is_error() ? Type::error() : c_.list_of(x->type));
    SourceRange where = span(x->range, list->range);
    if (!list->type.is_error() && !x->type.is_error()) {
      const ListDef* l = list->type.list_def();
      if (l == nullptr) {
        c_.error("D0303", list->range, fmt::format("`in` needs a list on its right, but this is {}", list->type.name()),
                 "write `x in (a, b)`, `x in [1..5)`, or name a list field");
      } else if (!assignable(x->type, l->element) && !assignable(l->element, x->type)) {
        c_.error("D0303", where,
                 fmt::format("{} cannot be in {}", with_article(x->type.name()), with_article(list->type.name())),
                 "compare values of the list's element type");
      }
    }
    // In a list that may be none: none (an item that is none is in no list).
    ExprPtr e = make(ExprKind::binary, list->type.may_be_none() ? Type::boolean().or_none() : Type::boolean(), where);
    e->binary_op = BinaryOp::in;
    e->operands.push_back(std::move(x));
    e->operands.push_back(std::move(list));
    return e;
  }

  ExprPtr check(const ast::Expr& e, Type expected = Type::error()) const {
    return c_.check_expr(e, scope_, expected);
  }

  std::optional<std::uint32_t> find_param(std::string_view n) const {
    if (scope_.params == nullptr) return std::nullopt;
    for (std::size_t i = 0; i < scope_.params->size(); ++i) {
      if ((*scope_.params)[i].name == n) return static_cast<std::uint32_t>(i);
    }
    return std::nullopt;
  }

  std::vector<std::string> visible_names() const {
    std::vector<std::string> names;
    if (scope_.params != nullptr) {
      for (const ir::Param& p : *scope_.params) names.push_back(p.name);
    }
    if (const EnumDef* e = expected_.enum_def()) names.insert(names.end(), e->members.begin(), e->members.end());
    if (scope_.workflow != nullptr) {
      for (const ir::Node& n : scope_.workflow->nodes) names.push_back(n.name);
    }
    return names;
  }

  // Symbol index: a name in an expression, and what could be written in its place.
  void note_value(std::uint32_t symbol, SourceRange r) const {
    if (IndexBuilder* ix = c_.index()) ix->use(symbol, r, SlotKind::value, scope_.owner, expected_);
  }

  ExprPtr name(const std::string& n, SourceRange r) const {
    if (n == "none") return literal(Value(), Type::none(), r);  // the parser's `none`: no declaration has the name
    IndexBuilder* ix = c_.index();
    if (auto i = find_param(n)) {
      if (scope_.params_used != nullptr) (*scope_.params_used)[*i] = true;
      if (ix) note_value(ix->param(scope_.owner, *i), r);
      ExprPtr e = make(ExprKind::param, (*scope_.params)[*i].type, r);
      e->index = *i;
      narrow(*e);
      return e;
    }
    if (const EnumDef* def = expected_.enum_def()) {
      if (auto m = def->find(n)) {
        if (ix) note_value(ix->child(def, *m), r);
        return literal(Value(EnumValue{def, *m}), expected_, r);
      }
    }
    if (ix) {
      auto node = scope_.workflow != nullptr ? scope_.workflow->find_node(n) : std::nullopt;
      note_value(node ? ix->node(c_.workflow_index(*scope_.workflow), *node) : kNoSymbol, r);
    }
    if (scope_.workflow != nullptr && scope_.workflow->find_node(n)) {
      c_.error("D0301", r, fmt::format("`{}` is a step, not a value", n),
               fmt::format("read one of its outcomes, e.g. `{}.<outcome>`", n));
      return make(ExprKind::literal, Type::error(), r);
    }
    for (const auto& e : c_.module_enums()) {
      if (auto m = e.find(n)) {
        std::string hint = expected_.is_error()
                               ? fmt::format("write `{}.{}` or compare it with {} value", e.name, n, with_article(e.name))
                               : fmt::format("a {} is expected here", expected_.name());
        c_.error("D0303", r, fmt::format("`{}` is a member of enum {}, which does not fit here", n, e.name), hint);
        return make(ExprKind::literal, Type::error(), r);
      }
    }
    c_.error("D0301", r, fmt::format("unknown name `{}`", n),
             suggestion_hint(n, visible_names(), "declare it as a parameter, or check the spelling"));
    return make(ExprKind::literal, Type::error(), r);
  }

  // A parameter or field path the rule's condition tested `!= none` is definite in the rule's answer.
  void narrow(ir::Expr& e) const {
    if (scope_.narrowed == nullptr || !e.type.may_be_none()) return;
    std::optional<std::vector<std::uint32_t>> path = path_of_expr(e);
    if (path && std::find(scope_.narrowed->begin(), scope_.narrowed->end(), *path) != scope_.narrowed->end()) {
      e.type = e.type.definite();
    }
  }

  bool is_enum_member(const std::string& n) const {
    if (find_param(n)) return false;
    for (const auto& e : c_.module_enums()) {
      if (e.find(n)) return true;
    }
    return false;
  }

  ExprPtr unary(const ast::Unary& u) const {
    ExprPtr operand = check(u.operand);
    SourceRange r = c_.range(u);
    // On a `T or none`, both answer none for none (FEEL's null propagation), so the type keeps `or none`.
    const bool maybe = operand->type.may_be_none() && operand->type.kind() != TypeKind::none;
    if (u.op == "not") {
      const Type want = maybe ? Type::boolean().or_none() : Type::boolean();
      c_.expect_type(*operand, want, "the operand of `not`");
      ExprPtr e = make(ExprKind::unary, want, r);
      e->unary_op = ir::UnaryOp::logical_not;
      e->operands.push_back(std::move(operand));
      return e;
    }
    Type t = operand->type;
    if (!t.is_error() && !t.definite().is_numeric()) {
      c_.error("D0303", operand->range, fmt::format("`-` needs a number, but this is {}", t.name()));
      t = Type::error();
    }
    ExprPtr e = make(ExprKind::unary, t, r);
    e->unary_op = ir::UnaryOp::negate;
    e->operands.push_back(std::move(operand));
    return e;
  }

  // `a and b and c`: every operator of the chain is the same `and` (or `or`), so the terms make
  // a balanced tree. Each term is type-checked as the left fold would: the first as the left side,
  // the others as right sides, in the same order.
  ExprPtr logic_chain(const ast::Chain& ch, BinaryOp op) const {
    const std::string& op_text = ch.rest[0].op;
    std::vector<ExprPtr> terms;
    terms.reserve(ch.rest.size() + 1);
    terms.push_back(check(ch.first));
    bool maybe = false;
    for (const ast::ChainLink& link : ch.rest) terms.push_back(check(link.operand, Type::boolean()));
    for (const ExprPtr& t : terms) maybe = maybe || t->type.may_be_none();
    if (maybe) {
      // A term that may be none (FEEL's logic of three values): check_binary types each step `bool or none`.
      ExprPtr left = std::move(terms[0]);
      for (std::size_t i = 1; i < terms.size(); ++i) left = binary(op_text, std::move(left), std::move(terms[i]));
      return left;
    }
    for (std::size_t i = 1; i < terms.size(); ++i) {
      if (i == 1) c_.expect_type(*terms[0], Type::boolean(), fmt::format("the left side of `{}`", op_text));
      c_.expect_type(*terms[i], Type::boolean(), fmt::format("the right side of `{}`", op_text));
    }
    return balanced(op, terms, 0, terms.size());
  }

  ExprPtr chain(const ast::Chain& ch) const {
    const ast::NameRef* lead_name = bare_name(ch.first);
    ExprPtr left;
    ExprPtr right;
    if (lead_name != nullptr && !find_param(lead_name->name) && ch.rest.size() == 1 && ch.rest[0].op != "in") {
      // `residential == c.tariff`: type the right side first so the enum member can resolve.
      right = check(ch.rest[0].operand);
      left = check(ch.first, right->type);
      return binary(ch.rest[0].op, std::move(left), std::move(right));
    }
    const std::string& first_op = ch.rest[0].op;
    if ((first_op == "and" || first_op == "or") &&
        std::all_of(ch.rest.begin(), ch.rest.end(), [&](const ast::ChainLink& l) { return l.op == first_op; })) {
      return logic_chain(ch, binary_op_of(first_op));
    }
    if (ch.rest.size() >= ir::kMaxNesting) {
      // Arithmetic and comparisons fold to the left, one level per operator. The terms are still
      // checked (their own mistakes, the parameters they read), but not folded.
      (void)check(ch.first);
      for (const ast::ChainLink& link : ch.rest) (void)check(link.operand);
      SourceRange r = c_.range(ch);
      c_.error("D0312", r,
               fmt::format("this chain of {} operators nests deeper than docket allows ({} levels)", ch.rest.size(),
                           ir::kMaxNesting),
               "each `+`, `-`, `*`, `/` or comparison adds a level: split the sum into decisions of their own, or add "
               "up rows with a table under `collect sum`");
      return make(ExprKind::literal, Type::error(), r);
    }
    left = check(ch.first);
    for (const ast::ChainLink& link : ch.rest) {
      if (link.op == "in") {
        left = in(std::move(left), link.operand);
        continue;
      }
      const ast::NameRef* member = bare_name(link.operand);
      if (left->type.is_error() && member != nullptr && is_enum_member(member->name)) {
        // `c.aera == rural`: the left side was already reported; say nothing more about `rural`.
        right = make(ExprKind::literal, Type::error(), c_.range(*member));
      } else {
        right = check(link.operand, left->type);
      }
      left = binary(link.op, std::move(left), std::move(right));
    }
    return left;
  }

  ExprPtr binary(const std::string& op_text, ExprPtr l, ExprPtr r) const {
    return c_.check_binary(op_text, std::move(l), std::move(r));
  }

  ExprPtr postfix(const ast::Postfix& p) const {
    std::size_t next = 0;
    ExprPtr cur;
    const auto* base_name = boost::get<ast::NameRef>(&p.base.get());
    if (base_name != nullptr && !find_param(base_name->name)) {
      cur = named_postfix(*base_name, p, next);
    } else {
      cur = check(p.base);
    }
    for (; next < p.ops.size() && cur; ++next) cur = apply(std::move(cur), p.ops[next]);
    return cur;
  }

  // `survey.feasible`, `Tariff.residential`, `segment(c)`, `site.district(a)`.
  ExprPtr named_postfix(const ast::NameRef& base, const ast::Postfix& p, std::size_t& next) const {
    const auto* first_field = boost::get<ast::FieldAccess>(&p.ops[0].get());
    if (scope_.workflow != nullptr && first_field != nullptr) {
      if (auto node = scope_.workflow->find_node(base.name)) {
        next = 1;
        if (IndexBuilder* ix = c_.index()) note_value(ix->node(c_.workflow_index(*scope_.workflow), *node), c_.range(base));
        return outcome(*node, *first_field, span(c_.range(base), c_.range(*first_field)));
      }
    }
    if (first_field != nullptr) {
      if (const EnumDef* e = c_.find_enum(base.name)) {
        next = 1;
        SourceRange r = span(c_.range(base), c_.range(*first_field));
        c_.note_type_use(Type(e));
        c_.note_visible(e->name, c_.range(base));
        IndexBuilder* ix = c_.index();
        if (ix) note_value(ix->symbol_of(e), c_.range(base));
        auto m = e->find(first_field->name);
        if (ix) {
          ix->use(m ? ix->child(e, *m) : kNoSymbol, name_only(c_.range(*first_field), *first_field), SlotKind::member,
                  ix->symbol_of(e));
        }
        if (m) return literal(Value(EnumValue{e, *m}), Type(e), r);
        c_.error("D0302", name_only(c_.range(*first_field), *first_field),
                 fmt::format("enum {} has no member `{}`", e->name, first_field->name),
                 suggestion_hint(first_field->name, e->members, "members: " + fmt::format("{}", fmt::join(e->members, ", "))));
        return make(ExprKind::literal, Type::error(), r);
      }
    }
    // A dotted name followed by arguments is a call: `segment(c)`, `site.district(a)`.
    std::string callee = base.name;
    std::size_t i = 0;
    while (i < p.ops.size() && boost::get<ast::FieldAccess>(&p.ops[i].get()) != nullptr) {
      callee += "." + boost::get<ast::FieldAccess>(p.ops[i].get()).name;
      ++i;
    }
    const SourceRange callee_range{c_.range(base).file, base.begin,
                                   i == 0 ? base.end : ast::end_of(p.ops[i - 1])};
    if (i < p.ops.size()) {
      const auto& args = boost::get<ast::CallArgs>(p.ops[i].get());
      next = i + 1;
      return call(callee, callee_range, args, span(c_.range(base), c_.range(args)));
    }
    if (IndexBuilder* ix = c_.index(); ix && i > 0) {
      // `site.dis` with no call yet: a function's name being typed.
      ix->unresolved(callee_range, SlotKind::callee, scope_.owner, expected_, callee.substr(0, callee.rfind('.') + 1));
    }
    next = 0;
    return name(base.name, c_.range(base));
  }

  ExprPtr outcome(std::uint32_t node_index, const ast::FieldAccess& f, SourceRange r) const {
    const ir::Node& node = scope_.workflow->nodes[node_index];
    if (IndexBuilder* ix = c_.index()) {
      const std::uint32_t node_symbol = ix->node(c_.workflow_index(*scope_.workflow), node_index);
      std::uint32_t symbol = kNoSymbol;
      for (std::size_t i = 0; i < node.outcomes.size(); ++i) {
        if (node.outcomes[i].name == f.name) symbol = ix->outcome(node_symbol, i);
      }
      ix->use(symbol, name_only(c_.range(f), f), SlotKind::outcome, node_symbol);
    }
    for (std::size_t i = 0; i < node.outcomes.size(); ++i) {
      if (node.outcomes[i].name == f.name) {
        ExprPtr e = make(ExprKind::step_outcome, node.outcomes[i].type, r);
        e->index = node_index;
        e->index2 = static_cast<std::uint32_t>(i);
        return e;
      }
    }
    std::vector<std::string> names;
    for (const ir::Outcome& o : node.outcomes) names.push_back(o.name);
    c_.error("D0302", name_only(c_.range(f), f), fmt::format("step `{}` has no outcome `{}`", node.name, f.name),
             suggestion_hint(f.name, names,
                          names.empty() ? fmt::format("declare it on the step: `outcome {}: bool`", f.name)
                                        : fmt::format("its outcomes are: {}", fmt::join(names, ", "))));
    return make(ExprKind::literal, Type::error(), r);
  }

  ExprPtr apply(ExprPtr cur, const ast::PostfixOp& op) const {
    if (const auto* f = boost::get<ast::FieldAccess>(&op.get())) {
      SourceRange r = span(cur->range, c_.range(*f));
      if (cur->type.is_error()) return make(ExprKind::literal, Type::error(), r);
      const RecordDef* rec = cur->type.record_def();
      if (rec == nullptr) {
        c_.error("D0302", name_only(c_.range(*f), *f), fmt::format("a {} value has no field `{}`", cur->type.name(), f->name),
                 "only records have fields");
        return make(ExprKind::literal, Type::error(), r);
      }
      auto idx = rec->find(f->name);
      if (IndexBuilder* ix = c_.index()) {
        ix->use(idx ? ix->child(rec, *idx) : kNoSymbol, name_only(c_.range(*f), *f), SlotKind::field, ix->symbol_of(rec));
      }
      if (!idx) {
        std::vector<std::string> names;
        for (const RecordField& rf : rec->fields) names.push_back(rf.name);
        c_.error("D0302", name_only(c_.range(*f), *f), fmt::format("record {} has no field `{}`", rec->name, f->name),
                 suggestion_hint(f->name, names, fmt::format("its fields are: {}", fmt::join(names, ", "))));
        return make(ExprKind::literal, Type::error(), r);
      }
      // A field of a record that may be none may be none.
      const Type field = rec->fields[*idx].type;
      ExprPtr e = make(ExprKind::field, cur->type.may_be_none() ? field.or_none() : field, r);
      e->index = *idx;
      e->operands.push_back(std::move(cur));
      narrow(*e);
      return e;
    }
    const auto& args = boost::get<ast::CallArgs>(op.get());
    c_.error("D0306", c_.range(args), "only decisions and functions can be called",
             "remove the parentheses, or call a decision or function by name");
    return make(ExprKind::literal, Type::error(), span(cur->range, c_.range(args)));
  }

  ExprPtr call(const std::string& callee, SourceRange callee_range, const ast::CallArgs& args, SourceRange r) const {
    std::vector<Type> param_types;
    ExprPtr e;
    if (IndexBuilder* ix = c_.index()) {
      std::uint32_t symbol = kNoSymbol;
      if (auto d = c_.find_decision(callee)) {
        symbol = ix->decision(*d);
      } else if (const Function* fn = c_.functions().find(callee)) {
        symbol = ix->external(SymbolKind::function, callee, fn->signature.result);
      }
      const std::size_t dot = callee.rfind('.');
      ix->use(symbol, callee_range, dot == std::string::npos ? SlotKind::value : SlotKind::callee, scope_.owner,
              expected_, dot == std::string::npos ? std::string() : callee.substr(0, dot + 1));
    }
    if (auto d = c_.find_decision(callee)) {
      const ir::Decision& decision = c_.module_decisions()[*d];
      e = make(ExprKind::call_decision, decision.result, r);
      e->index = *d;
      for (const ir::Param& p : decision.params) param_types.push_back(p.type);
      c_.note_call(*d);
      c_.note_visible(decision.name, r);
    } else if (const Function* fn = c_.functions().find(callee)) {
      e = make(ExprKind::call_function, fn->signature.result, r);
      e->literal = Value(callee);  // the function's name
      param_types = fn->signature.params;
    } else if (std::optional<ir::Builtin> b = ir::find_builtin(callee)) {
      std::vector<ExprPtr> checked;
      for (const ast::Expr& a : args.args) checked.push_back(check(a));
      return c_.check_builtin(*b, std::move(checked), c_.range(args), r);
    } else {
      std::vector<std::string> names = c_.functions().names();
      for (const ir::Decision& d2 : c_.module_decisions()) names.push_back(d2.name);
      for (std::size_t i = 0; i < ir::kBuiltinCount; ++i) names.emplace_back(ir::builtin_name(static_cast<ir::Builtin>(i)));
      std::string fallback = callee.find('.') != std::string::npos
                                 ? "is the plugin that provides it listed under [plugins] in docket.toml?"
                                 : "declare a decision with this name, or check the spelling";
      c_.error("D0305", r, fmt::format("unknown decision or function `{}`", callee),
               suggestion_hint(callee, names, fallback));
      for (const ast::Expr& a : args.args) check(a);  // their own mistakes are reported too
      return make(ExprKind::literal, Type::error(), r);
    }
    // Arguments are typed against the parameters, so `days(rural)` resolves the enum member.
    std::vector<ExprPtr> checked;
    for (std::size_t i = 0; i < args.args.size(); ++i) {
      checked.push_back(check(args.args[i], i < param_types.size() ? param_types[i] : Type::error()));
    }
    if (checked.size() != param_types.size()) {
      c_.error("D0304", c_.range(args),
               fmt::format("`{}` takes {} argument{}, but {} {} given", callee, param_types.size(),
                           param_types.size() == 1 ? "" : "s", checked.size(), checked.size() == 1 ? "is" : "are"));
    } else {
      for (std::size_t i = 0; i < checked.size(); ++i) {
        const Type given = checked[i]->type;
        if (given.may_be_none() && given.kind() != TypeKind::none && !param_types[i].may_be_none() &&
            assignable(given.definite(), param_types[i])) {
          // A `T or none` for a `T`: the call is not made when it is none, and answers none (FEEL's null).
          e->type = e->type.or_none();
          continue;
        }
        c_.expect_type(*checked[i], param_types[i], fmt::format("argument {} of `{}`", i + 1, callee));
      }
    }
    e->operands = std::move(checked);
    return e;
  }

  Checker& c_;
  const Scope& scope_;
  Type expected_;
};

}  // namespace

ir::ExprPtr Checker::check_expr(const ast::Expr& e, const Scope& scope, Type expected) {
  ++expr_level_;
  ir::ExprPtr out = e.apply_visitor(ExprChecker(*this, scope, expected));
  --expr_level_;
  if (index_) index_->expression(out->range, out->type);
  // A whole expression (not a part of one): every later walk over it recurses, so its depth is bounded.
  if (expr_level_ == 0 && ir::depth_at_most(*out, ir::kMaxNesting) > ir::kMaxNesting) {
    error("D0312", out->range, fmt::format("this expression nests more than {} levels deep", ir::kMaxNesting),
          "each operator and bracket adds a level: compute parts of it in decisions of their own");
    return make(ExprKind::literal, Type::error(), out->range);
  }
  return out;
}

bool Checker::expect_type(const ir::Expr& e, Type want, std::string_view what) {
  if (assignable(e.type, want)) return true;
  std::string hint = fmt::format("give {} here", with_article(want.name()));
  if (e.type.may_be_none() && !want.may_be_none() && assignable(e.type.definite(), want)) {
    hint = e.type.kind() == TypeKind::none
               ? fmt::format("only a type `T or none` takes none: declare it `{} or none`", want.name())
               : fmt::format("this may be none: declare the answer `{} or none`, or test it first in a rule "
                             "(`rule when x != none then ...`)", want.name());
  }
  if (want.kind() == TypeKind::text && e.kind == ir::ExprKind::literal) hint = "texts are written in double quotes";
  if (want.kind() == TypeKind::boolean) hint = "write a comparison such as `x >= 10`, or a bool field";
  if (want.kind() == TypeKind::duration) hint = "write a duration such as `45min`, `24h` or `2 workdays`";
  error("D0303", e.range, fmt::format("{} must be {}, but this is {}", what, want.name(), e.type.name()), hint);
  return false;
}

Value Checker::constant_value(const ir::Expr& e, std::string_view what) {
  if (e.kind == ir::ExprKind::literal) return e.literal;
  if (e.kind == ir::ExprKind::unary && e.unary_op == ir::UnaryOp::negate &&
      e.operands[0]->kind == ir::ExprKind::literal) {
    const Value& v = e.operands[0]->literal;
    if (v.holds<std::int64_t>()) return Value(-v.as_int());
    if (v.holds<double>()) return Value(-v.as_number());
  }
  if (!e.type.is_error()) {
    error("D0205", e.range, fmt::format("{} must be a fixed value", what), "write a literal such as 10, \"C\" or 2 workdays");
  }
  return {};
}

}  // namespace docket::dsl
