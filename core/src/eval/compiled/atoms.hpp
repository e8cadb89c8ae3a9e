// Atoms: a slot's values cut at the literals it is compared with, so that every comparison of the
// slot with those literals is constant on each piece. A condition or table cell on one slot then
// becomes one truth value per atom, and evaluating it is a look-up of the slot's atom.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "docket/core/ir.hpp"
#include "eval/compiled/scalar.hpp"

namespace docket::detail {

// The atoms of one slot: with k distinct literal points p0 < ... < pk-1 (numbers, ints, times or
// texts in their order), atom 2j+1 is the point pj and atom 2j the open interval below it (atom 2k
// the one above the last). Bools and enums list all their values as points (`direct`).
class Domain {
 public:
  enum class Mode : std::uint8_t { direct, integer, number, text };

  // The domain of a slot compared with `literals`; nullopt when the slot's kind cannot be cut this
  // way (durations, records, lists) or a literal does not fit it exactly.
  static std::optional<Domain> build(SlotKind kind, const Type& type, std::span<const Value> literals);

  [[nodiscard]] Mode mode() const noexcept { return mode_; }
  [[nodiscard]] std::size_t atom_count() const noexcept { return 2 * points() + 1; }
  // The atom of a slot value of `kind` (the kind the domain was built for).
  [[nodiscard]] std::size_t atom(const Scalar& s, SlotKind kind) const noexcept {
    switch (mode_) {
      case Mode::direct: return 2 * static_cast<std::size_t>(kind == SlotKind::boolean ? s.b : s.e) + 1;
      case Mode::integer: return locate(ints_, s.i);
      case Mode::number: return locate(reals_, kind == SlotKind::integer ? static_cast<double>(s.i) : s.d);
      case Mode::text: return locate_text(s.text());
    }
    return 0;
  }
  [[nodiscard]] const std::vector<double>& reals() const noexcept { return reals_; }
  [[nodiscard]] const std::vector<std::int64_t>& ints() const noexcept { return ints_; }

  // How the values of atom `a` compare with literal `lit` (one of the literals it was built
  // from): -1 less, 0 equal, 1 greater.
  [[nodiscard]] int relation(std::size_t a, const Value& lit) const;

 private:
  template <class T>
  static std::size_t locate(const std::vector<T>& points, T x) noexcept {
    std::size_t i = 0;
    while (i < points.size() && points[i] < x) ++i;
    return i < points.size() && points[i] == x ? 2 * i + 1 : 2 * i;
  }
  [[nodiscard]] std::size_t locate_text(std::string_view x) const noexcept;
  [[nodiscard]] std::size_t points() const noexcept;
  [[nodiscard]] std::size_t point_index(const Value& lit) const;

  Mode mode_ = Mode::direct;
  std::size_t direct_count_ = 0;
  std::vector<std::int64_t> ints_;
  std::vector<double> reals_;
  std::vector<std::string> texts_;
};

// Truth per atom.
using Truth = std::vector<std::uint8_t>;

// Resolves a path expression (a parameter, or fields below one) to its slot, adding the slot when
// it is new; nullopt when the expression is not a path.
using SlotOf = std::function<std::optional<std::uint32_t>(const ir::Expr&)>;

inline constexpr std::int64_t kNoSlot = -1;  // a term that reads no slot: a bool literal

// Whether `e` is a term on one slot: a bool built only from comparisons of that slot with
// literals, `in` a list of literals, `not`, `and`, `or`, or the slot itself when it is a bool.
// Such a term never fails. Returns the slot, kNoSlot for a constant, nullopt otherwise. `kind`
// gives a slot's kind.
[[nodiscard]] std::optional<std::int64_t> term_slot(const ir::Expr& e, const SlotOf& slot_of,
                                                    const std::function<SlotKind(std::uint32_t)>& kind);
// The literals a term compares its slot with.
void term_literals(const ir::Expr& e, std::vector<Value>& out);
// The term's truth on every atom of its slot's domain (for kNoSlot, any domain).
[[nodiscard]] Truth term_truth(const ir::Expr& e, const Domain& domain);

// Whether a table cell compares its column only with literals in a way atoms can answer.
[[nodiscard]] bool cell_is_atomic(const ir::Cell& cell, SlotKind column_kind);
void cell_literals(const ir::Cell& cell, std::vector<Value>& out);
[[nodiscard]] Truth cell_truth(const ir::Cell& cell, const Domain& domain);

}  // namespace docket::detail
