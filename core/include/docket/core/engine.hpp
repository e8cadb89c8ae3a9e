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

#include "docket/core/clock.hpp"
#include "docket/core/program.hpp"
#include "docket/core/retry_policy.hpp"
#include "docket/core/sla.hpp"
#include "docket/core/value.hpp"

namespace docket {

using InstanceId = std::uint64_t;
class CalendarRegistry;  // docket/core/extensions.hpp
class Store;             // docket/core/store.hpp

// Misuse by the host (unknown workflow or step, a step that is not active, a wrong argument):
// the message names the thing and the fix. The instance is left unchanged.
class EngineError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Something the workflow asks the outside world to do (a plugin or host action).
// Steps done by an action name it (`site.schedule_meter`). An SLA's warning or breach sends
// `notify`, `supervise` or `escalate` with the role it names (or its plugin action), the SLA, and
// the escalation level.
struct Action {
  InstanceId instance = 0;
  std::string name;                // e.g. "site.schedule_meter", "notify", "escalate"
  std::vector<Value> args;
  std::string idempotency_key;     // stable across redelivery: "<instance>:<node>:<visit>", or
                                   // "<instance>:sla:<sla>:<mark>:<round>" for an SLA's actions
  Instant at;
  std::string role;                // notify/supervise/escalate to a role: the role
  std::string sla;                 // sent by an SLA: its name
  std::int32_t level = 0;          // escalate level N
};

enum class TraceKind : std::uint8_t {
  started,          // instance started
  entered,          // a step or wait became active (detail: who does it, deadline)
  completed,        // a step completed (detail: outcomes)
  event,            // a named event arrived (detail: the event)
  took,             // an edge was taken (detail: why: the guard, otherwise, or the event)
  deadline_missed,  // a step's `within` passed while it was still active
  action,           // an action went to the host
  ended,            // the instance reached an end node
  failed,           // evaluation failed (a function reported an error); the instance stops
  sla,              // an SLA clock started, paused, resumed, was re-targeted, reset, stopped or cancelled
  warned,           // an SLA warning fell due
  breached,         // an SLA's due time passed while its clock ran
  escalated,        // a rung of an SLA's escalation ladder after the breach
};

// "started", "deadline_missed", ...: the enumerator's name; nullopt for a name that is none.
[[nodiscard]] const char* trace_kind_name(TraceKind kind) noexcept;
[[nodiscard]] std::optional<TraceKind> trace_kind_from_name(std::string_view name) noexcept;

struct TraceEntry {
  Instant at;
  InstanceId instance = 0;
  TraceKind kind = TraceKind::started;
  std::string node;     // the node concerned, when there is one
  std::string detail;   // human-readable
  std::optional<Instant> due;  // entered with a clock deadline, deadline_missed: when it is due
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
};


class Engine {
 public:
  Engine(std::shared_ptr<const Program> program, const Clock& clock);
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  void on_action(std::function<void(const Action&)> sink);
  // When evaluation fails (a plugin function reports an error, a division by zero), the instance
  // fails with the message and keeps its active steps, and the operation that failed (entering
  // a step, or choosing a way out) is retried on this policy's schedule (default: 3 attempts,
  // 1 min then 2 min apart). Retries fire from fire_due_timers() like deadlines.
  void set_retry_policy(RetryPolicy policy);
  // Business calendars for `within N workdays` on a workflow's `calendar` (the registry must
  // outlive the engine). Without one, business deadlines are traced but set no timer.
  void use_calendars(const CalendarRegistry& calendars);
  void on_trace(std::function<void(const TraceEntry&)> sink);
  // The engine keeps what it must not lose in `store` (which must outlive the engine): each
  // operation writes one batch, before it returns, with the state of every instance it changed,
  // its audit trail entries and its actions. audit() reads the trail back. A failed write throws
  // StoreError from the operation, and the engine refuses further work (EngineError): make a new
  // engine and recover() it. With a store, status(), slas() and audit() also answer for finished
  // instances that are only in the store.
  void use_store(Store& store);
  // Loads every open instance (running or failed) from the store into this new engine, with its
  // timers: step deadlines, retries and SLA marks not fired yet (those already due fire at the
  // next fire_due_timers(), once). New instances get ids after the store's last. Returns how many
  // were loaded. EngineError without a store, when the engine already has instances, or when an
  // instance no longer fits the program (a step or SLA it is at is gone): the message names it.
  std::size_t recover();

  // Starts an instance of `workflow` with one value per workflow parameter.
  InstanceId start(std::string_view workflow, std::vector<Value> args);
  // The named step is done; `outcomes` gives a value for each outcome the step declares.
  void complete(InstanceId id, std::string_view step, std::map<std::string, Value, std::less<>> outcomes = {});
  // A named event (e.g. "customer_pending") for the instance.
  void signal(InstanceId id, std::string_view event);

  // Retries a failed instance's failed operation now (whatever the policy). EngineError when the
  // instance has not failed, or failed in a way a retry cannot fix.
  void retry(InstanceId id);

  // Timers (step deadlines, retries, SLA warnings, breaches and escalations): the earliest pending one, and firing all due at clock.now().
  [[nodiscard]] std::optional<Instant> next_timer() const;
  void fire_due_timers();

  // A ticket's data changed (a customer re-classified, a complaint upgraded): workflow parameter
  // `param` takes `value`, and running SLAs whose target now differs are re-targeted, keeping
  // the time elapsed. EngineError (instance unchanged) on a wrong name or type, or when a target
  // cannot be evaluated with the new value.
  void update(InstanceId id, std::string_view param, Value value);

  [[nodiscard]] InstanceStatus status(InstanceId id) const;
  // The instance's SLA clocks, in the order the workflow declares them, with their ledgers.
  [[nodiscard]] std::vector<SlaStatus> slas(InstanceId id) const;
  // The instance's audit trail from the store: every move, decision and SLA event, oldest first.
  // EngineError when the engine has no store (use_store) or no such instance.
  [[nodiscard]] std::vector<TraceEntry> audit(InstanceId id) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Moves a virtual clock forward to `until`, firing each timer at its own due time on the way.
void advance_to(Engine& engine, VirtualClock& clock, Instant until);

}  // namespace docket
