// Distributions of durations and counts for the simulator, drawn from keyed streams.
#include "sim/random.hpp"

#include <algorithm>

namespace docket::sim::detail {

double draw(const Distribution& d, Rng& rng) noexcept {
  double x = 0;
  switch (d.kind) {
    case Distribution::Kind::fixed: x = d.a; break;
    case Distribution::Kind::uniform: x = d.a + (d.b - d.a) * rng.uniform(); break;
    case Distribution::Kind::exponential: x = -d.a * std::log(1.0 - rng.uniform()); break;
    case Distribution::Kind::lognormal: {
      // median m = e^mu; p95 = e^(mu + 1.6449 sigma)
      double mu = std::log(d.a);
      double sigma = std::log(d.b / d.a) / 1.6448536269514722;
      x = std::exp(mu + sigma * rng.normal());
      break;
    }
  }
  return std::max(0.0, x);
}

std::uint64_t poisson(double lambda, Rng& rng) noexcept {
  if (lambda <= 0) return 0;
  if (lambda > 64) {
    double x = std::round(lambda + std::sqrt(lambda) * rng.normal());
    return x < 0 ? 0 : static_cast<std::uint64_t>(x);
  }
  // Knuth: multiply uniforms until the product falls below e^-lambda.
  double limit = std::exp(-lambda);
  double p = 1;
  std::uint64_t k = 0;
  do {
    ++k;
    p *= rng.uniform();
  } while (p > limit);
  return k - 1;
}

}  // namespace docket::sim::detail
