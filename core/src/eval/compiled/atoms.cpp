// Atoms of a slot, and the truth of one-slot terms and table cells on them.
#include "eval/compiled/atoms.hpp"

#include "eval/operators.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace docket::detail {

namespace {

constexpr std::int64_t kExactInDouble = std::int64_t{1} << 53;

template <class T>
void sort_unique(std::vector<T>& v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
}

// Kinds whose values atoms can cut: ordered, or (bool) compared for equality only.
bool atomic_kind(SlotKind k) noexcept {
  return k != SlotKind::duration && k != SlotKind::value;
}

bool is_literal(const ir::Expr& e) { return e.kind == ir::ExprKind::literal && !e.literal.empty(); }

// `rel` (how the slot compares with the literal) satisfies `slot op literal`.
bool holds(ir::BinaryOp op, int rel) {
  switch (op) {
    case ir::BinaryOp::eq: return rel == 0;
    case ir::BinaryOp::ne: return rel != 0;
    case ir::BinaryOp::lt: return rel < 0;
    case ir::BinaryOp::le: return rel <= 0;
    case ir::BinaryOp::gt: return rel > 0;
    case ir::BinaryOp::ge: return rel >= 0;
    default: return false;
  }
}

Truth constant(const Domain& d, bool v) { return Truth(d.atom_count(), v ? 1 : 0); }

Truth compare(const Domain& d, ir::BinaryOp op, const Value& lit, bool slot_on_right);

// Equal to any of the literals.
Truth equal_to_any(const Domain& d, const std::vector<ir::ExprPtr>& literals) {
  Truth t = constant(d, false);
  for (const ir::ExprPtr& lit : literals) {
    const Truth eq = compare(d, ir::BinaryOp::eq, lit->literal, false);
    for (std::size_t i = 0; i < t.size(); ++i) t[i] |= eq[i];
  }
  return t;
}

Truth compare(const Domain& d, ir::BinaryOp op, const Value& lit, bool slot_on_right) {
  Truth t(d.atom_count());
  for (std::size_t a = 0; a < t.size(); ++a) {
    const int rel = d.relation(a, lit);
    t[a] = holds(op, slot_on_right ? -rel : rel) ? 1 : 0;
  }
  return t;
}

}  // namespace

std::optional<Domain> Domain::build(SlotKind kind, const Type& type, std::span<const Value> literals) {
  Domain d;
  switch (kind) {
    case SlotKind::boolean:
    case SlotKind::enumeration:
      d.mode_ = Mode::direct;
      d.direct_count_ = kind == SlotKind::boolean ? 2 : type.enum_def()->members.size();
      for (const Value& lit : literals) {
        if (kind == SlotKind::boolean ? !lit.holds<bool>()
                                      : !lit.holds<EnumValue>() || lit.as_enum().def != type.enum_def() ||
                                            lit.as_enum().index >= d.direct_count_) {
          return std::nullopt;
        }
      }
      return d;
    case SlotKind::integer:
    case SlotKind::time: {
      bool any_real = false;
      for (const Value& lit : literals) {
        if (kind == SlotKind::time ? !lit.holds<Instant>() : !(lit.holds<std::int64_t>() || lit.holds<double>())) {
          return std::nullopt;
        }
        any_real = any_real || lit.holds<double>();
      }
      if (!any_real) {
        d.mode_ = Mode::integer;
        for (const Value& lit : literals) {
          d.ints_.push_back(kind == SlotKind::time ? lit.as_time().time_since_epoch().count() : lit.as_int());
        }
        sort_unique(d.ints_);
        return d;
      }
      // An int slot compared with a number: compared as numbers, exactly while the ints stay
      // within 2^53.
      for (const Value& lit : literals) {
        if (lit.holds<std::int64_t>() && (lit.as_int() <= -kExactInDouble || lit.as_int() >= kExactInDouble)) {
          return std::nullopt;
        }
      }
      [[fallthrough]];
    }
    case SlotKind::number:
      d.mode_ = Mode::number;
      for (const Value& lit : literals) {
        if (!(lit.holds<std::int64_t>() || lit.holds<double>()) || std::isnan(lit.as_number())) return std::nullopt;
        d.reals_.push_back(lit.as_number());
      }
      sort_unique(d.reals_);
      return d;
    case SlotKind::text:
      d.mode_ = Mode::text;
      for (const Value& lit : literals) {
        if (!lit.holds<std::string>()) return std::nullopt;
        d.texts_.push_back(lit.as_text());
      }
      sort_unique(d.texts_);
      return d;
    case SlotKind::duration:
    case SlotKind::value: return std::nullopt;
  }
  return std::nullopt;
}

std::size_t Domain::points() const noexcept {
  switch (mode_) {
    case Mode::direct: return direct_count_;
    case Mode::integer: return ints_.size();
    case Mode::number: return reals_.size();
    case Mode::text: return texts_.size();
  }
  return 0;
}

std::size_t Domain::locate_text(std::string_view x) const noexcept {
  auto it = std::lower_bound(texts_.begin(), texts_.end(), x,
                             [](const std::string& p, std::string_view v) { return std::string_view(p) < v; });
  const auto i = static_cast<std::size_t>(it - texts_.begin());
  return it != texts_.end() && std::string_view(*it) == x ? 2 * i + 1 : 2 * i;
}

std::size_t Domain::point_index(const Value& lit) const {
  switch (mode_) {
    case Mode::direct: return lit.holds<bool>() ? (lit.as_bool() ? 1 : 0) : lit.as_enum().index;
    case Mode::integer: {
      const std::int64_t x = lit.holds<Instant>() ? lit.as_time().time_since_epoch().count() : lit.as_int();
      return static_cast<std::size_t>(std::lower_bound(ints_.begin(), ints_.end(), x) - ints_.begin());
    }
    case Mode::number:
      return static_cast<std::size_t>(std::lower_bound(reals_.begin(), reals_.end(), lit.as_number()) - reals_.begin());
    case Mode::text:
      return static_cast<std::size_t>(std::lower_bound(texts_.begin(), texts_.end(), lit.as_text()) - texts_.begin());
  }
  throw std::logic_error("domain: unknown mode");
}

int Domain::relation(std::size_t a, const Value& lit) const {
  const std::size_t m = point_index(lit);
  if (a % 2 == 1) {
    const std::size_t j = (a - 1) / 2;
    return j < m ? -1 : (j == m ? 0 : 1);
  }
  return a / 2 <= m ? -1 : 1;  // the interval just below point a/2
}

std::optional<std::int64_t> term_slot(const ir::Expr& e, const SlotOf& slot_of,
                                      const std::function<SlotKind(std::uint32_t)>& kind) {
  if (e.type.kind() != TypeKind::boolean) return std::nullopt;
  if (is_literal(e)) return e.literal.holds<bool>() ? std::optional<std::int64_t>(kNoSlot) : std::nullopt;
  if (std::optional<std::uint32_t> s = slot_of(e)) {
    if (kind(*s) == SlotKind::boolean) return static_cast<std::int64_t>(*s);
    return std::nullopt;
  }
  if (e.kind == ir::ExprKind::unary && e.unary_op == ir::UnaryOp::logical_not) {
    return term_slot(*e.operands.at(0), slot_of, kind);
  }
  if (e.kind != ir::ExprKind::binary) return std::nullopt;
  const ir::Expr& l = *e.operands.at(0);
  const ir::Expr& r = *e.operands.at(1);
  if (e.binary_op == ir::BinaryOp::logical_and || e.binary_op == ir::BinaryOp::logical_or) {
    std::optional<std::int64_t> a = term_slot(l, slot_of, kind);
    if (!a) return std::nullopt;
    std::optional<std::int64_t> b = term_slot(r, slot_of, kind);
    if (!b) return std::nullopt;
    if (*a == kNoSlot) return b;
    if (*b == kNoSlot || *a == *b) return a;
    return std::nullopt;
  }
  if (e.binary_op == ir::BinaryOp::in) {
    if (r.kind != ir::ExprKind::list || !std::all_of(r.operands.begin(), r.operands.end(), [](const ir::ExprPtr& i) {
          return is_literal(*i);
        })) {
      return std::nullopt;
    }
    std::optional<std::uint32_t> s = slot_of(l);
    if (!s || !atomic_kind(kind(*s))) return std::nullopt;
    return static_cast<std::int64_t>(*s);
  }
  if (!is_comparison(e.binary_op)) return std::nullopt;
  const bool slot_left = !is_literal(l);
  if (!is_literal(slot_left ? r : l)) return std::nullopt;
  std::optional<std::uint32_t> s = slot_of(slot_left ? l : r);
  if (!s) return std::nullopt;
  const SlotKind k = kind(*s);
  if (!atomic_kind(k) || (k == SlotKind::boolean && is_ordering(e.binary_op))) return std::nullopt;
  return static_cast<std::int64_t>(*s);
}

void term_literals(const ir::Expr& e, std::vector<Value>& out) {
  if (e.kind == ir::ExprKind::literal) {
    out.push_back(e.literal);
    return;
  }
  if (e.kind == ir::ExprKind::list) {
    for (const ir::ExprPtr& item : e.operands) out.push_back(item->literal);
    return;
  }
  if (e.kind == ir::ExprKind::unary || e.kind == ir::ExprKind::binary) {
    for (const ir::ExprPtr& o : e.operands) term_literals(*o, out);
  }
}

Truth term_truth(const ir::Expr& e, const Domain& d) {
  if (e.kind == ir::ExprKind::literal) return constant(d, e.literal.as_bool());
  if (e.kind == ir::ExprKind::unary) {
    Truth t = term_truth(*e.operands.at(0), d);
    for (std::uint8_t& v : t) v = v ? 0 : 1;
    return t;
  }
  if (e.kind != ir::ExprKind::binary) return compare(d, ir::BinaryOp::eq, Value(true), false);  // the bool slot
  const ir::Expr& l = *e.operands.at(0);
  const ir::Expr& r = *e.operands.at(1);
  switch (e.binary_op) {
    case ir::BinaryOp::logical_and:
    case ir::BinaryOp::logical_or: {
      Truth a = term_truth(l, d);
      const Truth b = term_truth(r, d);
      const bool is_and = e.binary_op == ir::BinaryOp::logical_and;
      for (std::size_t i = 0; i < a.size(); ++i) a[i] = is_and ? (a[i] & b[i]) : (a[i] | b[i]);
      return a;
    }
    case ir::BinaryOp::in: return equal_to_any(d, r.operands);
    default: {
      const bool slot_left = !is_literal(l);
      return compare(d, e.binary_op, (slot_left ? r : l).literal, !slot_left);
    }
  }
}

bool cell_is_atomic(const ir::Cell& cell, SlotKind column_kind) {
  if (cell.kind == ir::CellKind::any) return true;
  if (!atomic_kind(column_kind) || cell.operands.empty()) return false;
  for (const ir::ExprPtr& o : cell.operands) {
    if (!o || !is_literal(*o)) return false;
  }
  ir::CellTest single;
  const std::span<const ir::CellTest> tests = ir::tests_of(cell, single);
  if (tests.empty()) return false;
  for (const ir::CellTest& t : tests) {
    if (t.count == 0 || t.first + t.count > cell.operands.size()) return false;
    switch (t.kind) {
      case ir::CellKind::compare:
        if (!is_comparison(t.op) || (column_kind == SlotKind::boolean && is_ordering(t.op))) return false;
        break;
      case ir::CellKind::range:
        if (column_kind == SlotKind::boolean || t.count != 2) return false;
        break;
      case ir::CellKind::one_of: break;
      default: return false;
    }
  }
  return true;
}

void cell_literals(const ir::Cell& cell, std::vector<Value>& out) {
  for (const ir::ExprPtr& o : cell.operands) out.push_back(o->literal);
}

Truth cell_truth(const ir::Cell& cell, const Domain& d) {
  if (cell.kind == ir::CellKind::any) return constant(d, true);
  auto lit = [&](std::size_t i) -> const Value& { return cell.operands[i]->literal; };
  auto test_truth = [&](const ir::CellTest& t) {
    switch (t.kind) {
      case ir::CellKind::compare: return compare(d, t.op, lit(t.first), false);
      case ir::CellKind::range: {
        Truth low = compare(d, t.low_closed ? ir::BinaryOp::ge : ir::BinaryOp::gt, lit(t.first), false);
        const Truth high = compare(d, t.high_closed ? ir::BinaryOp::le : ir::BinaryOp::lt, lit(t.first + 1), false);
        for (std::size_t i = 0; i < low.size(); ++i) low[i] &= high[i];
        return low;
      }
      case ir::CellKind::one_of: {
        Truth any = constant(d, false);
        for (std::size_t k = t.first; k < t.first + t.count; ++k) {
          const Truth eq = compare(d, ir::BinaryOp::eq, lit(k), false);
          for (std::size_t i = 0; i < any.size(); ++i) any[i] |= eq[i];
        }
        return any;
      }
      default: return constant(d, false);
    }
  };
  // Any test may hold; `not(...)` flips every atom.
  Truth truth = constant(d, false);
  ir::CellTest single;
  for (const ir::CellTest& t : ir::tests_of(cell, single)) {
    const Truth one = test_truth(t);
    for (std::size_t i = 0; i < truth.size(); ++i) truth[i] |= one[i];
  }
  if (cell.negated) {
    for (std::uint8_t& v : truth) v = v != 0 ? 0 : 1;
  }
  return truth;
}

}  // namespace docket::detail
