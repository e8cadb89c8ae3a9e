// SqliteStore: the embedded durable store, one SQLite file holding instances, audit trails and actions.
#pragma once

#include <memory>
#include <string>

#include "docket/core/store.hpp"

namespace docket {

// Each engine operation's batch is one transaction. The file can be read with any SQLite tool:
// tables `instances` (id, workflow, open, snapshot), `trail` (instance, at, kind, node, detail,
// due) and `actions` (key, instance, name, args, at, role, sla, level); times are Unix seconds.
// One engine writes a file at a time (others may read it).
class SqliteStore final : public Store {
 public:
  enum class Sync {
    full,    // every batch is on disk before write() returns: survives a power cut
    normal,  // write-ahead log synced at checkpoints: survives the process dying, not a power cut
  };
  // Opens `path`, creating it when missing. StoreError when it cannot be opened or created, is not
  // a docket store, or was written by a newer docket.
  explicit SqliteStore(const std::string& path, Sync sync = Sync::full);
  ~SqliteStore() override;
  SqliteStore(const SqliteStore&) = delete;
  SqliteStore& operator=(const SqliteStore&) = delete;

  void write(const StoreBatch& batch) override;
  [[nodiscard]] std::optional<StoredInstance> instance(InstanceId id) const override;
  [[nodiscard]] std::vector<StoredInstance> open_instances() const override;
  [[nodiscard]] InstanceId last_instance_id() const override;
  [[nodiscard]] std::vector<TraceEntry> audit(InstanceId id) const override;
  [[nodiscard]] std::vector<Action> actions(InstanceId id) const override;
  [[nodiscard]] std::vector<StoredInstance> instances() const override;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace docket
