// Column-wise masks: one tight loop per column kind; a few thresholds are compared without
// branches (the atom is 2 x how many points lie below the value + whether one equals it).
#include "eval/compiled/batch_masks.hpp"

#include <array>
#include <vector>

namespace docket::detail {

namespace {

template <class AtomOf>
void apply(const std::uint64_t* table, std::size_t words, std::size_t begin, std::size_t n, std::uint64_t* m,
           AtomOf atom_of) {
  if (words == 1) {
    for (std::size_t i = 0; i < n; ++i) m[i] &= table[atom_of(begin + i)];
    return;
  }
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint64_t* t = table + atom_of(begin + i) * words;
    for (std::size_t w = 0; w < words; ++w) m[i * words + w] &= t[w];
  }
}

// The atom among K sorted distinct points, without branches.
template <std::size_t K, class T>
struct Points {
  std::array<T, K> p;
  std::size_t operator()(T x) const noexcept {
    std::size_t a = 0;
    for (std::size_t j = 0; j < K; ++j) a += 2 * static_cast<std::size_t>(p[j] < x) + static_cast<std::size_t>(p[j] == x);
    return a;
  }
};

// Any number of points: count those below, then check for equality.
template <class T>
struct ManyPoints {
  const std::vector<T>* points;
  std::size_t operator()(T x) const noexcept {
    std::size_t i = 0;
    for (const T& q : *points) i += static_cast<std::size_t>(q < x);
    return i < points->size() && (*points)[i] == x ? 2 * i + 1 : 2 * i;
  }
};

template <class T, class Load>
void apply_points(const std::vector<T>& points, const std::uint64_t* table, std::size_t words, std::size_t begin,
                  std::size_t n, std::uint64_t* m, Load load) {
  auto with = [&](auto locate) { apply(table, words, begin, n, m, [&](std::size_t r) { return locate(load(r)); }); };
  switch (points.size()) {
    case 1: with(Points<1, T>{{points[0]}}); return;
    case 2: with(Points<2, T>{{points[0], points[1]}}); return;
    case 3: with(Points<3, T>{{points[0], points[1], points[2]}}); return;
    case 4: with(Points<4, T>{{points[0], points[1], points[2], points[3]}}); return;
    default: with(ManyPoints<T>{&points}); return;
  }
}

}  // namespace

void and_column(const MaskColumn& mc, const BatchColumn& c, std::size_t words, std::size_t begin, std::size_t n,
                std::uint64_t* m) {
  const std::uint64_t* table = mc.masks.data();
  const std::uint64_t* wd = c.words.data();
  switch (mc.domain.mode()) {
    case Domain::Mode::direct:
      apply(table, words, begin, n, m, [wd](std::size_t r) { return 2 * static_cast<std::size_t>(wd[r]) + 1; });
      return;
    case Domain::Mode::integer:
      apply_points(mc.domain.ints(), table, words, begin, n, m,
                   [wd](std::size_t r) { return static_cast<std::int64_t>(wd[r]); });
      return;
    case Domain::Mode::number:
      if (c.kind == SlotKind::integer) {
        apply_points(mc.domain.reals(), table, words, begin, n, m,
                     [wd](std::size_t r) { return static_cast<double>(static_cast<std::int64_t>(wd[r])); });
      } else {
        apply_points(mc.domain.reals(), table, words, begin, n, m, [wd](std::size_t r) { return scalar_of_word(wd[r]).d; });
      }
      return;
    case Domain::Mode::text: {
      const SlotKind kind = c.kind;
      apply(table, words, begin, n, m, [&c, &mc, kind](std::size_t r) { return mc.domain.atom(c.scalar(r), kind); });
      return;
    }
  }
}

}  // namespace docket::detail
