// RetryPolicy: how often and how long apart something that failed is tried again (instances, actions).
#pragma once

#include <chrono>
#include <cstdint>

namespace docket {

// Exponential backoff: the first retry waits first_delay, each later one `factor` times longer,
// never more than max_delay; after max_attempts attempts in all have failed, no more retries.
struct RetryPolicy {
  std::uint32_t max_attempts = 3;  // 1: never retried automatically
  std::chrono::seconds first_delay{60};
  std::chrono::seconds max_delay{3600};
  std::uint32_t factor = 2;

  // The wait before retry number `retry` (0 for the first).
  [[nodiscard]] std::chrono::seconds delay(std::uint32_t retry) const {
    std::chrono::seconds d = first_delay;
    for (std::uint32_t i = 0; i < retry && d < max_delay; ++i) d *= factor;
    return d < max_delay ? d : max_delay;
  }
  [[nodiscard]] bool valid() const { return max_attempts >= 1 && factor >= 1 && first_delay.count() > 0; }
};

}  // namespace docket
