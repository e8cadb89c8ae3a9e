// The simulator's keyed streams and distributions: reproducible, and shaped as documented.
#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "sim/random.hpp"

namespace docket::sim {
namespace {

using detail::Rng;

std::vector<double> draws(const Distribution& d, int n) {
  std::vector<double> xs;
  for (int i = 0; i < n; ++i) {
    Rng rng(7, static_cast<std::uint64_t>(i), 3);
    xs.push_back(detail::draw(d, rng));
  }
  std::sort(xs.begin(), xs.end());
  return xs;
}

TEST(SimRandom, TheSameKeyGivesTheSameDrawsAndAnotherKeyOthers) {
  Rng a(42, 1, 2, 3);
  Rng b(42, 1, 2, 3);
  Rng c(42, 1, 2, 4);
  Rng d(43, 1, 2, 3);
  for (int i = 0; i < 5; ++i) {
    std::uint64_t x = a.next();
    EXPECT_EQ(x, b.next());
    EXPECT_NE(x, c.next());
    EXPECT_NE(x, d.next());
  }
}

TEST(SimRandom, LognormalHasTheGivenMedianAndP95) {
  Distribution d{Distribution::Kind::lognormal, 3600, 4 * 3600};
  std::vector<double> xs = draws(d, 20000);
  EXPECT_NEAR(xs[10000], 3600, 3600 * 0.04);
  EXPECT_NEAR(xs[19000], 4 * 3600, 4 * 3600 * 0.05);
}

TEST(SimRandom, UniformStaysInItsRangeAndExponentialHasItsMean) {
  std::vector<double> u = draws({Distribution::Kind::uniform, 60, 120}, 5000);
  EXPECT_GE(u.front(), 60);
  EXPECT_LT(u.back(), 120);
  EXPECT_NEAR(u[2500], 90, 2);
  std::vector<double> e = draws({Distribution::Kind::exponential, 600, 0}, 20000);
  double sum = 0;
  for (double x : e) sum += x;
  EXPECT_NEAR(sum / 20000, 600, 600 * 0.03);
  EXPECT_EQ(draws({Distribution::Kind::fixed, 90, 0}, 3), (std::vector<double>{90, 90, 90}));
}

TEST(SimRandom, PoissonCountsHaveTheirMean) {
  for (double lambda : {3.0, 40.0, 3000.0}) {
    double sum = 0;
    for (int i = 0; i < 4000; ++i) {
      Rng rng(1, static_cast<std::uint64_t>(i));
      sum += static_cast<double>(detail::poisson(lambda, rng));
    }
    EXPECT_NEAR(sum / 4000, lambda, lambda * 0.03 + 0.1) << lambda;
  }
}

TEST(SimRandom, WeightedPicksFollowTheWeights) {
  struct Choice {
    double weight;
  };
  std::vector<Choice> choices = {{1}, {3}};
  int second = 0;
  for (int i = 0; i < 8000; ++i) {
    Rng rng(5, static_cast<std::uint64_t>(i));
    second += detail::pick(choices, rng) == 1 ? 1 : 0;
  }
  EXPECT_NEAR(second / 8000.0, 0.75, 0.02);
}

}  // namespace
}  // namespace docket::sim
