// MemoryStore: audit trails and actions per instance, in memory.
#include "docket/core/store.hpp"

namespace docket {

std::vector<TraceEntry> MemoryStore::audit(InstanceId id) const {
  auto it = audit_.find(id);
  return it == audit_.end() ? std::vector<TraceEntry>{} : it->second;
}

std::vector<Action> MemoryStore::actions(InstanceId id) const {
  auto it = actions_.find(id);
  return it == actions_.end() ? std::vector<Action>{} : it->second;
}

}  // namespace docket
