// Engine::Impl: instances, timers and sinks, and the flow operations the public methods share.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <queue>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "docket/core/business_clock.hpp"
#include "docket/core/engine.hpp"
#include "docket/core/extensions.hpp"
#include "docket/core/store.hpp"
#include "eval/interpreter.hpp"
#include "lower/workflow_graph.hpp"
#include "run/instance_state.hpp"

namespace docket {

struct Engine::Impl {
  Impl(std::shared_ptr<const Program> p, const Clock& c) : program(std::move(p)), clock(&c) {
    for (const ir::Workflow& wf : program->module().workflows) {
      auto& per_workflow = marks.emplace_back();
      for (const ir::Sla& sla : wf.slas) per_workflow.push_back(detail::sla_marks(sla));
    }
  }

  std::shared_ptr<const Program> program;
  const Clock* clock;
  std::function<void(const Action&)> action_sink;
  std::function<void(const TraceEntry&)> trace_sink;
  Store* store = nullptr;  // instance state, the audit trail and the actions owed, when the host gives one
  // What the operation under way changed, written to the store in one batch when it ends.
  mutable StoreBatch pending;
  std::vector<InstanceId> touched;
  std::string store_failure;  // set when a write failed: the engine refuses further work
  // Throws EngineError once a store write has failed.
  void check_store() const;
  // Marks the instance as changed by this operation (its snapshot goes into the batch).
  void touch(const detail::InstanceState& st) {
    if (store != nullptr && (touched.empty() || touched.back() != st.id)) touched.push_back(st.id);
  }
  // Writes the operation's batch to the store (StoreError on failure).
  void flush();
  // Finished instances read back from the store for status(), slas() and audit() after recover().
  mutable std::map<InstanceId, detail::InstanceState> archived;
  // The instance in memory, else (with a store) read from it; null when there is none.
  [[nodiscard]] const detail::InstanceState* lookup(InstanceId id) const;
  // lookup() that throws EngineError when there is no such instance.
  [[nodiscard]] const detail::InstanceState& known(InstanceId id) const;
  // Sets the timers an instance read from the store needs: deadlines, its retry, its SLA marks.
  void arm_timers(detail::InstanceState& st);
  // Whether anyone reads trace entries: their words are only put together then.
  [[nodiscard]] bool tracing() const noexcept { return trace_sink || store != nullptr; }
  // Hands an action to the store (first) and to the host's sink.
  void emit(const Action& action) const;
  std::map<InstanceId, detail::InstanceState> instances;
  std::priority_queue<detail::Timer, std::vector<detail::Timer>, detail::TimerLater> timers;
  InstanceId next_id = 1;
  RetryPolicy retry_policy;
  const CalendarRegistry* calendars = nullptr;
  std::map<std::string, BusinessClock, std::less<>> business_clocks;  // made on first use
  // The business clock of calendar `name`, or null when no such calendar is loaded.
  const BusinessClock* business_clock(const std::string& name);
  std::uint64_t next_timer_seq = 0;

  // Look-ups that throw EngineError naming the problem.
  [[nodiscard]] detail::InstanceState& find(InstanceId id);
  [[nodiscard]] const detail::InstanceState& find(InstanceId id) const;
  [[nodiscard]] detail::InstanceState& running(InstanceId id);
  [[nodiscard]] const WorkflowGraph& graph(const detail::InstanceState& st) const;
  [[nodiscard]] const ir::Workflow& workflow(const detail::InstanceState& st) const;
  [[nodiscard]] detail::Environment environment(const detail::InstanceState& st) const;

  // Flow (engine_flow.cpp). enter/route/take may throw detail::EvalError: call them through
  // guarded(), which turns an evaluation failure into a failed instance.
  void enter(detail::InstanceState& st, std::uint32_t node);
  void route(detail::InstanceState& st, std::uint32_t from);
  void take(detail::InstanceState& st, std::uint32_t edge, std::string_view why);
  // `completed`: the step was completed (not left along an event edge).
  void leave(detail::InstanceState& st, std::uint32_t node, bool completed);
  void fail(detail::InstanceState& st, const std::string& message);
  void guarded(detail::InstanceState& st, const std::function<void()>& step);
  // Repeats the failed operation of a failed instance (engine_flow.cpp).
  void retry(detail::InstanceState& st);

  // SLA clocks (engine_sla.cpp). sla_targets evaluates, before anything changes, the targets of
  // the SLAs that entering `node` starts or resets (may throw EvalError); sla_entered applies
  // what entering it means to every clock; sla_left stops the clocks a completed stop step
  // stops, and resumes those no pause holds any more.
  struct SlaStartAt {
    std::uint32_t sla = 0;
    Duration target;
  };
  [[nodiscard]] std::vector<SlaStartAt> sla_targets(const detail::InstanceState& st, std::uint32_t node);
  void sla_entered(detail::InstanceState& st, std::uint32_t node, const std::vector<SlaStartAt>& targets);
  void sla_left(detail::InstanceState& st, std::uint32_t node, bool completed);
  void sla_fire(detail::InstanceState& st, std::uint32_t sla, Instant due);
  void sla_schedule(detail::InstanceState& st, std::uint32_t sla);
  [[nodiscard]] detail::SlaMeter sla_meter(const detail::InstanceState& st, const detail::SlaRun& run);
  [[nodiscard]] Duration sla_target(const detail::InstanceState& st, const ir::Sla& sla,
                                    std::span<const Value> params);
  // The marks of each SLA of each workflow (sla_marks()), made once.
  std::vector<std::vector<std::vector<detail::SlaMark>>> marks;

  void trace(Instant at, const detail::InstanceState& st, TraceKind kind, std::string node, std::string detail,
             std::optional<Instant> due = std::nullopt) const;

  // Timers: a timer is live while its node is active on the visit that set it. After every
  // change the heap's top is live, so next_timer() can read it without popping.
  [[nodiscard]] bool live(const detail::Timer& t) const;
  void prune_timers();
};

}  // namespace docket
