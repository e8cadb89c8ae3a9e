// SqliteStore: the embedded durable store, one SQLite file that only a docket store ever writes.
#pragma once

#include <memory>
#include <string>

#include "docket/core/store.hpp"

namespace docket {

// Each unit of work is one transaction. The file can be read with any SQLite tool (docs/store.md
// lists the tables); times are Unix seconds. A file is docket's only when it carries docket's
// application_id and a schema version this docket knows: a new store is created only where no file
// is, and an empty, foreign or damaged file (PRAGMA quick_check) is refused, never written into.
// A store written by the previous schema is brought up to date when opened for writing.
// One process writes a file at a time (an advisory lock, released when it exits or dies); others
// may read it.
class SqliteStore final : public Store {
 public:
  enum class Sync {
    full,    // every commit is on disk before write() returns: survives a power cut
    normal,  // write-ahead log synced at checkpoints: survives the process dying, not a power cut
  };
  enum class Mode {
    write,      // creates the file when there is none; takes the writer's lock
    read_only,  // `docket audit`: never writes, never creates, takes no lock
  };
  // StoreError naming the file, the reason and the fix when it cannot be opened or created, is not
  // a docket store, is damaged, was written by a newer docket, or another process writes it.
  explicit SqliteStore(const std::string& path, Sync sync = Sync::full, Mode mode = Mode::write);
  ~SqliteStore() override;
  SqliteStore(const SqliteStore&) = delete;
  SqliteStore& operator=(const SqliteStore&) = delete;

  // SQLite's application_id of a docket store ('dkt1') and the schema version this docket writes.
  static constexpr int kApplicationId = 0x646B7431;
  static constexpr int kSchema = 2;

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

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace docket
