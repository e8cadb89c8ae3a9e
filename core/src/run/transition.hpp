// Transition: the engine's step function — one operation on one instance's state, and the effects it returns.
//
// A transition reads the program version the instance runs on, the time, the calendars and the
// retry policy, changes the instance's state (plain data, including its pending timers) and appends
// what it did to `Effects`: trail entries and actions. It touches nothing else: no other instance,
// no store, no sink, no timer queue. The engine (the driver) decides what to run, commits the state
// and the effects in one unit of work, and only then tells the outside world.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "docket/core/action.hpp"
#include "docket/core/business_clock.hpp"
#include "docket/core/clock.hpp"
#include "docket/core/extensions.hpp"
#include "docket/core/program.hpp"
#include "docket/core/retry_policy.hpp"
#include "docket/core/trace.hpp"
#include "eval/evaluator.hpp"
#include "eval/interpreter.hpp"
#include "lower/workflow_graph.hpp"
#include "run/decision_trace.hpp"
#include "run/instance_state.hpp"
#include "run/sla_clock.hpp"

namespace docket::detail {

// What an operation did besides changing the instance.
// A `repeat` series' next instance, due now: the engine starts it in the same unit of work.
struct RepeatStart {
  InstanceId from = 0;     // the instance whose timer fired
  std::size_t workflow = 0;
  std::uint32_t version = 0;
  std::vector<Value> params;
  SeriesState series;      // origin and occurrence of the instance to start (next unset)
};

struct Effects {
  std::vector<TraceEntry> trail;  // only when someone reads the trail (StepContext::tracing)
  std::vector<Action> actions;
  std::vector<RepeatStart> repeats;  // taken by the engine right after the transition
};

// Business clocks by calendar name, made on first use and shared by every operation of an engine.
class CalendarCache {
 public:
  void use(const CalendarRegistry* registry) {
    registry_ = registry;
    clocks_.clear();
  }
  // The clock of calendar `name`, null when no such calendar is loaded; EvalError when it fails.
  [[nodiscard]] const BusinessClock* find(const std::string& name);

 private:
  const CalendarRegistry* registry_ = nullptr;
  std::map<std::string, BusinessClock, std::less<>> clocks_;
};

// One program version as the engine runs it: the program, its evaluator (the engine's EvalMode),
// and the marks of each SLA, made once.
struct VersionRuntime {
  VersionRuntime(std::shared_ptr<const Program> p, std::uint32_t v, EvalMode mode);
  std::shared_ptr<const Program> program;
  std::shared_ptr<const Evaluator> evaluator;
  std::uint32_t version = 0;
  std::vector<std::vector<std::vector<SlaMark>>> marks;  // [workflow][sla]
};

// How an SLA of workflow `wf` counts: business time on its calendar, or 7×24.
[[nodiscard]] SlaMeter sla_meter_of(const ir::Workflow& wf, CalendarCache& calendars, const SlaRun& run);

// Everything a transition may read besides the instance.
struct StepContext {
  const VersionRuntime& runtime;
  const Clock& clock;  // plugins called during the step read it
  Instant now;
  CalendarCache& calendars;
  const RetryPolicy& retry_policy;
  bool tracing;  // whether trail entries are wanted: their words are put together only then
};

// Puts a trace entry's explanation together (explain_calls' words) when it is read.
using Explainer = std::function<std::string()>;

class Transition {
 public:
  Transition(const StepContext& ctx, InstanceState& st, Effects& out);

  // The operations; the engine has checked their arguments, so only evaluation can fail, and a
  // failure fails the instance (with a retry on the policy) rather than the operation.
  void start();
  void complete(std::uint32_t step, std::vector<Value> outcomes, const std::vector<std::string>& shown);
  void signal(std::uint32_t wait, std::uint32_t edge, std::string_view event);
  void retry();
  // Fires the instance's earliest pending timer when it is due at `now`; false when none is.
  bool fire_next();

  // A parameter changes: the SLAs whose target differs under `params` (EvalError when a target
  // cannot be evaluated), then the change itself, re-targeting them and keeping their elapsed time.
  [[nodiscard]] std::vector<std::pair<std::size_t, Duration>> retargets(std::span<const Value> params);
  void update(std::size_t param, std::string_view name, Value value,
              const std::vector<std::pair<std::size_t, Duration>>& retargets);

  // After the instance moved to this context's program version (snapshot.hpp, migrate_state): its
  // running SLA clocks are scheduled on this version's marks, and the move is traced.
  void migrated(std::uint32_t from_version);
  // Schedules running SLA clocks read from a format-1 snapshot, which kept no next mark.
  void schedule_unscheduled();

  [[nodiscard]] const ir::Workflow& workflow() const { return wf_; }
  [[nodiscard]] const WorkflowGraph& graph() const { return graph_; }
  // The SLA meter of a clock (business on the workflow's calendar, or 7×24).
  [[nodiscard]] SlaMeter sla_meter(const SlaRun& run) const;

 private:
  // Flow (transition.cpp). enter/route/take may throw EvalError: call them through guarded(),
  // which turns an evaluation failure into a failed instance.
  void enter(std::uint32_t node);
  void route(std::uint32_t from);
  void take(std::uint32_t edge, std::string_view why, Explainer guard = {});
  void leave(std::uint32_t node, bool completed);  // `completed`: not left along an event edge
  void fail(const std::string& message);
  template <class Step>
  void guarded(Step&& step);
  void run_retry();
  void fire_deadline(std::uint32_t node, std::uint32_t visit, Instant due);

  // `repeat` series (transition_repeat.cpp). plan_repeat evaluates the workflow's clause for this
  // instance and sets when the next instance starts (none after the last); the words for the trail.
  // May throw EvalError. fire_repeat hands the next instance to the engine (Effects::repeats).
  [[nodiscard]] std::string plan_repeat();
  void fire_repeat();
  // origin + k × `d` (clock time, or calendar months in the workflow calendar's zone).
  [[nodiscard]] Instant series_point(Instant origin, const Duration& d, std::int64_t k, std::string_view what) const;

  // SLA clocks (transition_sla.cpp). sla_targets evaluates, before anything changes, the targets
  // of the SLAs that entering `node` starts or resets (may throw EvalError); sla_entered applies
  // what entering it means to every clock; sla_left stops the clocks a completed stop step stops,
  // and resumes those no pause holds any more.
  struct SlaStartAt {
    std::uint32_t sla = 0;
    Duration target;
  };
  [[nodiscard]] std::vector<SlaStartAt> sla_targets(std::uint32_t node);
  void sla_entered(std::uint32_t node, const std::vector<SlaStartAt>& targets);
  void sla_left(std::uint32_t node, bool completed);
  void sla_fire(std::uint32_t sla, Instant due);
  void sla_schedule(std::uint32_t sla);
  [[nodiscard]] Duration sla_target(const ir::Sla& sla, std::span<const Value> params);
  // The clock of the workflow's calendar (null when it is not loaded), looked up once per
  // transition; EvalError when the calendar fails.
  [[nodiscard]] const BusinessClock* workflow_calendar() const;

  [[nodiscard]] Environment environment() const;
  [[nodiscard]] const Evaluator& evaluator() const { return *ctx_.runtime.evaluator; }
  // A workflow expression's value; a text literal (most roles) is its own value, without a walk.
  [[nodiscard]] Value evaluate(const ir::Expr& expr) const;
  void trace(Instant at, TraceKind kind, std::string node, std::string detail,
             std::optional<Instant> due = std::nullopt, std::shared_ptr<const DeferredDetail> full = nullptr) const;
  // The explanation of the decisions `expr` calls, put together when a trace reader asks (empty:
  // it calls none). Their arguments are evaluated then, from a copy of the parameters and outcomes,
  // unless `expr` calls a host or plugin function: then now, as the move happens.
  [[nodiscard]] Explainer explainer(const ir::Expr& expr) const;
  // The explanation put in words by `words` (given the explanation, "" when none is left), only
  // when a trace reader asks: null when there is nothing to explain. One closure holds both.
  template <class Words>
  [[nodiscard]] static std::shared_ptr<const DeferredDetail> deferred(Explainer explain, Words words) {
    if (!explain) return nullptr;
    return std::make_shared<const DeferredDetail>(
        [explain = std::move(explain), words = std::move(words)] { return words(explain()); });
  }
  void emit(Action action) const;

  const StepContext& ctx_;
  InstanceState& st_;
  Effects& out_;
  const WorkflowGraph& graph_;  // of st_.workflow on this context's program version
  const ir::Workflow& wf_;
  mutable const BusinessClock* calendar_ = nullptr;  // workflow_calendar(), once looked up
  mutable bool calendar_known_ = false;
};

}  // namespace docket::detail
