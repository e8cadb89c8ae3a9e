// PostgresStore: instances, audit trails and actions in a PostgreSQL database, one transaction per batch.
#pragma once

#include <memory>
#include <string>

#include "docket/core/store.hpp"

namespace docket {

// The same tables as SqliteStore (instances, trail, actions, docket_store), created when missing,
// in the database (and schema search path) `conninfo` names, e.g.
// "host=127.0.0.1 port=5432 dbname=docket user=docket" or "postgresql://docket@127.0.0.1/docket".
// One engine writes a database at a time.
class PostgresStore final : public Store {
 public:
  // Connects and creates the tables. StoreError when the server cannot be reached, refuses the
  // login, or holds tables of a newer docket.
  explicit PostgresStore(const std::string& conninfo);
  ~PostgresStore() override;
  PostgresStore(const PostgresStore&) = delete;
  PostgresStore& operator=(const PostgresStore&) = delete;

  void write(const StoreBatch& batch) override;
  [[nodiscard]] std::optional<StoredInstance> instance(InstanceId id) const override;
  [[nodiscard]] std::vector<StoredInstance> open_instances() const override;
  [[nodiscard]] std::vector<StoredInstance> instances() const override;
  [[nodiscard]] InstanceId last_instance_id() const override;
  [[nodiscard]] std::vector<TraceEntry> audit(InstanceId id) const override;
  [[nodiscard]] std::vector<Action> actions(InstanceId id) const override;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace docket
