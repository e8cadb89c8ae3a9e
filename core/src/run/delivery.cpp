// Engine delivery: actions leave the outbox only after their commit; at least once, with backoff, then dead.
#include <fmt/format.h>

#include <algorithm>
#include <exception>

#include "docket/core/engine.hpp"
#include "plugin/plugin_clock.hpp"
#include "run/engine_impl.hpp"

namespace docket {

namespace {
constexpr std::size_t kDeliveryPage = 256;  // also how many results wait before they are written
}  // namespace

ActionChannel Engine::Impl::channel_of(const Action& a) const {
  return current->program->functions().find_action(a.name) != nullptr ? ActionChannel::plugin : ActionChannel::host;
}

void Engine::Impl::write_acks() {
  if (acks.empty()) return;
  if (store == nullptr) {
    acks.clear();
    acked.clear();
    return;
  }
  StoreBatch batch;
  batch.deliveries = acks;
  store->write(batch);  // StoreError: the results stay to be written with the next commit
  acks.clear();
  acked.clear();
}

std::size_t Engine::Impl::deliver_due() {
  if (store == nullptr) {  // the common case after a commit: nothing owed is due
    const Instant at = clock->now();
    if (!local_outbox.has_due(ActionChannel::plugin, at) && !(action_sink && local_outbox.has_due(ActionChannel::host, at))) {
      return 0;
    }
  }
  static thread_local bool delivering = false;  // a handler that runs operations does not deliver inside
  if (delivering) return 0;
  delivering = true;
  struct Reset {
    ~Reset() { delivering = false; }
  } reset;
  const plugin::ScopedPluginClock plugin_clock(*clock);  // handlers read the engine's clock
  const Instant now = clock->now();
  std::size_t attempts = 0;
  // A failed attempt whose result is not written yet, and whose next attempt is due now: the store
  // must learn of it first, or its page would still show the old state and the key be skipped as
  // already handled (next_delivery() reports it due, so advance_to would wait on it forever).
  const bool retry_due = std::any_of(acks.begin(), acks.end(), [now](const DeliveryUpdate& u) {
    return u.state == DeliveryState::failed && u.next_at <= now;
  });
  if (retry_due) {
    try {
      write_acks();
    } catch (const StoreError&) {
      return attempts;  // the store is failing: the next operation says so
    }
  }
  bool retried = false;  // a failed action was attempted again
  // On a shared store, a process whose program registers no plugin actions leaves plugin actions to
  // processes that can deliver them (and saves a claim per commit).
  const bool no_plugin_actions = shared() && current->program->functions().action_names().empty();
  for (ActionChannel channel : {ActionChannel::plugin, ActionChannel::host}) {
    if (channel == ActionChannel::host && !action_sink) continue;
    if (channel == ActionChannel::plugin && no_plugin_actions) continue;
    while (true) {
      if (acks.size() >= kDeliveryPage) {
        try {
          write_acks();
        } catch (const StoreError&) {
          return attempts;  // the store is failing: the next operation says so
        }
      }
      std::vector<OutboxEntry> page = store != nullptr ? store->claim_actions(channel, now, kDeliveryPage)
                                                       : local_outbox.due(channel, now, kDeliveryPage);
      const bool last_page = page.size() < kDeliveryPage;  // nothing more was due: no need to ask again
      if (!acked.empty()) std::erase_if(page, [&](const OutboxEntry& e) { return acked.contains(e.action.idempotency_key); });
      if (page.empty()) break;
      for (OutboxEntry& e : page) {
        retried = retried || e.state == DeliveryState::failed;
        ++e.attempts;
        ++attempts;
        ActionResult result;
        try {
          if (channel == ActionChannel::plugin) {
            const ActionEntry* entry = current->program->functions().find_action(e.action.name);
            if (entry == nullptr) {
              result = {ActionOutcome::retry, fmt::format("no plugin registers action `{}`", e.action.name)};
            } else {
              result = entry->run(ActionRequest{e.action.name, e.action.args, e.action.idempotency_key,
                                                e.action.instance, e.attempts});
            }
          } else {
            action_sink(e.action);
          }
        } catch (const std::exception& error) {
          result = {ActionOutcome::retry, error.what()};
        }
        e.last_error = result.message;
        switch (result.outcome) {
          case ActionOutcome::done:
            e.state = DeliveryState::delivered;
            e.delivered_at = now;
            break;
          case ActionOutcome::failed: e.state = DeliveryState::dead; break;
          case ActionOutcome::retry:
            if (e.attempts >= action_policy.max_attempts) {
              e.state = DeliveryState::dead;
              e.last_error = fmt::format("gave up after {} attempts: {}", e.attempts, result.message);
            } else {
              e.state = DeliveryState::failed;
              e.next_at = now + action_policy.delay(e.attempts - 1);
            }
            break;
        }
        DeliveryUpdate update{e.action.idempotency_key, e.state, e.attempts, e.next_at, e.last_error, e.delivered_at};
        if (store != nullptr) {
          acked.insert(update.key);
          acks.push_back(std::move(update));
        } else {
          local_outbox.apply(update);
        }
        if (delivery_sink) delivery_sink(e);
      }
      if (last_page) break;
    }
  }
  // The store still holds a retried action as failed and due: until its new state is written,
  // next_delivery() would report it due again. Retries are rare, so their results are written now.
  if (retried) {
    try {
      write_acks();
    } catch (const StoreError&) {
      // written with the next commit; at worst the action is attempted once more (same key)
    }
  }
  return attempts;
}

std::size_t Engine::deliver_actions() {
  if (impl_->unit.operations > 0 || impl_->unit.batch) return 0;  // after the commit
  return impl_->deliver_due();
}

void Engine::flush() { impl_->write_acks(); }

std::optional<Instant> Engine::next_delivery() const {
  const Impl& impl = *impl_;
  if (impl.unit.batch) return std::nullopt;  // inside a Batch nothing is delivered before its commit
  std::optional<Instant> next;
  for (ActionChannel c : {ActionChannel::plugin, ActionChannel::host}) {
    if (c == ActionChannel::host && !impl.action_sink) continue;
    std::optional<Instant> t = impl.store != nullptr ? impl.store->next_retry(c) : impl.local_outbox.next_retry(c);
    if (t && (!next || *t < *next)) next = t;
  }
  for (const DeliveryUpdate& u : impl.acks) {  // results not written yet: the store does not know them
    if (u.state == DeliveryState::failed && (!next || u.next_at < *next)) next = u.next_at;
  }
  return next;
}

void Engine::on_action(std::function<void(const Action&)> sink) { impl_->action_sink = std::move(sink); }
void Engine::on_delivery(std::function<void(const OutboxEntry&)> sink) { impl_->delivery_sink = std::move(sink); }

void Engine::set_action_retry_policy(RetryPolicy policy) {
  if (!policy.valid()) throw EngineError("an action retry policy needs max_attempts >= 1, factor >= 1 and a positive first_delay");
  impl_->action_policy = policy;
}

std::vector<OutboxEntry> Engine::outbox(InstanceId id) const {
  if (impl_->store != nullptr) return impl_->store->outbox(id, std::nullopt);
  return impl_->local_outbox.entries(id);
}

}  // namespace docket
