// MemoryStore: the Store interface in memory (instances, due index, trails, outbox, keys, versions).
#include <fmt/format.h>

#include <algorithm>

#include "docket/core/store.hpp"

namespace docket {

namespace {

std::size_t channel_index(ActionChannel c) { return c == ActionChannel::plugin ? 0 : 1; }

}  // namespace

void MemoryStore::write(const StoreBatch& batch) {
  // Checked before anything changes, so that a refused batch leaves nothing behind.
  for (const InstanceKey& k : batch.keys) {
    if (auto it = keys_.find(k.key); it != keys_.end() && it->second.instance != k.instance) {
      throw StoreError(fmt::format("memory store: business key `{}` is taken by instance {}", k.key, it->second.instance));
    }
  }
  for (const StoredInstance& i : batch.instances) {
    if (auto it = instances_.find(i.id); it != instances_.end() && it->second.next_due) {
      due_.erase({*it->second.next_due, i.id});
    }
    if (i.next_due) due_.insert({*i.next_due, i.id});
    instances_[i.id] = i;
    last_id_ = std::max(last_id_, i.id);
  }
  for (const TraceEntry& e : batch.trail) audit_[e.instance].push_back(e);
  for (const OutboxEntry& a : batch.actions) {
    if (action_index_.contains(a.action.idempotency_key)) continue;  // kept once per key
    action_index_.emplace(a.action.idempotency_key, outbox_.size());
    pending_[channel_index(a.channel)].insert(outbox_.size());
    outbox_.push_back(a);
  }
  for (const DeliveryUpdate& d : batch.deliveries) {
    auto it = action_index_.find(d.key);
    if (it == action_index_.end()) continue;
    OutboxEntry& e = outbox_[it->second];
    const std::size_t c = channel_index(e.channel);
    pending_[c].erase(it->second);
    retries_[c].erase({e.next_at, it->second});
    e.state = d.state;
    e.attempts = d.attempts;
    e.next_at = d.next_at;
    e.last_error = d.last_error;
    e.delivered_at = d.delivered_at;
    if (e.state == DeliveryState::pending) pending_[c].insert(it->second);
    if (e.state == DeliveryState::failed) retries_[c].insert({e.next_at, it->second});
  }
  for (const InstanceKey& k : batch.keys) keys_[k.key] = k;
  for (const auto& [key, value] : batch.meta) meta_[key] = value;
  ++writes_;
}

std::optional<StoredInstance> MemoryStore::instance(InstanceId id) const {
  auto it = instances_.find(id);
  if (it == instances_.end()) return std::nullopt;
  return it->second;
}

std::vector<StoredInstance> MemoryStore::instances() const {
  std::vector<StoredInstance> out;
  out.reserve(instances_.size());
  for (const auto& [id, i] : instances_) out.push_back(i);
  return out;
}

std::size_t MemoryStore::open_count() const {
  std::size_t n = 0;
  for (const auto& [id, i] : instances_) n += i.open ? 1 : 0;
  return n;
}

std::vector<DueInstance> MemoryStore::due(Instant until, std::size_t limit, std::optional<DueInstance> after) const {
  std::vector<DueInstance> out;
  auto it = after ? due_.upper_bound(*after) : due_.begin();
  for (; it != due_.end() && it->due <= until && out.size() < limit; ++it) out.push_back(*it);
  return out;
}

std::optional<Instant> MemoryStore::next_due() const {
  if (due_.empty()) return std::nullopt;
  return due_.begin()->due;
}

std::optional<InstanceKey> MemoryStore::find_key(const std::string& key) const {
  auto it = keys_.find(key);
  if (it == keys_.end()) return std::nullopt;
  return it->second;
}

std::vector<TraceEntry> MemoryStore::audit(InstanceId id) const {
  auto it = audit_.find(id);
  return it == audit_.end() ? std::vector<TraceEntry>{} : it->second;
}

std::vector<OutboxEntry> MemoryStore::due_actions(ActionChannel channel, Instant until, std::size_t limit) const {
  const std::size_t c = channel_index(channel);
  std::vector<std::size_t> picked;
  for (std::size_t i : pending_[c]) {
    if (picked.size() >= limit) break;
    picked.push_back(i);
  }
  std::size_t retries = 0;
  for (const auto& [at, i] : retries_[c]) {
    if (at > until || retries++ >= limit) break;
    picked.push_back(i);
  }
  // Oldest first: by next attempt, then by commit order.
  std::sort(picked.begin(), picked.end(), [&](std::size_t a, std::size_t b) {
    return std::pair(outbox_[a].next_at, a) < std::pair(outbox_[b].next_at, b);
  });
  if (picked.size() > limit) picked.resize(limit);
  std::vector<OutboxEntry> out;
  out.reserve(picked.size());
  for (std::size_t i : picked) out.push_back(outbox_[i]);
  return out;
}

std::optional<Instant> MemoryStore::next_retry(ActionChannel channel) const {
  const auto& r = retries_[channel_index(channel)];
  if (r.empty()) return std::nullopt;
  return r.begin()->first;
}

std::vector<OutboxEntry> MemoryStore::outbox(InstanceId instance, std::optional<DeliveryState> state) const {
  std::vector<OutboxEntry> out;
  for (const OutboxEntry& e : outbox_) {
    if ((instance == 0 || e.action.instance == instance) && (!state || e.state == *state)) out.push_back(e);
  }
  return out;
}

std::optional<OutboxEntry> MemoryStore::action(const std::string& key) const {
  auto it = action_index_.find(key);
  if (it == action_index_.end()) return std::nullopt;
  return outbox_[it->second];
}

std::uint32_t MemoryStore::deploy(const ProgramVersion& version) {
  for (const ProgramVersion& v : versions_) {
    if (v.hash == version.hash) return v.version;
  }
  ProgramVersion v = version;
  v.version = static_cast<std::uint32_t>(versions_.size() + 1);
  versions_.push_back(v);
  return v.version;
}

std::vector<ProgramVersion> MemoryStore::versions() const { return versions_; }

std::optional<std::string> MemoryStore::meta(const std::string& key) const {
  auto it = meta_.find(key);
  if (it == meta_.end()) return std::nullopt;
  return it->second;
}

}  // namespace docket
