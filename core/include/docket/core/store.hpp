// Where the engine keeps what it must not lose: instance state, audit trails and the actions owed.
#pragma once

#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "docket/core/engine.hpp"

namespace docket {

// A store could not read or write (disk full, database gone, a file that is not a docket store).
// The message names the store and the fix.
class StoreError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// One instance as a store keeps it. The snapshot is the engine's JSON (docs/store.md): stores keep
// it as it is and never look inside, so the engine can change it without changing any store.
struct StoredInstance {
  InstanceId id = 0;
  std::string workflow;
  bool open = true;       // running or failed; false once it reached an end
  std::string snapshot;
};

// Everything one engine operation changed (a start, a completion, an event, an update, a retry,
// the timers due at one instant): a durable store writes it all or nothing, in one transaction.
struct StoreBatch {
  std::vector<StoredInstance> instances;  // the instances it changed, as they are after it
  std::vector<TraceEntry> trail;          // their new audit trail entries, in order
  std::vector<Action> actions;            // the actions it asked for (the outbox)
  [[nodiscard]] bool empty() const noexcept { return instances.empty() && trail.empty() && actions.empty(); }
};

// The engine writes one batch per operation, before the operation returns; when the write throws
// StoreError the operation throws it on, and the engine refuses further work (its memory is then
// ahead of its store): make a new engine and Engine::recover() from the store. SQLite
// (SqliteStore) and PostgreSQL stores implement this interface; the engine does not change for them.
class Store {
 public:
  virtual ~Store() = default;
  virtual void write(const StoreBatch& batch) = 0;

  [[nodiscard]] virtual std::optional<StoredInstance> instance(InstanceId id) const = 0;
  // Every instance still open (running or failed), by id: what Engine::recover() loads.
  [[nodiscard]] virtual std::vector<StoredInstance> open_instances() const = 0;
  // Every instance stored, open or not, by id (`docket audit`).
  [[nodiscard]] virtual std::vector<StoredInstance> instances() const = 0;
  // The highest instance id stored (0 when none), so that a recovered engine never reuses one.
  [[nodiscard]] virtual InstanceId last_instance_id() const = 0;
  [[nodiscard]] virtual std::vector<TraceEntry> audit(InstanceId id) const = 0;
  // Actions are kept once per idempotency key; their arguments come back as plain values
  // (booleans, numbers, texts, lists; enum members as their names).
  [[nodiscard]] virtual std::vector<Action> actions(InstanceId id) const = 0;
};

// Keeps everything in memory: tests, `docket run` without --store, `docket simulate`.
class MemoryStore final : public Store {
 public:
  void write(const StoreBatch& batch) override;
  [[nodiscard]] std::optional<StoredInstance> instance(InstanceId id) const override;
  [[nodiscard]] std::vector<StoredInstance> open_instances() const override;
  [[nodiscard]] std::vector<StoredInstance> instances() const override;
  [[nodiscard]] InstanceId last_instance_id() const override;
  [[nodiscard]] std::vector<TraceEntry> audit(InstanceId id) const override;
  [[nodiscard]] std::vector<Action> actions(InstanceId id) const override;
  // How many batches were written: one per engine operation that changed anything.
  [[nodiscard]] std::size_t writes() const noexcept { return writes_; }

 private:
  std::map<InstanceId, StoredInstance> instances_;
  std::map<InstanceId, std::vector<TraceEntry>> audit_;
  std::map<InstanceId, std::vector<Action>> actions_;
  std::map<std::string, bool, std::less<>> keys_;
  std::size_t writes_ = 0;
};

}  // namespace docket
