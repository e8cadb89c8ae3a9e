// Where what must outlive the process lives: instances, ids, timers, the trail, the outbox, program versions.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "docket/core/action.hpp"
#include "docket/core/trace.hpp"
#include "docket/core/value.hpp"

namespace docket {

// A store could not read or write (disk full, database gone, a file that is not a docket store).
// The message names the store and the fix.
class StoreError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A shared store (several processes on one database, docs/store.md) refused a write because another
// process changed an instance since this one read it, or started the same business key first. Nothing
// was written; the engine dropped what it had cached, so the operation may simply be run again.
class StoreConflict : public StoreError {
 public:
  using StoreError::StoreError;
};

// A shared store refused a write because this process's lease ended (it stalled, or lost the
// database, for longer than the lease) and others may have taken over its work. Nothing was
// written, and nothing this process writes will be: it must stop and be started again.
class StoreFenced : public StoreError {
 public:
  using StoreError::StoreError;
};

// One instance as a store keeps it. The snapshot is the engine's JSON (docs/store.md): stores keep
// it as it is and never look inside, so the engine can change it without changing any store.
struct StoredInstance {
  InstanceId id = 0;
  std::string workflow;
  std::uint32_t version = 0;        // the program version it runs on (ProgramVersion::version)
  bool open = true;                 // running or failed; false once it reached an end
  std::optional<Instant> next_due;  // its earliest timer (deadline, SLA mark, retry): the due-time index
  std::string snapshot;
  // How many times it was written (a shared store's check that nobody wrote it since it was read):
  // read from the store; in a batch, the revision the writer read (0: a new instance). Single-writer
  // stores keep no revisions and answer 0.
  std::uint64_t revision = 0;
};

// A program version: the .dkt sources an engine compiled, kept so that an instance started on it
// can run to its end on it after the definitions changed.
struct ProgramVersion {
  std::uint32_t version = 0;  // 1, 2, ... in the order deployed
  std::string hash;           // sha256 of `sources` (64 hex digits)
  std::string sources;        // JSON: {"files": [{"name": ..., "text": ...}, ...]}
  Instant deployed;
};

// What happens to an action after it was committed (the transactional outbox).
enum class DeliveryState : std::uint8_t {
  pending,    // committed, not yet attempted
  failed,     // attempted and failed; attempted again at `next_at`
  delivered,  // its handler (a plugin action or the host's sink) took it
  dead,       // given up: a permanent failure, attempts used up, or an operator said so
};
[[nodiscard]] const char* delivery_state_name(DeliveryState s) noexcept;
[[nodiscard]] std::optional<DeliveryState> delivery_state_from_name(std::string_view name) noexcept;

// Who carries an action out, decided when it is committed: a plugin that registered it, or the host.
enum class ActionChannel : std::uint8_t { plugin, host };

struct OutboxEntry {
  Action action;
  ActionChannel channel = ActionChannel::host;
  DeliveryState state = DeliveryState::pending;
  std::uint32_t attempts = 0;
  Instant next_at;                       // pending: when committed; failed: the next attempt
  std::string last_error;
  std::optional<Instant> delivered_at;
};

// A delivery attempt's result, or an operator's decision, applied to the action with `key`.
struct DeliveryUpdate {
  std::string key;
  DeliveryState state = DeliveryState::delivered;
  std::uint32_t attempts = 0;
  Instant next_at;
  std::string last_error;
  std::optional<Instant> delivered_at;
};

// A business key an instance was started with (a ticket number, a client's request id): starting
// again with the same key finds this instance instead of starting another.
struct InstanceKey {
  std::string key;
  InstanceId instance = 0;
  std::string fingerprint;  // what it was started with (workflow and arguments), to tell a retry from a clash
};

// Everything one unit of work changed (an engine operation, or a group of them committed
// together): a durable store writes it all or nothing, in one transaction.
struct StoreBatch {
  std::vector<StoredInstance> instances;  // the instances it changed, as they are after it
  std::vector<TraceEntry> trail;          // their new audit trail entries, in order
  std::vector<OutboxEntry> actions;       // new actions, pending (kept once per idempotency key)
  std::vector<DeliveryUpdate> deliveries; // delivery results and operator decisions
  std::vector<InstanceKey> keys;          // business keys of the instances it started
  std::map<std::string, std::string> meta;  // host bookkeeping committed with the work (a scenario's cursor)
  [[nodiscard]] bool empty() const noexcept {
    return instances.empty() && trail.empty() && actions.empty() && deliveries.empty() && keys.empty() && meta.empty();
  }
};

// An instance whose earliest timer is due: the due-time index's answer, in firing order.
struct DueInstance {
  Instant due;
  InstanceId id = 0;
  friend auto operator<=>(const DueInstance&, const DueInstance&) = default;
};

// The store is the source of truth; the engine is a cache in front of it. It hands out instance
// ids, keeps each instance's state with its earliest due time (the timer index the engine queries
// in (due, id) order), the audit trail, the outbox with each action's delivery state, business
// keys, program versions and the host's bookkeeping. A store object is used by one thread.
class Store {
 public:
  virtual ~Store() = default;

  // One transaction: all of the batch or none of it (StoreError, and nothing was written).
  virtual void write(const StoreBatch& batch) = 0;
  // A new instance id, never handed out before for an instance that was written.
  [[nodiscard]] virtual InstanceId allocate_id() = 0;

  [[nodiscard]] virtual std::optional<StoredInstance> instance(InstanceId id) const = 0;
  // Every instance stored, open or not, by id (`docket audit`).
  [[nodiscard]] virtual std::vector<StoredInstance> instances() const = 0;
  [[nodiscard]] virtual std::size_t open_count() const = 0;
  // Up to `limit` instances with a timer due at or before `until`, in (due, id) order, after
  // `after` (exclusive) when given: the engine pages through them with it.
  [[nodiscard]] virtual std::vector<DueInstance> due(Instant until, std::size_t limit,
                                                     std::optional<DueInstance> after) const = 0;
  // The earliest due time of any instance.
  [[nodiscard]] virtual std::optional<Instant> next_due() const = 0;
  [[nodiscard]] virtual std::optional<InstanceKey> find_key(const std::string& key) const = 0;

  [[nodiscard]] virtual std::vector<TraceEntry> audit(InstanceId id) const = 0;

  // Actions of `channel` to attempt now: pending ones, and failed ones whose next attempt is at or
  // before `until`, oldest first, at most `limit`.
  [[nodiscard]] virtual std::vector<OutboxEntry> due_actions(ActionChannel channel, Instant until,
                                                             std::size_t limit) const = 0;
  // The earliest next attempt of a failed action of `channel`.
  [[nodiscard]] virtual std::optional<Instant> next_retry(ActionChannel channel) const = 0;
  // The outbox of one instance (0: every instance), optionally of one state, in the order committed.
  [[nodiscard]] virtual std::vector<OutboxEntry> outbox(InstanceId instance,
                                                        std::optional<DeliveryState> state) const = 0;
  [[nodiscard]] virtual std::optional<OutboxEntry> action(const std::string& key) const = 0;

  // Adds a version (its own transaction) unless one with the same hash exists; returns its number.
  virtual std::uint32_t deploy(const ProgramVersion& version) = 0;
  [[nodiscard]] virtual std::vector<ProgramVersion> versions() const = 0;

  [[nodiscard]] virtual std::optional<std::string> meta(const std::string& key) const = 0;

  // ---- several processes on one store (PostgresStore's shared mode; docs/store.md). The defaults
  // are those of a store with one writer: nothing to claim from anyone, no lease, no notices.

  // Whether other processes may write this store at the same time.
  [[nodiscard]] virtual bool shared() const noexcept { return false; }
  // Like due(), but what it returns is this process's to fire: no other process gets it until this
  // one writes the instance, calls release_claims(), or loses its lease.
  [[nodiscard]] virtual std::vector<DueInstance> claim_due(Instant until, std::size_t limit,
                                                           std::optional<DueInstance> after) {
    return due(until, limit, after);
  }
  // Like due_actions(), but claimed the same way until their delivery result is written.
  [[nodiscard]] virtual std::vector<OutboxEntry> claim_actions(ActionChannel channel, Instant until, std::size_t limit) {
    return due_actions(channel, until, limit);
  }
  // Gives back every claim not yet settled by a write (a unit of work that was rolled back).
  virtual void release_claims() {}
  // Renews this process's lease (StoreFenced when it has ended) and takes over the claims of
  // processes whose lease ended. Call it more often than the lease lasts (lease() / 3).
  virtual void heartbeat() {}
  // How long a lease lasts without a heartbeat (zero: no lease).
  [[nodiscard]] virtual std::chrono::milliseconds lease() const noexcept { return std::chrono::milliseconds{0}; }
  // Waits up to `timeout` for another process to announce work (a new timer, a new action), or for
  // `wake_fd` (when >= 0) to become readable. Returns the earliest due time announced (an action
  // counts as due at once), nothing on a timeout or wake. A single-writer store returns at once.
  virtual std::optional<Instant> wait_for_work(std::chrono::milliseconds timeout, int wake_fd = -1) {
    (void)timeout;
    (void)wake_fd;
    return std::nullopt;
  }
};

// Keeps everything in memory: tests, simulation, and hosts that need no durability.
class MemoryStore final : public Store {
 public:
  void write(const StoreBatch& batch) override;
  [[nodiscard]] InstanceId allocate_id() override { return ++last_id_; }
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
  // How many batches were written: one per unit of work that changed anything.
  [[nodiscard]] std::size_t writes() const noexcept { return writes_; }

 private:
  std::map<InstanceId, StoredInstance> instances_;
  std::set<DueInstance> due_;
  std::map<InstanceId, std::vector<TraceEntry>> audit_;
  std::vector<OutboxEntry> outbox_;                       // in the order committed
  std::map<std::string, std::size_t, std::less<>> action_index_;  // key -> position in outbox_
  std::set<std::pair<Instant, std::size_t>> retries_[2];  // failed actions by next attempt, per channel
  std::set<std::size_t> pending_[2];                      // pending actions by position, per channel
  std::map<std::string, InstanceKey, std::less<>> keys_;
  std::vector<ProgramVersion> versions_;
  std::map<std::string, std::string, std::less<>> meta_;
  InstanceId last_id_ = 0;
  std::size_t writes_ = 0;
};

}  // namespace docket
