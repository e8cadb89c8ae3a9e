// LocalOutbox: undelivered actions of a store-less engine, pending in commit order and retries by time.
#include "run/local_outbox.hpp"

#include <algorithm>

namespace docket::detail {

void LocalOutbox::add(OutboxEntry entry) {
  const auto [it, added] = seqs_.try_emplace(entry.action.idempotency_key, next_seq_);
  if (!added) return;  // kept once per key
  const std::uint64_t seq = next_seq_++;
  pending_[index(entry.channel)].insert(seq);
  slots_.emplace(seq, std::move(entry));
}

std::vector<OutboxEntry> LocalOutbox::due(ActionChannel channel, Instant until, std::size_t limit) const {
  std::vector<std::pair<const OutboxEntry*, std::uint64_t>> picked;
  for (std::uint64_t seq : pending_[index(channel)]) {
    if (picked.size() >= limit) break;
    picked.emplace_back(&slots_.find(seq)->second, seq);
  }
  std::size_t retries = 0;
  for (const auto& [when, seq] : retries_[index(channel)]) {
    if (when > until || retries++ >= limit) break;
    picked.emplace_back(&slots_.find(seq)->second, seq);
  }
  std::sort(picked.begin(), picked.end(), [](const auto& a, const auto& b) {
    return std::pair(a.first->next_at, a.second) < std::pair(b.first->next_at, b.second);
  });
  if (picked.size() > limit) picked.resize(limit);
  std::vector<OutboxEntry> out;
  out.reserve(picked.size());
  for (const auto& [entry, seq] : picked) out.push_back(*entry);
  return out;
}

void LocalOutbox::apply(const DeliveryUpdate& update) {
  const auto key = seqs_.find(update.key);
  if (key == seqs_.end()) return;
  const std::uint64_t seq = key->second;
  const auto it = slots_.find(seq);
  OutboxEntry& entry = it->second;
  const std::size_t c = index(entry.channel);
  pending_[c].erase(seq);
  retries_[c].erase({entry.next_at, seq});
  if (update.state == DeliveryState::delivered || update.state == DeliveryState::dead) {
    slots_.erase(it);
    seqs_.erase(key);
    return;
  }
  entry.state = update.state;
  entry.attempts = update.attempts;
  entry.next_at = update.next_at;
  entry.last_error = update.last_error;
  if (update.state == DeliveryState::pending) pending_[c].insert(seq);
  else retries_[c].insert({entry.next_at, seq});
}

std::optional<Instant> LocalOutbox::next_retry(ActionChannel channel) const {
  const auto& r = retries_[index(channel)];
  if (r.empty()) return std::nullopt;
  return r.begin()->first;
}

std::vector<OutboxEntry> LocalOutbox::entries(InstanceId instance) const {
  std::vector<OutboxEntry> out;  // slots_ is in sequence order: the order committed
  for (const auto& [seq, entry] : slots_) {
    if (instance == 0 || entry.action.instance == instance) out.push_back(entry);
  }
  return out;
}

}  // namespace docket::detail
