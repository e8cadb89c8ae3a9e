// Engine flow: entering nodes (assignee, deadline, action), routing along edges, failing, timers.
#include <fmt/format.h>

#include <algorithm>

#include "eval/eval_error.hpp"
#include "eval/value_check.hpp"
#include "plugin/plugin_clock.hpp"
#include "run/decision_trace.hpp"
#include "run/engine_impl.hpp"

namespace docket {

namespace {

using detail::InstanceState;
using detail::InstanceStatusKind;

std::string join(const std::vector<std::string>& parts, std::string_view separator) {
  std::string out;
  for (const std::string& p : parts) {
    if (!out.empty()) out += separator;
    out += p;
  }
  return out;
}

// A guard's value; the message names the edge (put together only when it is not a bool).
bool guard_holds(const Value& v, const ir::Workflow& wf, const ir::Edge& edge) {
  if (!v.holds<bool>()) {
    throw detail::EvalError(fmt::format("the guard of `{} -> {}` must be a bool, got {} {}", wf.nodes[edge.from].name,
                                        wf.nodes[edge.to].name, detail::value_type_name(v), to_string(v)));
  }
  return v.as_bool();
}

}  // namespace

const WorkflowGraph& Engine::Impl::graph(const InstanceState& st) const { return program->graph(st.workflow); }
const ir::Workflow& Engine::Impl::workflow(const InstanceState& st) const { return graph(st).workflow(); }

detail::Environment Engine::Impl::environment(const InstanceState& st) const {
  detail::Environment env;
  env.params = st.params;
  env.workflow = &workflow(st);
  env.outcomes = st.outcomes;
  return env;
}

void Engine::Impl::trace(Instant at, const InstanceState& st, TraceKind kind, std::string node, std::string detail,
                         std::optional<Instant> due) const {
  if (!tracing()) return;
  TraceEntry entry{at, st.id, kind, std::move(node), std::move(detail), due};
  if (trace_sink) trace_sink(entry);
  if (store != nullptr) pending.trail.push_back(std::move(entry));
}

void Engine::Impl::emit(const Action& action) const {
  if (store != nullptr) pending.actions.push_back(action);
  if (action_sink) action_sink(action);
}

void Engine::Impl::guarded(InstanceState& st, const std::function<void()>& step) {
  const plugin::ScopedPluginClock plugin_clock(*clock);  // plugins read this engine's time
  try {
    step();
  } catch (const detail::EvalError& e) {
    fail(st, e.what());
  }
}

void Engine::Impl::fail(InstanceState& st, const std::string& message) {
  st.status = InstanceStatusKind::failed;
  st.error = message;
  const Instant now = clock->now();
  std::string detail = message;
  if (st.retry.valid && st.retries + 1 < retry_policy.max_attempts) {
    const std::chrono::seconds delay = retry_policy.delay(st.retries);
    st.retry_at = now + delay;
    timers.push(detail::Timer{*st.retry_at, next_timer_seq++, st.id, st.retry.node, st.retries, detail::TimerKind::retry});
    detail += fmt::format(" (attempt {} of {}; retried in {})", st.retries + 1, retry_policy.max_attempts,
                          to_string(Duration{delay.count(), DurationUnit::seconds}));
  } else if (st.retry.valid && retry_policy.max_attempts > 1) {
    detail += fmt::format(" (attempt {} of {}; no more automatic retries)", st.retries + 1, retry_policy.max_attempts);
  }
  trace(now, st, TraceKind::failed, workflow(st).nodes.at(st.cursor).name, detail, st.retry_at);
}

const BusinessClock* Engine::Impl::business_clock(const std::string& name) {
  if (auto it = business_clocks.find(name); it != business_clocks.end()) return &it->second;
  const CalendarProvider* provider = calendars == nullptr ? nullptr : calendars->find(name);
  if (provider == nullptr) return nullptr;
  try {
    return &business_clocks.emplace(name, BusinessClock(*provider)).first->second;
  } catch (const CalendarError& e) {
    throw detail::EvalError(e.what());
  }
}

void Engine::Impl::retry(InstanceState& st) {
  detail::RetryOp op = std::move(st.retry);
  st.retry = {};
  st.status = InstanceStatusKind::running;
  st.error.clear();
  st.retry_at.reset();
  ++st.retries;
  const ir::Workflow& wf = workflow(st);
  trace(clock->now(), st, TraceKind::event, wf.nodes.at(op.node).name,
        fmt::format("retry {} of `{}`", st.retries, wf.nodes.at(op.node).name));
  guarded(st, [&] {
    std::size_t next = 0;
    bool in_then = false;
    try {
      if (op.enter) {
        enter(st, op.node);
      } else {
        route(st, op.node);
      }
      in_then = true;
      for (; next < op.then.size() && st.status == InstanceStatusKind::running; ++next) {
        take(st, op.then[next], "after a retry");
      }
    } catch (const detail::EvalError&) {  // failed again: what was still to do stays to do
      std::size_t from = in_then ? next + 1 : 0;
      for (std::size_t j = from; j < op.then.size(); ++j) st.retry.then.push_back(op.then[j]);
      throw;
    }
  });
  if (st.status == InstanceStatusKind::running) st.retries = 0;  // fixed: a later failure starts afresh
}

void Engine::Impl::leave(InstanceState& st, std::uint32_t node, bool completed) {
  st.active.erase(std::remove(st.active.begin(), st.active.end(), node), st.active.end());
  if (!st.deadlines.empty()) {
    std::erase_if(st.deadlines, [&](const detail::PendingDeadline& d) { return d.node == node; });
  }
  if (!st.slas.empty()) sla_left(st, node, completed);
}

void Engine::Impl::enter(InstanceState& st, std::uint32_t node_index) {
  const ir::Workflow& wf = workflow(st);
  const ir::Node& node = wf.nodes.at(node_index);
  const detail::Interpreter& interpreter = graph(st).interpreter();
  const Instant now = clock->now();
  st.cursor = node_index;

  if (node.kind == ir::NodeKind::end) {
    ++st.visits.at(node_index);
    st.status = InstanceStatusKind::finished;
    st.end = node.name;
    st.active.clear();
    st.deadlines.clear();
    trace(now, st, TraceKind::ended, node.name, fmt::format("reached end `{}`", node.name));
    sla_entered(st, node_index, {});
    return;
  }

  // Everything that can fail is evaluated before the instance changes, so a retry enters afresh.
  // The trace's words are only put together when someone reads the trace.
  st.retry = detail::RetryOp{true, true, node_index, {}};
  const std::vector<SlaStartAt> sla_starts = sla_targets(st, node_index);

  if (ir::moves_at_once(node.kind)) {  // start, parallel, join
    ++st.visits.at(node_index);
    if (node.kind != ir::NodeKind::start && tracing()) {
      trace(now, st, TraceKind::entered, node.name,
            node.kind == ir::NodeKind::parallel
                ? fmt::format("splits into {} branches", graph(st).edges_from(node_index).size())
                : fmt::format("all {} branches in", graph(st).edges_to(node_index).size()));
    }
    sla_entered(st, node_index, sla_starts);
    route(st, node_index);
    return;
  }

  const bool tracing = this->tracing();
  std::vector<std::string> parts;
  std::vector<Value> action_args;
  switch (node.assignee) {
    case ir::AssigneeKind::role: {
      Value role = interpreter.evaluate(*node.role, environment(st));
      if (!role.holds<std::string>()) {
        throw detail::EvalError(fmt::format("the role of `{}` must be text, got {}", node.name, to_string(role)));
      }
      if (tracing) {
        parts.push_back("role " + role.as_text());
        if (std::string why = detail::explain_calls(*program, *node.role, environment(st)); !why.empty()) {
          parts.push_back(std::move(why));
        }
      }
      break;
    }
    case ir::AssigneeKind::action: {
      detail::Environment env = environment(st);
      for (const ir::ExprPtr& arg : node.action_args) action_args.push_back(interpreter.evaluate(*arg, env));
      if (tracing) parts.push_back("action " + node.action);
      break;
    }
    case ir::AssigneeKind::none: break;
  }
  // The deadline too, since a calendar can fail.
  std::optional<Instant> deadline;
  std::string within_text;
  if (node.within) {
    const Duration& within = *node.within;
    if (!within.is_business()) {
      deadline = now + std::chrono::seconds{within.amount};
      if (tracing) within_text = fmt::format("within {}", to_string(within));
    } else if (const BusinessClock* business = wf.calendar.empty() ? nullptr : business_clock(wf.calendar)) {
      try {
        deadline = business->add(now, within);
      } catch (const CalendarError& e) {
        throw detail::EvalError(e.what());
      }
      if (tracing) within_text = fmt::format("within {} on calendar {}", to_string(within), wf.calendar);
    } else if (tracing) {
      within_text = wf.calendar.empty()
                        ? fmt::format("within {} (the workflow names no `calendar`: no timer set)", to_string(within))
                        : fmt::format("within {} on calendar {} (no calendar `{}` is loaded: no timer set)",
                                      to_string(within), wf.calendar, wf.calendar);
    }
  }
  ++st.visits.at(node_index);
  if (tracing && node.kind == ir::NodeKind::wait) {
    std::vector<std::string> events;
    for (std::uint32_t e : graph(st).edges_from(node_index)) {
      if (wf.edges[e].kind == ir::EdgeKind::on_event) events.push_back(wf.edges[e].event);
    }
    parts.push_back(events.empty() ? std::string("waits") : "waits for " + join(events, ", "));
  }
  if (deadline) {
    st.deadlines.push_back({node_index, st.visits[node_index], *deadline});
    timers.push(detail::Timer{*deadline, next_timer_seq++, st.id, node_index, st.visits[node_index], detail::TimerKind::deadline});
  }
  if (!within_text.empty()) parts.push_back(std::move(within_text));
  if (std::find(st.active.begin(), st.active.end(), node_index) == st.active.end()) st.active.push_back(node_index);
  if (tracing) {
    trace(now, st, TraceKind::entered, node.name, parts.empty() ? std::string("no assignee") : join(parts, "; "),
          deadline);
  }
  sla_entered(st, node_index, sla_starts);

  if (node.assignee == ir::AssigneeKind::action) {
    Action action;
    action.instance = st.id;
    action.name = node.action;
    action.args = std::move(action_args);
    action.idempotency_key = fmt::format("{}:{}:{}", st.id, node.name, st.visits[node_index]);
    action.at = now;
    if (tracing) {
      std::vector<std::string> args;
      for (const Value& v : action.args) args.push_back(to_string(v));
      trace(now, st, TraceKind::action, node.name,
            fmt::format("{}({}) key {}", action.name, join(args, ", "), action.idempotency_key));
    }
    emit(action);
  }
}

void Engine::Impl::take(InstanceState& st, std::uint32_t edge_index, std::string_view why) {
  const ir::Workflow& wf = workflow(st);
  const ir::Edge& edge = wf.edges.at(edge_index);
  const std::string& from = wf.nodes.at(edge.from).name;
  const ir::Node& to = wf.nodes.at(edge.to);
  if (to.kind == ir::NodeKind::join) {
    // A join moves on once a branch has arrived along every way in; until then it holds this one.
    const std::vector<std::uint32_t>& ways_in = graph(st).edges_to(edge.to);
    if (st.arrived.size() < wf.edges.size()) st.arrived.resize(wf.edges.size(), 0);
    ++st.arrived[edge_index];
    std::size_t in = static_cast<std::size_t>(
        std::count_if(ways_in.begin(), ways_in.end(), [&](std::uint32_t e) { return st.arrived[e] > 0; }));
    if (in < ways_in.size()) {
      if (tracing()) {
        trace(clock->now(), st, TraceKind::took, from,
              fmt::format("{} -> {} ({}; {} of {} branches in)", from, to.name, why, in, ways_in.size()));
      }
      return;
    }
    for (std::uint32_t e : ways_in) --st.arrived[e];
  }
  if (tracing()) trace(clock->now(), st, TraceKind::took, from, fmt::format("{} -> {} ({})", from, to.name, why));
  enter(st, edge.to);
}

void Engine::Impl::route(InstanceState& st, std::uint32_t from) {
  const ir::Workflow& wf = workflow(st);
  const detail::Interpreter& interpreter = graph(st).interpreter();
  st.cursor = from;
  st.retry = detail::RetryOp{true, false, from, {}};
  std::vector<std::pair<std::uint32_t, std::string_view>> taken;
  std::optional<std::uint32_t> chosen;
  std::optional<std::uint32_t> otherwise;
  bool has_guards = false;
  for (std::uint32_t e : graph(st).edges_from(from)) {
    const ir::Edge& edge = wf.edges[e];
    switch (edge.kind) {
      case ir::EdgeKind::always: taken.emplace_back(e, "always"); break;
      case ir::EdgeKind::when:
        has_guards = true;
        if (!chosen && guard_holds(interpreter.evaluate(*edge.guard, environment(st)), wf, edge)) {
          chosen = e;
        }
        break;
      case ir::EdgeKind::otherwise: otherwise = e; break;
      case ir::EdgeKind::on_event: break;
    }
  }
  std::string guard_why;  // the decisions the guard called, for the trace
  if (chosen && tracing()) {
    guard_why = detail::explain_calls(*program, *wf.edges[*chosen].guard, environment(st));
    guard_why = guard_why.empty() ? "guard held" : "guard held: " + guard_why;
  }
  if (chosen) taken.emplace_back(*chosen, guard_why.empty() ? std::string_view("guard held") : std::string_view(guard_why));
  else if (otherwise) taken.emplace_back(*otherwise, "otherwise");
  if (taken.empty()) {
    st.retry.valid = false;  // the flow itself has no way out: retrying cannot help
    fail(st, has_guards ? fmt::format("no way out of `{}`: no `when` guard held and there is no `otherwise` edge",
                                      wf.nodes[from].name)
                        : fmt::format("no way out of `{}`: it has no edge to take when it completes",
                                      wf.nodes[from].name));
    return;
  }
  std::sort(taken.begin(), taken.end());
  for (std::size_t i = 0; i < taken.size() && st.status == InstanceStatusKind::running; ++i) {
    try {
      take(st, taken[i].first, taken[i].second);
    } catch (const detail::EvalError&) {  // a parallel split: the branches not yet started follow a retry
      for (std::size_t j = i + 1; j < taken.size(); ++j) st.retry.then.push_back(taken[j].first);
      throw;
    }
  }
}

bool Engine::Impl::live(const detail::Timer& t) const {
  auto it = instances.find(t.instance);
  if (it == instances.end()) return false;
  const InstanceState& st = it->second;
  switch (t.kind) {
    case detail::TimerKind::retry:
      return st.status == InstanceStatusKind::failed && st.retry_at == t.due && st.retries == t.stamp;
    case detail::TimerKind::sla:
      return t.node < st.slas.size() && st.slas[t.node].phase == SlaPhase::running &&
             st.slas[t.node].generation == t.stamp;
    case detail::TimerKind::deadline: break;
  }
  return std::any_of(st.deadlines.begin(), st.deadlines.end(),
                     [&](const detail::PendingDeadline& d) { return d.node == t.node && d.visit == t.stamp; });
}

void Engine::Impl::prune_timers() {
  while (!timers.empty() && !live(timers.top())) timers.pop();
}

}  // namespace docket
