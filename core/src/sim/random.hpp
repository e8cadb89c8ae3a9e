// Keyed random streams and distributions for the simulator: the same key gives the same draws.
#pragma once

#include <cmath>
#include <cstdint>
#include <string_view>

#include "docket/core/simulation.hpp"

namespace docket::sim::detail {

// FNV-1a: a stable hash of names (std::hash may differ between library versions).
[[nodiscard]] constexpr std::uint64_t name_hash(std::string_view s) noexcept {
  std::uint64_t h = 1469598103934665603ULL;
  for (char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ULL;
  }
  return h;
}

[[nodiscard]] constexpr std::uint64_t mix(std::uint64_t x) noexcept {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// splitmix64 seeded from a key of up to four parts. Draws are plain arithmetic (no <random>
// distributions, whose results differ between standard libraries), so reports are reproducible.
class Rng {
 public:
  Rng(std::uint64_t seed, std::uint64_t a, std::uint64_t b = 0, std::uint64_t c = 0, std::uint64_t d = 0) noexcept
      : state_(mix(mix(mix(mix(seed ^ 0x5eedULL) ^ a) ^ b) ^ c) ^ d) {}

  std::uint64_t next() noexcept { return mix(state_++); }
  // Uniform in [0, 1).
  double uniform() noexcept { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  // Standard normal (Box-Muller).
  double normal() noexcept {
    double u1 = 1.0 - uniform();  // (0, 1]
    double u2 = uniform();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
  }

 private:
  std::uint64_t state_;
};

// A draw in seconds (never negative).
[[nodiscard]] double draw(const Distribution& d, Rng& rng) noexcept;
// A Poisson count with mean `lambda` (normal approximation above 64).
[[nodiscard]] std::uint64_t poisson(double lambda, Rng& rng) noexcept;
// Index of a weighted choice; weights are positive.
template <class Choices>
[[nodiscard]] std::size_t pick(const Choices& choices, Rng& rng) noexcept {
  double total = 0;
  for (const auto& c : choices) total += c.weight;
  double x = rng.uniform() * total;
  for (std::size_t i = 0; i < choices.size(); ++i) {
    x -= choices[i].weight;
    if (x < 0) return i;
  }
  return choices.size() - 1;
}

}  // namespace docket::sim::detail
