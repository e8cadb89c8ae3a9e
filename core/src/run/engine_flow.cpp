// Engine flow: entering nodes (assignee, deadline, action), routing along edges, failing, timers.
#include <fmt/format.h>

#include <algorithm>

#include "eval/eval_error.hpp"
#include "eval/value_check.hpp"
#include "plugin/plugin_clock.hpp"
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

bool as_bool(const Value& v, std::string_view what) {
  if (!v.holds<bool>()) {
    throw detail::EvalError(fmt::format("{} must be a bool, got {} {}", what, detail::value_type_name(v), to_string(v)));
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
  if (trace_sink) trace_sink(TraceEntry{at, st.id, kind, std::move(node), std::move(detail), due});
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
  st.active.clear();
  trace(clock->now(), st, TraceKind::failed, workflow(st).nodes.at(st.cursor).name, message);
}

void Engine::Impl::leave(InstanceState& st, std::uint32_t node) {
  st.active.erase(std::remove(st.active.begin(), st.active.end(), node), st.active.end());
}

void Engine::Impl::enter(InstanceState& st, std::uint32_t node_index) {
  const ir::Workflow& wf = workflow(st);
  const ir::Node& node = wf.nodes.at(node_index);
  const detail::Interpreter& interpreter = graph(st).interpreter();
  const Instant now = clock->now();
  st.cursor = node_index;
  ++st.visits.at(node_index);

  if (node.kind == ir::NodeKind::end) {
    st.status = InstanceStatusKind::finished;
    st.end = node.name;
    st.active.clear();
    trace(now, st, TraceKind::ended, node.name, fmt::format("reached end `{}`", node.name));
    return;
  }

  if (node.kind == ir::NodeKind::parallel || node.kind == ir::NodeKind::join) {
    trace(now, st, TraceKind::entered, node.name,
          node.kind == ir::NodeKind::parallel
              ? fmt::format("splits into {} branches", graph(st).edges_from(node_index).size())
              : fmt::format("all {} branches in", graph(st).edges_to(node_index).size()));
    route(st, node_index);
    return;
  }

  std::vector<std::string> parts;
  switch (node.assignee) {
    case ir::AssigneeKind::role: {
      Value role = interpreter.evaluate(*node.role, environment(st));
      if (!role.holds<std::string>()) {
        throw detail::EvalError(fmt::format("the role of `{}` must be text, got {}", node.name, to_string(role)));
      }
      parts.push_back("role " + role.as_text());
      break;
    }
    case ir::AssigneeKind::action: parts.push_back("action " + node.action); break;
    case ir::AssigneeKind::none: break;
  }
  if (node.kind == ir::NodeKind::wait) {
    std::vector<std::string> events;
    for (std::uint32_t e : graph(st).edges_from(node_index)) {
      if (wf.edges[e].kind == ir::EdgeKind::on_event) events.push_back(wf.edges[e].event);
    }
    parts.push_back(events.empty() ? std::string("waits") : "waits for " + join(events, ", "));
  }
  std::optional<Instant> deadline;
  if (node.within) {
    const Duration& within = *node.within;
    if (within.is_business()) {
      std::string calendar = wf.calendar.empty() ? std::string("no calendar named") : "calendar " + wf.calendar;
      parts.push_back(fmt::format("within {} on {} (business calendars not yet available: no timer set)",
                                   to_string(within), calendar));
    } else {
      Instant due = now + std::chrono::seconds{within.amount};
      timers.push(detail::Timer{due, next_timer_seq++, st.id, node_index, st.visits[node_index]});
      parts.push_back(fmt::format("within {}", to_string(within)));
      deadline = due;
    }
  }
  if (std::find(st.active.begin(), st.active.end(), node_index) == st.active.end()) st.active.push_back(node_index);
  trace(now, st, TraceKind::entered, node.name, parts.empty() ? std::string("no assignee") : join(parts, "; "),
        deadline);

  if (node.assignee == ir::AssigneeKind::action) {
    Action action;
    action.instance = st.id;
    action.name = node.action;
    detail::Environment env = environment(st);
    for (const ir::ExprPtr& arg : node.action_args) action.args.push_back(interpreter.evaluate(*arg, env));
    action.idempotency_key = fmt::format("{}:{}:{}", st.id, node.name, st.visits[node_index]);
    action.at = now;
    std::vector<std::string> args;
    for (const Value& v : action.args) args.push_back(to_string(v));
    trace(now, st, TraceKind::action, node.name,
          fmt::format("{}({}) key {}", action.name, join(args, ", "), action.idempotency_key));
    if (action_sink) action_sink(action);
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
      trace(clock->now(), st, TraceKind::took, from,
            fmt::format("{} -> {} ({}; {} of {} branches in)", from, to.name, why, in, ways_in.size()));
      return;
    }
    for (std::uint32_t e : ways_in) --st.arrived[e];
  }
  trace(clock->now(), st, TraceKind::took, from, fmt::format("{} -> {} ({})", from, to.name, why));
  enter(st, edge.to);
}

void Engine::Impl::route(InstanceState& st, std::uint32_t from) {
  const ir::Workflow& wf = workflow(st);
  const detail::Interpreter& interpreter = graph(st).interpreter();
  st.cursor = from;
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
        if (!chosen && as_bool(interpreter.evaluate(*edge.guard, environment(st)),
                               fmt::format("the guard of `{} -> {}`", wf.nodes[from].name, wf.nodes[edge.to].name))) {
          chosen = e;
        }
        break;
      case ir::EdgeKind::otherwise: otherwise = e; break;
      case ir::EdgeKind::on_event: break;
    }
  }
  if (chosen) taken.emplace_back(*chosen, "guard held");
  else if (otherwise) taken.emplace_back(*otherwise, "otherwise");
  if (taken.empty()) {
    fail(st, has_guards ? fmt::format("no way out of `{}`: no `when` guard held and there is no `otherwise` edge",
                                      wf.nodes[from].name)
                        : fmt::format("no way out of `{}`: it has no edge to take when it completes",
                                      wf.nodes[from].name));
    return;
  }
  std::sort(taken.begin(), taken.end());
  for (const auto& [edge, why] : taken) {
    if (st.status != InstanceStatusKind::running) break;
    take(st, edge, why);
  }
}

bool Engine::Impl::live(const detail::Timer& t) const {
  auto it = instances.find(t.instance);
  if (it == instances.end() || it->second.status != InstanceStatusKind::running) return false;
  const InstanceState& st = it->second;
  return std::find(st.active.begin(), st.active.end(), t.node) != st.active.end() && st.visits.at(t.node) == t.visit;
}

void Engine::Impl::prune_timers() {
  while (!timers.empty() && !live(timers.top())) timers.pop();
}

}  // namespace docket
