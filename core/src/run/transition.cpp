// Transition flow: the operations, entering nodes (assignee, deadline, action), routing, failing, timers.
#include "run/transition.hpp"

#include <fmt/compile.h>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

#include <boost/container/small_vector.hpp>

#include "docket/core/calendar_months.hpp"
#include "eval/eval_error.hpp"
#include "eval/value_check.hpp"
#include "plugin/plugin_clock.hpp"
#include "lower/program_evaluators.hpp"
#include "run/decision_trace.hpp"

namespace docket::detail {

namespace {

// "from -> to (why)": a taken edge's words, in one string sized once.
std::string took_words(std::string_view from, std::string_view to, std::string_view why) {
  std::string out;
  out.reserve(from.size() + to.size() + why.size() + 7);
  out += from;
  out += " -> ";
  out += to;
  out += " (";
  out += why;
  out += ')';
  return out;
}

// Appends one part of an entry's words: "; " between parts.
void add_part(std::string& out, std::string_view part) {
  if (!out.empty()) out += "; ";
  out += part;
}

// A guard's value; the message names the edge (put together only when it is not a bool).
bool guard_holds(const Value& v, const ir::Workflow& wf, const ir::Edge& edge) {
  if (!v.holds<bool>()) {
    throw EvalError(fmt::format("the guard of `{} -> {}` must be a bool, got {} {}", wf.nodes[edge.from].name,
                                wf.nodes[edge.to].name, value_type_name(v), to_string(v)));
  }
  return v.as_bool();
}

}  // namespace

const BusinessClock* CalendarCache::find(const std::string& name) {
  if (auto it = clocks_.find(name); it != clocks_.end()) return &it->second;
  const CalendarProvider* provider = registry_ == nullptr ? nullptr : registry_->find(name);
  if (provider == nullptr) return nullptr;
  try {
    return &clocks_.emplace(name, BusinessClock(*provider)).first->second;
  } catch (const CalendarError& e) {
    throw EvalError(e.what());
  }
}

VersionRuntime::VersionRuntime(std::shared_ptr<const Program> p, std::uint32_t v, EvalMode mode)
    : program(std::move(p)), evaluator(shared_evaluator(program, mode)), version(v) {
  for (const ir::Workflow& wf : program->module().workflows) {
    auto& per_workflow = marks.emplace_back();
    for (const ir::Sla& sla : wf.slas) per_workflow.push_back(sla_marks(sla));
  }
}

std::optional<Instant> next_due(const InstanceState& st) {
  std::optional<Instant> next;
  auto consider = [&](Instant t) {
    if (!next || t < *next) next = t;
  };
  for (const PendingDeadline& d : st.deadlines) consider(d.due);
  for (const SlaRun& run : st.slas) {
    if (auto t = sla_timer(run)) consider(*t);
  }
  if (st.status == InstanceStatusKind::failed && st.retry_at) consider(*st.retry_at);
  if (st.series && st.series->next) consider(*st.series->next);
  return next;
}

Transition::Transition(const StepContext& ctx, InstanceState& st, Effects& out)
    : ctx_(ctx), st_(st), out_(out), graph_(ctx.runtime.program->graph(st.workflow)), wf_(graph_.workflow()) {}

Environment Transition::environment() const {
  Environment env;
  env.params = st_.params;
  env.workflow = &workflow();
  env.outcomes = st_.outcomes;
  return env;
}

const BusinessClock* Transition::workflow_calendar() const {
  if (!calendar_known_) {
    calendar_ = ctx_.calendars.find(wf_.calendar);
    calendar_known_ = true;
  }
  return calendar_;
}

Value Transition::evaluate(const ir::Expr& expr) const {
  if (expr.kind == ir::ExprKind::literal && expr.literal.holds<std::string>()) return expr.literal;
  return evaluator().evaluate(expr, environment());
}

void Transition::trace(Instant at, TraceKind kind, std::string node, std::string detail, std::optional<Instant> due,
                       std::shared_ptr<const DeferredDetail> full) const {
  if (!ctx_.tracing) return;
  out_.trail.push_back(TraceEntry{at, st_.id, kind, std::move(node), std::move(detail), due, std::move(full)});
}

Explainer Transition::explainer(const ir::Expr& expr) const {
  if (!calls_decisions(expr)) return {};
  if (calls_functions(expr)) {
    std::vector<CallToExplain> calls = calls_to_explain(evaluator(), expr, environment());
    if (calls.empty()) return {};
    return [evaluator = ctx_.runtime.evaluator, calls = std::move(calls)] { return explain_calls(evaluator->reference(), calls); };
  }
  // Nothing in it but decisions over the parameters and outcomes: their values now are their values
  // later, so a reader that never asks pays for two copies, not for evaluating the calls again.
  return [evaluator = ctx_.runtime.evaluator, expr = &expr, workflow = &wf_, params = st_.params, outcomes = st_.outcomes] {
    const Environment env{params, workflow, outcomes};
    return explain_calls(evaluator->reference(), calls_to_explain(*evaluator, *expr, env));
  };
}


void Transition::emit(Action action) const { out_.actions.push_back(std::move(action)); }

template <class Step>
void Transition::guarded(Step&& step) {
  const plugin::ScopedPluginClock plugin_clock(ctx_.clock);  // plugins read this engine's time
  try {
    step();
  } catch (const EvalError& e) {
    fail(e.what());
  }
}

// ---- operations

void Transition::start() {
  const ir::Workflow& wf = workflow();
  // A `repeat` series: the first instance starts it; later ones come with their place in it.
  std::string series_words;
  std::string series_error;
  if (wf.repeat) {
    if (!st_.series) st_.series = SeriesState{ctx_.now, 0, std::nullopt, 0};
    const plugin::ScopedPluginClock plugin_clock(ctx_.clock);
    try {
      series_words = plan_repeat();
    } catch (const EvalError& e) {
      series_error = e.what();
    }
  }
  if (ctx_.tracing) {
    std::string detail = wf.name;
    detail += '(';
    for (std::size_t i = 0; i < st_.params.size(); ++i) {
      if (i > 0) detail += ", ";
      detail += wf.params[i].name;
      detail += " = ";
      detail += to_string(st_.params[i]);
    }
    detail += ')';
    if (!series_words.empty()) detail += "; " + series_words;
    trace(ctx_.now, TraceKind::started, wf.nodes[0].name, std::move(detail),
          st_.series ? st_.series->next : std::nullopt);
  }
  if (!series_error.empty()) {
    fail(series_error);  // the series ends here: no next start is set
    return;
  }
  guarded([&] { enter(0); });
}

void Transition::complete(std::uint32_t step, std::vector<Value> outcomes, const std::vector<std::string>& shown) {
  const ir::Workflow& wf = workflow();
  if (!outcomes.empty()) {
    if (st_.outcomes.empty()) st_.outcomes.resize(wf.nodes.size());  // made when first needed
    st_.outcomes[step] = std::move(outcomes);
  }
  st_.cursor = step;
  leave(step, true);
  if (ctx_.tracing) {
    trace(ctx_.now, TraceKind::completed, wf.nodes[step].name,
          shown.empty() ? std::string("no outcomes") : fmt::format("{}", fmt::join(shown, ", ")));
  }
  guarded([&] { route(step); });
}

void Transition::signal(std::uint32_t wait, std::uint32_t edge, std::string_view event) {
  trace(ctx_.now, TraceKind::event, workflow().nodes[wait].name, std::string(event));
  leave(wait, false);
  guarded([&] { take(edge, fmt::format("on event {}", event)); });
}

void Transition::retry() { run_retry(); }

bool Transition::fire_next() {
  // The instance's timers fire in (due, kind, index) order: deadlines (by node), then SLA marks (by
  // SLA), then the retry, then the next start of its `repeat` series; docs/store.md documents the order.
  enum class Kind { deadline, sla, retry, repeat };
  struct Next {
    Instant due;
    Kind kind;
    std::uint32_t index;
    std::uint32_t stamp;
  };
  std::optional<Next> best;
  auto consider = [&](Next n) {
    if (n.due > ctx_.now) return;
    if (!best || std::tie(n.due, n.kind, n.index, n.stamp) < std::tie(best->due, best->kind, best->index, best->stamp)) best = n;
  };
  for (const PendingDeadline& d : st_.deadlines) consider({d.due, Kind::deadline, d.node, d.visit});
  for (std::uint32_t i = 0; i < st_.slas.size(); ++i) {
    if (auto t = sla_timer(st_.slas[i])) consider({*t, Kind::sla, i, 0});
  }
  if (st_.status == InstanceStatusKind::failed && st_.retry_at) consider({*st_.retry_at, Kind::retry, st_.retry.node, 0});
  if (st_.series && st_.series->next) consider({*st_.series->next, Kind::repeat, 0, 0});
  if (!best) return false;
  switch (best->kind) {
    case Kind::deadline: fire_deadline(best->index, best->stamp, best->due); break;
    case Kind::sla: sla_fire(best->index, best->due); break;
    case Kind::retry: run_retry(); break;
    case Kind::repeat: fire_repeat(); break;
  }
  return true;
}

void Transition::fire_deadline(std::uint32_t node_index, std::uint32_t visit, Instant due) {
  std::erase_if(st_.deadlines, [&](const PendingDeadline& d) { return d.node == node_index && d.visit == visit; });
  const ir::Node& node = workflow().nodes.at(node_index);
  if (ctx_.tracing) {
    trace(due, TraceKind::deadline_missed, node.name,
          fmt::format("within {} passed; `{}` is still active", to_string(*node.within), node.name), due);
  }
}

// ---- flow

void Transition::fail(const std::string& message) {
  st_.status = InstanceStatusKind::failed;
  st_.error = message;
  std::string detail = message;
  const RetryPolicy& policy = ctx_.retry_policy;
  if (st_.retry.valid && st_.retries + 1 < policy.max_attempts) {
    const std::chrono::seconds delay = policy.delay(st_.retries);
    st_.retry_at = ctx_.now + delay;
    if (ctx_.tracing) {
      detail += fmt::format(" (attempt {} of {}; retried in {})", st_.retries + 1, policy.max_attempts,
                            to_string(Duration{delay.count(), DurationUnit::seconds}));
    }
  } else if (st_.retry.valid && policy.max_attempts > 1 && ctx_.tracing) {
    detail += fmt::format(" (attempt {} of {}; no more automatic retries)", st_.retries + 1, policy.max_attempts);
  }
  trace(ctx_.now, TraceKind::failed, workflow().nodes.at(st_.cursor).name, detail, st_.retry_at);
}

void Transition::run_retry() {
  RetryOp op = std::move(st_.retry);
  st_.retry = {};
  st_.status = InstanceStatusKind::running;
  st_.error.clear();
  st_.retry_at.reset();
  ++st_.retries;
  const ir::Workflow& wf = workflow();
  if (ctx_.tracing) {
    trace(ctx_.now, TraceKind::event, wf.nodes.at(op.node).name,
          fmt::format("retry {} of `{}`", st_.retries, wf.nodes.at(op.node).name));
  }
  guarded([&] {
    std::size_t next = 0;
    bool in_then = false;
    try {
      if (op.enter) {
        enter(op.node);
      } else {
        route(op.node);
      }
      in_then = true;
      for (; next < op.then.size() && st_.status == InstanceStatusKind::running; ++next) {
        take(op.then[next], "after a retry");
      }
    } catch (const EvalError&) {  // failed again: what was still to do stays to do
      std::size_t from = in_then ? next + 1 : 0;
      for (std::size_t j = from; j < op.then.size(); ++j) st_.retry.then.push_back(op.then[j]);
      throw;
    }
  });
  if (st_.status == InstanceStatusKind::running) st_.retries = 0;  // fixed: a later failure starts afresh
}

void Transition::leave(std::uint32_t node, bool completed) {
  st_.active.erase(std::remove(st_.active.begin(), st_.active.end(), node), st_.active.end());
  if (!st_.deadlines.empty()) {
    std::erase_if(st_.deadlines, [&](const PendingDeadline& d) { return d.node == node; });
  }
  if (!st_.slas.empty()) sla_left(node, completed);
}

void Transition::enter(std::uint32_t node_index) {
  const ir::Workflow& wf = workflow();
  const ir::Node& node = wf.nodes.at(node_index);
  const Instant now = ctx_.now;
  const bool tracing = ctx_.tracing;
  st_.cursor = node_index;

  if (node.kind == ir::NodeKind::end) {
    ++st_.visits.at(node_index);
    st_.status = InstanceStatusKind::finished;
    st_.end = node.name;
    st_.active.clear();
    st_.deadlines.clear();
    trace(now, TraceKind::ended, node.name, fmt::format(FMT_COMPILE("reached end `{}`"), node.name));
    sla_entered(node_index, {});
    return;
  }

  // Everything that can fail is evaluated before the instance changes, so a retry enters afresh.
  // The trace's words are only put together when someone reads the trace.
  st_.retry = RetryOp{true, true, node_index, {}};
  const std::vector<SlaStartAt> sla_starts = sla_targets(node_index);

  if (ir::moves_at_once(node.kind)) {  // start, parallel, join
    ++st_.visits.at(node_index);
    if (node.kind != ir::NodeKind::start && tracing) {
      trace(now, TraceKind::entered, node.name,
            node.kind == ir::NodeKind::parallel
                ? fmt::format("splits into {} branches", graph().edges_from(node_index).size())
                : fmt::format("all {} branches in", graph().edges_to(node_index).size()));
    }
    sla_entered(node_index, sla_starts);
    route(node_index);
    return;
  }

  // The entry's words, put together only when tracing: who does it (the role's explanation goes
  // right after it), then the rest, each part "; "-separated.
  std::string who;
  std::string rest;
  Explainer role_why;  // the decisions behind the role, explained when the trace is read
  std::vector<Value> action_args;
  switch (node.assignee) {
    case ir::AssigneeKind::role: {
      Value role = evaluate(*node.role);
      if (!role.holds<std::string>()) {
        throw EvalError(fmt::format("the role of `{}` must be text, got {}", node.name, to_string(role)));
      }
      if (tracing) {
        who = "role " + role.as_text();
        role_why = explainer(*node.role);
      }
      break;
    }
    case ir::AssigneeKind::action: {
      const Environment env = environment();
      action_args.reserve(node.action_args.size());
      for (const ir::ExprPtr& arg : node.action_args) action_args.push_back(evaluator().evaluate(*arg, env));
      if (tracing) who = "action " + node.action;
      break;
    }
    case ir::AssigneeKind::none: break;
  }
  // The deadline too, since a calendar can fail.
  std::optional<Instant> deadline;
  std::string within_text;
  if (node.within) {
    const Duration& within = *node.within;
    if (within.is_clock() || (within.is_months() && wf.calendar.empty())) {
      try {
        deadline = within.is_months() ? add_months(now, within.amount, "") : now + std::chrono::seconds{within.amount};
      } catch (const CalendarError& e) {
        throw EvalError(e.what());
      }
      if (tracing) within_text = fmt::format(FMT_COMPILE("within {}"), to_string(within));
    } else if (const BusinessClock* business = wf.calendar.empty() ? nullptr : workflow_calendar()) {
      try {
        deadline = business->add(now, within);
      } catch (const CalendarError& e) {
        throw EvalError(e.what());
      }
      if (tracing) within_text = fmt::format(FMT_COMPILE("within {} on calendar {}"), to_string(within), wf.calendar);
    } else if (tracing) {
      within_text = wf.calendar.empty()
                        ? fmt::format("within {} (the workflow names no `calendar`: no timer set)", to_string(within))
                        : fmt::format("within {} on calendar {} (no calendar `{}` is loaded: no timer set)",
                                      to_string(within), wf.calendar, wf.calendar);
    }
  }
  ++st_.visits.at(node_index);
  if (tracing && node.kind == ir::NodeKind::wait) {
    std::string waits = "waits";
    bool first = true;
    for (std::uint32_t e : graph().edges_from(node_index)) {
      if (wf.edges[e].kind != ir::EdgeKind::on_event) continue;
      waits += first ? " for " : ", ";
      waits += wf.edges[e].event;
      first = false;
    }
    add_part(rest, waits);
  }
  if (deadline) st_.deadlines.push_back({node_index, st_.visits[node_index], *deadline});
  if (!within_text.empty()) add_part(rest, within_text);
  if (std::find(st_.active.begin(), st_.active.end(), node_index) == st_.active.end()) st_.active.push_back(node_index);
  if (tracing) {
    std::string detail = who;
    if (!rest.empty()) add_part(detail, rest);
    if (detail.empty()) detail = "no assignee";
    std::shared_ptr<const DeferredDetail> full;
    if (role_why) {
      full = deferred(std::move(role_why), [who = std::move(who), rest = std::move(rest)](const std::string& explained) {
        std::string all = who;
        if (!explained.empty()) add_part(all, explained);
        if (!rest.empty()) add_part(all, rest);
        return all;
      });
    }
    trace(now, TraceKind::entered, node.name, std::move(detail), deadline, std::move(full));
  }
  sla_entered(node_index, sla_starts);

  if (node.assignee == ir::AssigneeKind::action) {
    Action action;
    action.instance = st_.id;
    action.name = node.action;
    action.args = std::move(action_args);
    action.idempotency_key = fmt::format(FMT_COMPILE("{}:{}:{}"), st_.id, node.name, st_.visits[node_index]);
    action.at = now;
    if (tracing) {
      std::string words = action.name;
      words += '(';
      for (std::size_t i = 0; i < action.args.size(); ++i) {
        if (i > 0) words += ", ";
        words += to_string(action.args[i]);
      }
      words += ") key ";
      words += action.idempotency_key;
      trace(now, TraceKind::action, node.name, std::move(words));
    }
    emit(std::move(action));
  }
}

void Transition::take(std::uint32_t edge_index, std::string_view why, Explainer guard) {
  const ir::Workflow& wf = workflow();
  const ir::Edge& edge = wf.edges.at(edge_index);
  const std::string& from = wf.nodes.at(edge.from).name;
  const ir::Node& to = wf.nodes.at(edge.to);
  if (to.kind == ir::NodeKind::join) {
    // A join moves on once a branch has arrived along every way in; until then it holds this one.
    const std::vector<std::uint32_t>& ways_in = graph().edges_to(edge.to);
    if (st_.arrived.size() < wf.edges.size()) st_.arrived.resize(wf.edges.size(), 0);
    ++st_.arrived[edge_index];
    const auto in = static_cast<std::size_t>(
        std::count_if(ways_in.begin(), ways_in.end(), [&](std::uint32_t e) { return st_.arrived[e] > 0; }));
    if (in < ways_in.size()) {
      if (ctx_.tracing) {
        auto words = [from, target = to.name, in, of = ways_in.size()](std::string_view w) {
          return fmt::format("{} -> {} ({}; {} of {} branches in)", from, target, w, in, of);
        };
        trace(ctx_.now, TraceKind::took, from, words(why), std::nullopt,
              !guard ? nullptr
                     : deferred(std::move(guard), [words, reason = std::string(why)](const std::string& explained) {
                                      return words(explained.empty() ? reason : reason + ": " + explained);
                                    }));
      }
      return;
    }
    for (std::uint32_t e : ways_in) --st_.arrived[e];
  }
  if (ctx_.tracing) {
    if (!guard) {
      trace(ctx_.now, TraceKind::took, from, took_words(from, to.name, why));
    } else {
      auto words = [from, target = to.name](std::string_view w) { return took_words(from, target, w); };
      trace(ctx_.now, TraceKind::took, from, words(why), std::nullopt,
            deferred(std::move(guard), [words, reason = std::string(why)](const std::string& explained) {
              return words(explained.empty() ? reason : reason + ": " + explained);
            }));
    }
  }
  enter(edge.to);
}

void Transition::route(std::uint32_t from) {
  const ir::Workflow& wf = workflow();
  st_.cursor = from;
  st_.retry = RetryOp{true, false, from, {}};
  boost::container::small_vector<std::pair<std::uint32_t, std::string_view>, 4> taken;  // a route takes one edge, or a few
  std::optional<std::uint32_t> chosen;
  std::optional<std::uint32_t> otherwise;
  bool has_guards = false;
  for (std::uint32_t e : graph().edges_from(from)) {
    const ir::Edge& edge = wf.edges[e];
    switch (edge.kind) {
      case ir::EdgeKind::always: taken.emplace_back(e, "always"); break;
      case ir::EdgeKind::when:
        has_guards = true;
        if (!chosen && guard_holds(evaluator().evaluate(*edge.guard, environment()), wf, edge)) chosen = e;
        break;
      case ir::EdgeKind::otherwise: otherwise = e; break;
      case ir::EdgeKind::on_event: break;
    }
  }
  Explainer guard_why;  // the decisions the guard called, explained when the trace is read
  if (chosen && ctx_.tracing) guard_why = explainer(*wf.edges[*chosen].guard);
  if (chosen) taken.emplace_back(*chosen, "guard held");
  else if (otherwise) taken.emplace_back(*otherwise, "otherwise");
  if (taken.empty()) {
    st_.retry.valid = false;  // the flow itself has no way out: retrying cannot help
    fail(has_guards ? fmt::format("no way out of `{}`: no `when` guard held and there is no `otherwise` edge",
                                  wf.nodes[from].name)
                    : fmt::format("no way out of `{}`: it has no edge to take when it completes", wf.nodes[from].name));
    return;
  }
  std::sort(taken.begin(), taken.end());
  for (std::size_t i = 0; i < taken.size() && st_.status == InstanceStatusKind::running; ++i) {
    try {
      take(taken[i].first, taken[i].second,
           chosen && taken[i].first == *chosen ? std::move(guard_why) : Explainer{});
    } catch (const EvalError&) {  // a parallel split: the branches not yet started follow a retry
      for (std::size_t j = i + 1; j < taken.size(); ++j) st_.retry.then.push_back(taken[j].first);
      throw;
    }
  }
}

}  // namespace docket::detail
