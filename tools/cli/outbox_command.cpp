// `docket outbox`: what a store owes the outside world — list actions by delivery state, retry or give one up.
#include <fmt/format.h>

#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "docket/host/store_open.hpp"
#include "cli/value_json.hpp"
#include "docket/core/clock.hpp"

namespace docket::cli {

namespace {

void print(const OutboxEntry& o, const OutboxOptions& options) {
  const Action& a = o.action;
  if (options.json) {
    nlohmann::json j = {{"key", a.idempotency_key}, {"instance", a.instance}, {"name", a.name},
                        {"channel", o.channel == ActionChannel::plugin ? "plugin" : "host"},
                        {"state", delivery_state_name(o.state)}, {"attempts", o.attempts},
                        {"at", format_rfc3339(a.at, options.zone)}, {"error", o.last_error}};
    if (o.state == DeliveryState::failed) j["next"] = format_rfc3339(o.next_at, options.zone);
    if (o.delivered_at) j["delivered"] = format_rfc3339(*o.delivered_at, options.zone);
    std::cout << json_text(j) << "\n";
    return;
  }
  std::string when;
  if (o.state == DeliveryState::failed) when = ", next " + format_instant(o.next_at, options.zone);
  if (o.delivered_at) when = ", delivered " + format_instant(*o.delivered_at, options.zone);
  std::cout << fmt::format("{:<10} {:<36} instance {:<6} {} ({} attempt{}{}){}\n", delivery_state_name(o.state),
                           a.idempotency_key, a.instance, a.name, o.attempts, o.attempts == 1 ? "" : "s", when,
                           o.last_error.empty() ? "" : ": " + o.last_error);
}

}  // namespace

int run_outbox(const OutboxOptions& options) {
  std::string error;
  if (!is_known_zone(options.zone, error)) {
    std::cerr << fmt::format("error: --zone {}: {}\n", options.zone, error);
    return kExitUsage;
  }
  std::optional<DeliveryState> state;
  if (!options.state.empty()) {
    state = delivery_state_from_name(options.state);
    if (!state) {
      std::cerr << fmt::format("error: --state {}: expected pending, failed, delivered or dead\n", options.state);
      return kExitUsage;
    }
  }
  try {
    const bool changing = options.action != "list";
    std::unique_ptr<Store> store = changing ? host::open_existing_store(options.store) : host::open_store(options.store, true);
    if (!changing) {
      for (const OutboxEntry& o : store->outbox(options.instance, state)) print(o, options);
      return kExitOk;
    }
    // retry: attempted again at the next delivery, attempts kept; dead: never attempted again.
    StoreBatch batch;
    const Instant now = SystemClock().now();
    for (const std::string& key : options.keys) {
      std::optional<OutboxEntry> o = store->action(key);
      if (!o) {
        std::cerr << fmt::format("error: store {} has no action with key `{}`; nothing was changed (`docket outbox list {}` shows "
                                 "the keys)\n",
                                 options.store, key, options.store);
        return kExitProblems;
      }
      if (o->state == DeliveryState::delivered) {
        std::cerr << fmt::format("error: action `{}` was delivered {}: there is nothing to {}; nothing was changed\n", key,
                                 o->delivered_at ? format_instant(*o->delivered_at, options.zone) : std::string(),
                                 options.action);
        return kExitProblems;
      }
      DeliveryUpdate u{key, options.action == "retry" ? DeliveryState::pending : DeliveryState::dead, o->attempts, now,
                       options.action == "retry" ? o->last_error : "given up by an operator (docket outbox dead)",
                       std::nullopt};
      batch.deliveries.push_back(std::move(u));
    }
    store->write(batch);
    for (const std::string& key : options.keys) print(*store->action(key), options);
  } catch (const StoreError& e) {
    std::cerr << "error: " << e.what() << "\n";
    return kExitProblems;
  }
  return kExitOk;
}

}  // namespace docket::cli
