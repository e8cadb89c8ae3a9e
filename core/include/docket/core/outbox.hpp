// The action outbox: delivers actions to plugin handlers at least once, retrying with backoff.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "docket/core/clock.hpp"
#include "docket/core/engine.hpp"
#include "docket/core/functions.hpp"
#include "docket/core/retry_policy.hpp"

namespace docket {

// An action's deliveries back off as RetryPolicy says (first_delay, 2×, 4×, ... capped at
// max_delay); after max_attempts deliveries that all asked for a retry the action fails.
inline constexpr RetryPolicy kActionRetry{8, std::chrono::seconds{30}, std::chrono::seconds{3600}, 2};

enum class DeliveryState : std::uint8_t {
  pending,    // waiting for its due time
  done,       // the handler carried it out
  failed,     // a permanent failure, or retries exhausted (last_error says which)
  unhandled,  // no plugin registered the action: the host's own action sink handles it
};

struct Delivery {
  Action action;
  DeliveryState state = DeliveryState::pending;
  std::uint32_t attempts = 0;
  Instant due;
  std::string last_error;
};

// In memory for now (durable stores are a later issue). Time comes from the injected clock:
// call deliver_due() whenever the clock moves, and next_due() tells when that is needed.
class ActionOutbox {
 public:
  ActionOutbox(const FunctionRegistry& registry, const Clock& clock, RetryPolicy policy = kActionRetry);

  // Queues an action, due now (connect it with engine.on_action).
  void enqueue(Action action);
  // Delivers every pending action that is due at clock.now(); returns how many deliveries ran.
  std::size_t deliver_due();
  [[nodiscard]] std::optional<Instant> next_due() const;
  [[nodiscard]] const std::vector<Delivery>& deliveries() const { return deliveries_; }
  // Called after every delivery attempt with the delivery's new state.
  void on_result(std::function<void(const Delivery&)> sink) { result_sink_ = std::move(sink); }

 private:
  const FunctionRegistry& registry_;
  const Clock& clock_;
  RetryPolicy policy_;
  std::vector<Delivery> deliveries_;
  std::function<void(const Delivery&)> result_sink_;
};

}  // namespace docket
