// LocalOutbox: the outbox of an engine without a store — undelivered actions in memory, by channel.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "docket/core/store.hpp"

namespace docket::detail {

// Keeps only what is still owed: delivered and dead actions leave it (the delivery sink has seen
// them). Pending ones are attempted in the order committed, failed ones at their next attempt.
class LocalOutbox {
 public:
  void add(OutboxEntry entry);
  // Pending entries, then failed ones due at `until`, oldest first, at most `limit`.
  [[nodiscard]] std::vector<OutboxEntry> due(ActionChannel channel, Instant until, std::size_t limit) const;
  void apply(const DeliveryUpdate& update);
  [[nodiscard]] std::optional<Instant> next_retry(ActionChannel channel) const;
  // Whether due() would give anything at `until` (cheap: asked after every commit).
  [[nodiscard]] bool has_due(ActionChannel channel, Instant until) const {
    const std::size_t c = index(channel);
    return !pending_[c].empty() || (!retries_[c].empty() && retries_[c].begin()->first <= until);
  }
  // The undelivered actions of one instance (0: of all).
  [[nodiscard]] std::vector<OutboxEntry> entries(InstanceId instance) const;

 private:
  static std::size_t index(ActionChannel c) { return c == ActionChannel::plugin ? 0 : 1; }
  // Entries by sequence number (the order committed); the queues hold sequence numbers only, so
  // an action's key is copied once, into `seqs_`.
  std::map<std::uint64_t, OutboxEntry> slots_;
  std::unordered_map<std::string, std::uint64_t> seqs_;           // idempotency key -> sequence number
  std::set<std::uint64_t> pending_[2];                             // seq
  std::set<std::pair<Instant, std::uint64_t>> retries_[2];         // (next_at, seq)
  std::uint64_t next_seq_ = 0;
};

}  // namespace docket::detail
