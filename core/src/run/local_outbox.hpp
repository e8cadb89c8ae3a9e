// LocalOutbox: the outbox of an engine without a store — undelivered actions in memory, by channel.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <string>
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
    return !pending_[c].empty() || (!retries_[c].empty() && retries_[c].begin()->first.first <= until);
  }
  // The undelivered actions of one instance (0: of all).
  [[nodiscard]] std::vector<OutboxEntry> entries(InstanceId instance) const;

 private:
  struct Slot {
    OutboxEntry entry;
    std::uint64_t seq = 0;
  };
  static std::size_t index(ActionChannel c) { return c == ActionChannel::plugin ? 0 : 1; }
  std::map<std::string, Slot, std::less<>> slots_;
  std::set<std::pair<std::uint64_t, std::string>> pending_[2];             // (seq, key)
  std::set<std::pair<std::pair<Instant, std::uint64_t>, std::string>> retries_[2];  // ((next_at, seq), key)
  std::uint64_t next_seq_ = 0;
};

}  // namespace docket::detail
