// ActionOutbox: at-least-once delivery of actions to plugin handlers, exponential backoff on retry.
#include "docket/core/outbox.hpp"

#include <algorithm>
#include <exception>

#include "plugin/plugin_clock.hpp"

namespace docket {

ActionOutbox::ActionOutbox(const FunctionRegistry& registry, const Clock& clock, RetryPolicy policy)
    : registry_(registry), clock_(clock), policy_(policy) {}

void ActionOutbox::enqueue(Action action) {
  Delivery d;
  d.due = clock_.now();
  d.state = registry_.find_action(action.name) != nullptr ? DeliveryState::pending : DeliveryState::unhandled;
  d.action = std::move(action);
  deliveries_.push_back(std::move(d));
}

std::size_t ActionOutbox::deliver_due() {
  const plugin::ScopedPluginClock plugin_clock(clock_);  // handlers read the outbox's clock
  const Instant now = clock_.now();
  std::size_t ran = 0;
  for (Delivery& d : deliveries_) {
    if (d.state != DeliveryState::pending || d.due > now) continue;
    const ActionEntry* entry = registry_.find_action(d.action.name);
    ++d.attempts;
    ++ran;
    ActionResult result;
    try {
      result = entry->run(ActionRequest{d.action.name, d.action.args, d.action.idempotency_key, d.action.instance,
                                        d.attempts});
    } catch (const std::exception& e) {
      result = {ActionOutcome::failed, e.what()};
    }
    d.last_error = result.message;
    switch (result.outcome) {
      case ActionOutcome::done: d.state = DeliveryState::done; break;
      case ActionOutcome::failed: d.state = DeliveryState::failed; break;
      case ActionOutcome::retry:
        if (d.attempts >= policy_.max_attempts) {
          d.state = DeliveryState::failed;
          d.last_error = "gave up after " + std::to_string(d.attempts) + " attempts: " + result.message;
        } else {
          d.due = now + policy_.delay(d.attempts - 1);
        }
        break;
    }
    if (result_sink_) result_sink_(d);
  }
  return ran;
}

std::optional<Instant> ActionOutbox::next_due() const {
  std::optional<Instant> next;
  for (const Delivery& d : deliveries_) {
    if (d.state == DeliveryState::pending && (!next || d.due < *next)) next = d.due;
  }
  return next;
}

}  // namespace docket
