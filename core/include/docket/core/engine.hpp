// The engine: runs workflow instances of one Program over submitted events and injected time.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "docket/core/action.hpp"
#include "docket/core/clock.hpp"
#include "docket/core/program.hpp"
#include "docket/core/retry_policy.hpp"
#include "docket/core/sla.hpp"
#include "docket/core/store.hpp"
#include "docket/core/eval_mode.hpp"
#include "docket/core/trace.hpp"
#include "docket/core/value.hpp"

namespace docket {

class CalendarRegistry;  // docket/core/extensions.hpp

// Misuse by the host (unknown workflow or step, a step that is not active, a wrong argument):
// the message names the thing and the fix. The instance is left unchanged.
class EngineError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct InstanceStatus {
  std::string workflow;
  std::vector<std::string> active;   // names of active steps and waits (kept while failed)
  bool finished = false;
  std::string end;                   // the end node reached, when finished
  std::string error;                 // when the instance failed
  std::uint32_t retries = 0;         // retries so far of the operation that failed
  std::optional<Instant> retry_at;   // when it is retried next, if the policy allows another
  std::int32_t escalation_level = 0; // the highest level any of its SLAs escalated to
  std::uint32_t version = 0;         // the program version it runs on (0 without a store)
  // A workflow with `repeat`: its place in the series (0: the first instance), the instance whose
  // `repeat` started it (0: the host started it), and when the next one starts while pending.
  std::uint32_t occurrence = 0;
  InstanceId repeated_from = 0;
  std::optional<Instant> next_start;
};


// Loads a program version an instance started on from its sources: the host compiles them as it
// compiled its own program (same plugins), e.g. with docket::dsl::compile and Program::lower.
using ProgramLoader = std::function<std::shared_ptr<const Program>(const ProgramVersion& version)>;

// Deliveries of actions back off as this says (30 s, 1 min, 2 min, ... at most 1 h apart); after
// 8 failed attempts an action is dead (Engine::set_action_retry_policy).
inline constexpr RetryPolicy kActionRetry{8, std::chrono::seconds{30}, std::chrono::seconds{3600}, 2};

// Runs workflow instances over submitted events and injected time. Not thread-safe: one thread
// calls it (a live host gives it to a LiveRunner). docs/store.md describes the units of work,
// the store and the outbox; docs/embedding.md how a host drives it.
class Engine {
 public:
  // `program` is the version new instances start on.
  Engine(std::shared_ptr<const Program> program, const Clock& clock);
  ~Engine();  // writes delivery results not yet written (see flush())
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // Host actions (those no plugin registers) go to `sink` once the unit of work that asked for them
  // has committed; returning is a delivery, throwing a failed attempt (retried with backoff, dead
  // after the policy's attempts). Plugin actions go to their plugin. With a store, actions without
  // a sink stay pending in the outbox until a host with a sink delivers them.
  void on_action(std::function<void(const Action&)> sink);
  // Every delivery attempt's result (delivered, failed with the next attempt, dead).
  void on_delivery(std::function<void(const OutboxEntry&)> sink);
  void set_action_retry_policy(RetryPolicy policy);
  // When evaluation fails (a plugin function reports an error, a division by zero), the instance
  // fails with the message and keeps its active steps, and the operation that failed (entering
  // a step, or choosing a way out) is retried on this policy's schedule (default: 3 attempts,
  // 1 min then 2 min apart). Retries fire from fire_due_timers() like deadlines.
  void set_retry_policy(RetryPolicy policy);
  // Business calendars for `within N workdays` on a workflow's `calendar` (the registry must
  // outlive the engine). Without one, business deadlines are traced but set no timer.
  void use_calendars(const CalendarRegistry& calendars);
  // Which evaluator runs guards, roles, action arguments, SLA targets and the decisions they call
  // (default EvalMode::automatic: the fastest this build has). Every mode gives the same answers.
  // std::invalid_argument for EvalMode::jit in a build without LLVM.
  void use_evaluator(EvalMode mode);
  // Every trail entry, once the unit of work that made it has committed.
  void on_trace(std::function<void(const TraceEntry&)> sink);
  // The store is the source of truth from now on (it must outlive the engine): instance ids, each
  // instance's state and pending timers, the audit trail, the outbox and program versions. Each
  // operation (or Batch of them) commits in one transaction before it returns; the engine keeps
  // open instances as a cache in front of it. The engine's program is recorded as a version
  // (deployed when the store does not have it yet), and new instances start on it.
  void use_store(Store& store);
  // The store given to use_store (null without one): hosts of a shared store renew its lease and
  // wait on its notices between operations (LiveRunner does).
  [[nodiscard]] Store* store() const noexcept;
  // Instances started on another version are loaded with `loader` when they are needed.
  void use_program_loader(ProgramLoader loader);
  // The version new instances start on (0 without a store).
  [[nodiscard]] std::uint32_t program_version() const;
  // Without a store, finished instances are kept for status() and slas() unless told otherwise
  // (a long `docket run`); with one they are read back from the store.
  void keep_finished(bool keep);
  // With a store: how many open instances the engine keeps in memory (default 100,000); others
  // are read from the store when an operation or timer needs them.
  void set_cache_limit(std::size_t instances);
  // Makes a new engine carry on from its store: nothing is loaded up front (instances are read when
  // needed, timers are queried from the store), and every action committed but not yet delivered
  // is offered again. Returns the number of open instances in the store. EngineError without a
  // store, or when the engine has already run operations.
  std::size_t recover();

  // Starts an instance of `workflow` with one value per workflow parameter. With a `key` (a ticket
  // number, a client's request id), starting again with the same key and the same arguments returns
  // the first instance instead of starting another; with other arguments it is an EngineError.
  InstanceId start(std::string_view workflow, std::vector<Value> args, std::string_view key = {});
  // The instance started with business key `key`.
  [[nodiscard]] std::optional<InstanceId> find_key(std::string_view key) const;
  // The named step is done; `outcomes` gives a value for each outcome the step declares.
  void complete(InstanceId id, std::string_view step, std::map<std::string, Value, std::less<>> outcomes = {});
  // A named event (e.g. "customer_pending") for the instance.
  void signal(InstanceId id, std::string_view event);

  // Retries a failed instance's failed operation now (whatever the policy). EngineError when the
  // instance has not failed, or failed in a way a retry cannot fix.
  void retry(InstanceId id);

  // When something is next due: a timer (step deadline, retry, SLA warning, breach, escalation) or
  // an action's next delivery attempt. fire_due_timers() fires every timer due at clock.now(), in
  // (due, instance) order, and then delivers the actions due.
  [[nodiscard]] std::optional<Instant> next_timer() const;
  void fire_due_timers();
  // Delivers the actions due now (pending ones, and failed ones whose next attempt has come);
  // returns how many attempts ran. The engine calls it after every commit.
  std::size_t deliver_actions();
  // When an action's next delivery attempt is due (failed attempts back off), if any is; none while
  // a Batch is open, since nothing is delivered before it commits.
  [[nodiscard]] std::optional<Instant> next_delivery() const;
  // Writes delivery results not yet written (they ride along with the next commit otherwise; one
  // lost in a crash only means the action is delivered again, with the same idempotency key).
  void flush();

  // A ticket's data changed (a customer re-classified, a complaint upgraded): workflow parameter
  // `param` takes `value`, and running SLAs whose target now differs are re-targeted, keeping
  // the time elapsed. EngineError (instance unchanged) on a wrong name or type, or when a target
  // cannot be evaluated with the new value.
  void update(InstanceId id, std::string_view param, Value value);

  // Moves a running instance to program `version`, which must have what the instance is at: its
  // workflow, the steps it is at or has passed, the edges it waits along, its SLAs and their marks,
  // its parameters and outcomes with the same types. EngineError naming what does not fit.
  void migrate(InstanceId id, std::uint32_t version);

  [[nodiscard]] InstanceStatus status(InstanceId id) const;
  // The instance's SLA clocks, in the order the workflow declares them, with their ledgers.
  [[nodiscard]] std::vector<SlaStatus> slas(InstanceId id) const;
  // The instance's audit trail from the store: every move, decision and SLA event, oldest first.
  // EngineError when the engine has no store (use_store) or no such instance.
  [[nodiscard]] std::vector<TraceEntry> audit(InstanceId id) const;
  // The instance's actions and their delivery state (0: every instance's).
  [[nodiscard]] std::vector<OutboxEntry> outbox(InstanceId id) const;

  // Group commit: the operations run while a Batch is open commit together, in one transaction,
  // when it commits; nothing of them reaches the store, the sinks or the outside world before.
  // An operation that throws EngineError inside changes nothing and the batch goes on; one that
  // fails half-way (anything else) spoils the batch: commit() then throws and nothing is kept.
  class Batch {
   public:
    explicit Batch(Engine& engine);
    ~Batch();  // not committed: nothing of it is kept, and the instances it touched are as before
    Batch(const Batch&) = delete;
    Batch& operator=(const Batch&) = delete;
    // Host bookkeeping written in the same transaction (e.g. how far a scenario has been played).
    void set_meta(std::string key, std::string value);
    // StoreError when the store cannot write (nothing was kept); EngineError when an operation
    // failed half-way.
    void commit();

   private:
    Engine& engine_;
    bool open_ = true;
  };

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Moves a virtual clock forward to `until`, firing each timer at its own due time on the way.
void advance_to(Engine& engine, VirtualClock& clock, Instant until);

}  // namespace docket
