// MemoryStore: instance snapshots, audit trails and actions per instance, in memory.
#include "docket/core/store.hpp"

namespace docket {

void MemoryStore::write(const StoreBatch& batch) {
  for (const StoredInstance& i : batch.instances) instances_[i.id] = i;
  for (const TraceEntry& e : batch.trail) audit_[e.instance].push_back(e);
  for (const Action& a : batch.actions) {
    if (keys_.emplace(a.idempotency_key, true).second) actions_[a.instance].push_back(a);
  }
  ++writes_;
}

std::optional<StoredInstance> MemoryStore::instance(InstanceId id) const {
  auto it = instances_.find(id);
  if (it == instances_.end()) return std::nullopt;
  return it->second;
}

std::vector<StoredInstance> MemoryStore::open_instances() const {
  std::vector<StoredInstance> out;
  for (const auto& [id, i] : instances_) {
    if (i.open) out.push_back(i);
  }
  return out;
}

std::vector<StoredInstance> MemoryStore::instances() const {
  std::vector<StoredInstance> out;
  for (const auto& [id, i] : instances_) out.push_back(i);
  return out;
}

InstanceId MemoryStore::last_instance_id() const { return instances_.empty() ? 0 : instances_.rbegin()->first; }

std::vector<TraceEntry> MemoryStore::audit(InstanceId id) const {
  auto it = audit_.find(id);
  return it == audit_.end() ? std::vector<TraceEntry>{} : it->second;
}

std::vector<Action> MemoryStore::actions(InstanceId id) const {
  auto it = actions_.find(id);
  return it == actions_.end() ? std::vector<Action>{} : it->second;
}

}  // namespace docket
