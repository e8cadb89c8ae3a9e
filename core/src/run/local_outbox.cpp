// LocalOutbox: undelivered actions of a store-less engine, pending in commit order and retries by time.
#include "run/local_outbox.hpp"

#include <algorithm>

namespace docket::detail {

void LocalOutbox::add(OutboxEntry entry) {
  if (slots_.contains(entry.action.idempotency_key)) return;  // kept once per key
  const std::uint64_t seq = next_seq_++;
  const std::string key = entry.action.idempotency_key;
  pending_[index(entry.channel)].insert({seq, key});
  slots_.emplace(key, Slot{std::move(entry), seq});
}

std::vector<OutboxEntry> LocalOutbox::due(ActionChannel channel, Instant until, std::size_t limit) const {
  std::vector<const Slot*> picked;
  for (const auto& [seq, key] : pending_[index(channel)]) {
    if (picked.size() >= limit) break;
    picked.push_back(&slots_.find(key)->second);
  }
  std::size_t retries = 0;
  for (const auto& [when, key] : retries_[index(channel)]) {
    if (when.first > until || retries++ >= limit) break;
    picked.push_back(&slots_.find(key)->second);
  }
  std::sort(picked.begin(), picked.end(), [](const Slot* a, const Slot* b) {
    return std::pair(a->entry.next_at, a->seq) < std::pair(b->entry.next_at, b->seq);
  });
  if (picked.size() > limit) picked.resize(limit);
  std::vector<OutboxEntry> out;
  out.reserve(picked.size());
  for (const Slot* s : picked) out.push_back(s->entry);
  return out;
}

void LocalOutbox::apply(const DeliveryUpdate& update) {
  auto it = slots_.find(update.key);
  if (it == slots_.end()) return;
  Slot& slot = it->second;
  const std::size_t c = index(slot.entry.channel);
  pending_[c].erase({slot.seq, update.key});
  retries_[c].erase({{slot.entry.next_at, slot.seq}, update.key});
  if (update.state == DeliveryState::delivered || update.state == DeliveryState::dead) {
    slots_.erase(it);
    return;
  }
  slot.entry.state = update.state;
  slot.entry.attempts = update.attempts;
  slot.entry.next_at = update.next_at;
  slot.entry.last_error = update.last_error;
  if (update.state == DeliveryState::pending) pending_[c].insert({slot.seq, update.key});
  else retries_[c].insert({{slot.entry.next_at, slot.seq}, update.key});
}

std::optional<Instant> LocalOutbox::next_retry(ActionChannel channel) const {
  const auto& r = retries_[index(channel)];
  if (r.empty()) return std::nullopt;
  return r.begin()->first.first;
}

std::vector<OutboxEntry> LocalOutbox::entries(InstanceId instance) const {
  std::vector<const Slot*> picked;
  for (const auto& [key, slot] : slots_) {
    if (instance == 0 || slot.entry.action.instance == instance) picked.push_back(&slot);
  }
  std::sort(picked.begin(), picked.end(), [](const Slot* a, const Slot* b) { return a->seq < b->seq; });
  std::vector<OutboxEntry> out;
  for (const Slot* s : picked) out.push_back(s->entry);
  return out;
}

}  // namespace docket::detail
