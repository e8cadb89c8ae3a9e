// Slots: the typed inputs of a compiled decision, and the 16-byte Scalar one slot holds.
#pragma once

#include <array>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <vector>

#include "docket/core/type.hpp"
#include "docket/core/value.hpp"

namespace docket::detail {

// How a slot's value is held. `value` keeps a whole Value (records, lists) by pointer.
enum class SlotKind : std::uint8_t { boolean, integer, number, enumeration, text, duration, time, value };

[[nodiscard]] SlotKind slot_kind_of(const Type& type) noexcept;

// One slot's value. Texts and values are borrowed for the evaluation (from the caller's
// arguments or the batch). `n` is a text's length or a duration's unit.
struct Scalar {
  union {
    bool b;
    std::int64_t i;   // integer, time (seconds), duration amount
    double d;
    std::uint32_t e;  // enum member index
    const char* p;    // text
    const Value* v;   // value
  };
  std::uint64_t n;  // trivial: Scalar{} is all zeros, a plain `Scalar s;` is left unset
  [[nodiscard]] std::string_view text() const noexcept { return {p, static_cast<std::size_t>(n)}; }
};

// Scalars for one record's slots: on the stack for small decisions, left unset.
class SlotBuffer {
 public:
  explicit SlotBuffer(std::size_t n) {
    if (n > small_.size()) heap_.resize(n);
    data_ = n > small_.size() ? heap_.data() : small_.data();
  }
  SlotBuffer(const SlotBuffer&) = delete;
  SlotBuffer& operator=(const SlotBuffer&) = delete;
  [[nodiscard]] Scalar* data() noexcept { return data_; }

 private:
  std::array<Scalar, 32> small_;
  std::vector<Scalar> heap_;
  Scalar* data_;
};

// The word a scalar keeps for bool, int, number, enum and time (how batches store them).
[[nodiscard]] inline std::uint64_t word_of(const Scalar& s) noexcept {
  std::uint64_t w = 0;
  std::memcpy(&w, &s.i, sizeof w);
  return w;
}
[[nodiscard]] inline Scalar scalar_of_word(std::uint64_t w) noexcept {
  Scalar s;
  std::memcpy(&s.i, &w, sizeof w);
  return s;
}

// Reads `v` into a slot of `kind` and `type`. False when it does not fit exactly (missing, another
// type, another enum or record definition, a NaN, an int beyond 2^53 in a number slot): such
// inputs are left to the interpreter, which reports them as it always has.
[[nodiscard]] bool scalar_from_value(const Value& v, SlotKind kind, const Type& type, Scalar& out);

// The slot's value as a Value (texts are copied).
[[nodiscard]] Value value_of(const Scalar& s, SlotKind kind, const Type& type);

}  // namespace docket::detail
