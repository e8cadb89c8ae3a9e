// Engine::Impl: instances, timers and sinks, and the flow operations the public methods share.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <queue>
#include <string>
#include <string_view>
#include <vector>

#include "docket/core/business_clock.hpp"
#include "docket/core/engine.hpp"
#include "docket/core/extensions.hpp"
#include "eval/interpreter.hpp"
#include "lower/workflow_graph.hpp"
#include "run/instance_state.hpp"

namespace docket {

struct Engine::Impl {
  Impl(std::shared_ptr<const Program> p, const Clock& c) : program(std::move(p)), clock(&c) {}

  std::shared_ptr<const Program> program;
  const Clock* clock;
  std::function<void(const Action&)> action_sink;
  std::function<void(const TraceEntry&)> trace_sink;
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
  void leave(detail::InstanceState& st, std::uint32_t node);
  void fail(detail::InstanceState& st, const std::string& message);
  void guarded(detail::InstanceState& st, const std::function<void()>& step);
  // Repeats the failed operation of a failed instance (engine_flow.cpp).
  void retry(detail::InstanceState& st);

  void trace(Instant at, const detail::InstanceState& st, TraceKind kind, std::string node, std::string detail,
             std::optional<Instant> due = std::nullopt) const;

  // Timers: a timer is live while its node is active on the visit that set it. After every
  // change the heap's top is live, so next_timer() can read it without popping.
  [[nodiscard]] bool live(const detail::Timer& t) const;
  void prune_timers();
};

}  // namespace docket
