// PostgresStore: instances, audit trails and actions in a PostgreSQL database, one transaction per batch.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "docket/core/store.hpp"

namespace docket {

// The same tables as SqliteStore (instances, trail, actions, docket_store), created when missing,
// in the database (and schema search path) `conninfo` names, e.g.
// "host=127.0.0.1 port=5432 dbname=docket user=docket" or "postgresql://docket@127.0.0.1/docket".
// By default one process writes a database at a time (a session advisory lock, released when it
// disconnects or dies); Mode::shared lets several processes write it together (docs/store.md: row
// locks and revisions, claims with FOR UPDATE SKIP LOCKED, leases with a fence, LISTEN/NOTIFY).
// Each unit of work is one transaction of bulk statements (unnest of arrays), one per table.
class PostgresStore final : public Store {
 public:
  // Connects and creates the tables. StoreError when the server cannot be reached, refuses the
  // login, or holds tables of a newer docket.
  enum class Mode {
    write,      // creates the tables when missing; takes the writer's lock
    read_only,  // `docket audit`: never writes, takes no lock
    shared,     // one of several processes writing the database: takes a lease, no writer's lock
  };
  struct SharedOptions {
    std::chrono::milliseconds lease{10'000};  // how long a process is trusted without a heartbeat
    std::string name;                         // who it is, for operators (default: host name and pid)
  };
  explicit PostgresStore(const std::string& conninfo, Mode mode = Mode::write);
  PostgresStore(const std::string& conninfo, SharedOptions shared);
  // This process's lease (shared mode; 0 otherwise): also the fencing token written with its claims.
  [[nodiscard]] std::int64_t lease_id() const noexcept;
  ~PostgresStore() override;
  PostgresStore(const PostgresStore&) = delete;
  PostgresStore& operator=(const PostgresStore&) = delete;

  void write(const StoreBatch& batch) override;
  [[nodiscard]] InstanceId allocate_id() override;
  [[nodiscard]] std::optional<StoredInstance> instance(InstanceId id) const override;
  [[nodiscard]] std::vector<StoredInstance> instances() const override;
  [[nodiscard]] std::size_t open_count() const override;
  [[nodiscard]] std::vector<DueInstance> due(Instant until, std::size_t limit,
                                             std::optional<DueInstance> after) const override;
  [[nodiscard]] std::optional<Instant> next_due() const override;
  [[nodiscard]] std::optional<InstanceKey> find_key(const std::string& key) const override;
  [[nodiscard]] std::vector<TraceEntry> audit(InstanceId id) const override;
  [[nodiscard]] std::vector<OutboxEntry> due_actions(ActionChannel channel, Instant until,
                                                     std::size_t limit) const override;
  [[nodiscard]] std::optional<Instant> next_retry(ActionChannel channel) const override;
  [[nodiscard]] std::vector<OutboxEntry> outbox(InstanceId instance, std::optional<DeliveryState> state) const override;
  [[nodiscard]] std::optional<OutboxEntry> action(const std::string& key) const override;
  std::uint32_t deploy(const ProgramVersion& version) override;
  [[nodiscard]] std::vector<ProgramVersion> versions() const override;
  [[nodiscard]] std::optional<std::string> meta(const std::string& key) const override;

  [[nodiscard]] bool shared() const noexcept override;
  [[nodiscard]] std::vector<DueInstance> claim_due(Instant until, std::size_t limit,
                                                   std::optional<DueInstance> after) override;
  [[nodiscard]] std::vector<OutboxEntry> claim_actions(ActionChannel channel, Instant until, std::size_t limit) override;
  void release_claims() override;
  void heartbeat() override;
  [[nodiscard]] std::chrono::milliseconds lease() const noexcept override;
  std::optional<Instant> wait_for_work(std::chrono::milliseconds timeout, int wake_fd = -1) override;

 private:
  void open(const std::string& conninfo, Mode mode, const std::string& name);
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace docket
