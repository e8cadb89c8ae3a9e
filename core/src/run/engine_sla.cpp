// Engine SLA clocks: what entering and leaving nodes does to them, their timers, marks and actions.
#include <fmt/format.h>

#include <algorithm>

#include "eval/eval_error.hpp"
#include "run/engine_impl.hpp"

namespace docket {

namespace {

using detail::InstanceState;
using detail::SlaMark;
using detail::SlaRun;

bool contains(const std::vector<std::uint32_t>& v, std::uint32_t x) { return std::find(v.begin(), v.end(), x) != v.end(); }

// A pause holds while any of the SLA's pause nodes is active.
bool pause_holds(const InstanceState& st, const ir::Sla& sla) {
  return std::any_of(sla.pause.begin(), sla.pause.end(), [&](std::uint32_t p) { return contains(st.active, p); });
}

const char* verb_name(ir::SlaVerb v) {
  switch (v) {
    case ir::SlaVerb::notify: return "notify";
    case ir::SlaVerb::supervise: return "supervise";
    case ir::SlaVerb::escalate: return "escalate";
  }
  return "?";
}

std::string mark_key(const SlaMark& m) {
  switch (m.kind) {
    case SlaMark::warning: return fmt::format("warn{}", m.index + 1);
    case SlaMark::breach: return "breach";
    case SlaMark::escalation: return fmt::format("breach{}", m.index + 1);
  }
  return "?";
}

}  // namespace

Duration Engine::Impl::sla_target(const InstanceState& st, const ir::Sla& sla, std::span<const Value> params) {
  detail::Environment env = environment(st);
  env.params = params;
  Value v = graph(st).interpreter().evaluate(*sla.target, env);
  if (!v.holds<Duration>()) {
    throw detail::EvalError(fmt::format("the target of SLA `{}` must be a duration, got {}", sla.name, to_string(v)));
  }
  Duration d = v.as_duration();
  if (d.amount < 0) throw detail::EvalError(fmt::format("the target of SLA `{}` is negative ({})", sla.name, to_string(d)));
  if (sla.by_minute && (d.unit != DurationUnit::workdays || d.amount < 1)) {
    throw detail::EvalError(fmt::format("SLA `{}` is due by a time of day, so its target must be at least 1 workday, got {}",
                                        sla.name, to_string(d)));
  }
  const ir::Workflow& wf = workflow(st);
  if ((d.is_business() || sla.by_minute) && business_clock(wf.calendar) == nullptr) {
    throw detail::EvalError(
        wf.calendar.empty()
            ? fmt::format("SLA `{}` counts {} but workflow `{}` names no calendar: add `calendar \"NAME\"`", sla.name,
                          to_string(d), wf.name)
            : fmt::format("SLA `{}` counts {} on calendar `{}`, which is not loaded: define it under [calendars] in "
                          "docket.toml (or pass it to Engine::use_calendars)",
                          sla.name, to_string(d), wf.calendar));
  }
  return d;
}

detail::SlaMeter Engine::Impl::sla_meter(const InstanceState& st, const SlaRun& run) {
  const ir::Workflow& wf = workflow(st);
  const BusinessClock* calendar = wf.calendar.empty() ? nullptr : business_clock(wf.calendar);
  return detail::SlaMeter(run.business ? calendar : nullptr, calendar);
}

std::vector<Engine::Impl::SlaStartAt> Engine::Impl::sla_targets(const InstanceState& st, std::uint32_t node) {
  std::vector<SlaStartAt> out;
  const ir::Workflow& wf = workflow(st);
  for (std::uint32_t i = 0; i < wf.slas.size(); ++i) {
    const ir::Sla& sla = wf.slas[i];
    const SlaPhase phase = st.slas.empty() ? SlaPhase::idle : st.slas[i].phase;
    const bool starts = sla.start == node && phase == SlaPhase::idle;
    const bool resets = contains(sla.reset, node) && phase != SlaPhase::idle;
    if (starts || resets) out.push_back({i, sla_target(st, sla, st.params)});
  }
  return out;
}

void Engine::Impl::sla_entered(InstanceState& st, std::uint32_t node, const std::vector<SlaStartAt>& targets) {
  const ir::Workflow& wf = workflow(st);
  if (wf.slas.empty()) return;
  if (st.slas.empty()) st.slas.resize(wf.slas.size());
  const Instant now = clock->now();
  const bool ended = st.status == detail::InstanceStatusKind::finished;
  for (std::uint32_t i = 0; i < wf.slas.size(); ++i) {
    const ir::Sla& sla = wf.slas[i];
    SlaRun& run = st.slas[i];
    const bool live = run.phase == SlaPhase::running || run.phase == SlaPhase::paused;
    const auto target = std::find_if(targets.begin(), targets.end(), [&](const SlaStartAt& t) { return t.sla == i; });
    bool changed = false;
    if (live && contains(sla.cancel, node)) {
      detail::sla_finish(run, sla_meter(st, run), now, true);
      if (tracing()) {
        trace(now, st, TraceKind::sla, wf.nodes[node].name, fmt::format("SLA {} cancelled at `{}`", sla.name, wf.nodes[node].name));
      }
      continue;
    }
    // A step stops the clock when it is completed (sla_left); a wait, join or end when entered.
    const bool stops = contains(sla.stop, node) && wf.nodes[node].kind != ir::NodeKind::step;
    if (live && (stops || (ended && target == targets.end()))) {
      detail::sla_finish(run, sla_meter(st, run), now, false);
      if (tracing()) {
        trace(now, st, TraceKind::sla, wf.nodes[node].name,
              fmt::format("SLA {} stopped at `{}`: {}", sla.name, wf.nodes[node].name, run.breached ? "breached" : "met"));
      }
      continue;
    }
    if (target != targets.end()) {
      const bool business = target->target.is_business() || sla.by_minute.has_value();
      const BusinessClock* calendar = wf.calendar.empty() ? nullptr : business_clock(wf.calendar);
      const detail::SlaMeter meter(business ? calendar : nullptr, calendar);
      if (run.phase == SlaPhase::idle) {
        detail::sla_start(run, meter, now, target->target, sla.by_minute);
      } else {
        detail::sla_reset(run, meter, now, target->target, sla.by_minute);
      }
      if (tracing()) {
        trace(now, st, TraceKind::sla, wf.nodes[node].name,
              fmt::format("SLA {} {}: target {}{}", sla.name, run.round == 0 ? "started" : "reset", to_string(run.target),
                          sla.by_minute ? fmt::format(" by {:02}:{:02}", *sla.by_minute / 60, *sla.by_minute % 60) : ""),
              detail::sla_due(run, meter));
      }
      changed = true;
    }
    if (run.phase == SlaPhase::running && pause_holds(st, sla)) {
      detail::sla_pause(run, sla_meter(st, run), now);
      if (tracing()) {
        trace(now, st, TraceKind::sla, wf.nodes[node].name, fmt::format("SLA {} paused at `{}`", sla.name, wf.nodes[node].name));
      }
      changed = false;
    }
    if (changed) sla_schedule(st, i);
  }
}

void Engine::Impl::sla_left(InstanceState& st, std::uint32_t node, bool completed) {
  const ir::Workflow& wf = workflow(st);
  for (std::uint32_t i = 0; i < st.slas.size(); ++i) {
    const ir::Sla& sla = wf.slas[i];
    SlaRun& run = st.slas[i];
    const bool live = run.phase == SlaPhase::running || run.phase == SlaPhase::paused;
    if (live && completed && contains(sla.stop, node)) {
      const Instant now = clock->now();
      detail::sla_finish(run, sla_meter(st, run), now, false);
      if (tracing()) {
        trace(now, st, TraceKind::sla, wf.nodes[node].name,
              fmt::format("SLA {} stopped: `{}` completed, {}", sla.name, wf.nodes[node].name, run.breached ? "breached" : "met"));
      }
      continue;
    }
    if (run.phase != SlaPhase::paused || !contains(sla.pause, node) || pause_holds(st, sla)) continue;
    const Instant now = clock->now();
    detail::sla_resume(run, now);
    if (tracing()) {
      trace(now, st, TraceKind::sla, wf.nodes[node].name, fmt::format("SLA {} resumed after `{}`", sla.name, wf.nodes[node].name),
            detail::sla_due(run, sla_meter(st, run)));
    }
    sla_schedule(st, i);
  }
}

void Engine::Impl::sla_schedule(InstanceState& st, std::uint32_t i) {
  const SlaRun& run = st.slas[i];
  const ir::Sla& sla = workflow(st).slas[i];
  if (auto next = detail::sla_next_mark(run, sla, sla_meter(st, run), marks[st.workflow][i])) {
    const Instant at = std::max(next->at, run.changed);
    timers.push(detail::Timer{at, next_timer_seq++, st.id, i, run.generation, detail::TimerKind::sla});
  }
}

void Engine::Impl::sla_fire(InstanceState& st, std::uint32_t i, Instant due) {
  SlaRun& run = st.slas[i];
  const ir::Workflow& wf = workflow(st);
  const ir::Sla& sla = wf.slas[i];
  const std::vector<SlaMark>& sla_marks = marks[st.workflow][i];
  const detail::SlaMeter meter = sla_meter(st, run);
  for (auto next = detail::sla_next_mark(run, sla, meter, sla_marks); next && next->at <= due;
       next = detail::sla_next_mark(run, sla, meter, sla_marks)) {
    run.fired |= 1U << next->mark;
    next->at = std::max(next->at, run.changed);  // passed before a re-target: it happens now
    const SlaMark& mark = sla_marks[next->mark];
    const ir::SlaAction* action = nullptr;
    TraceKind kind = TraceKind::warned;
    std::string what;
    switch (mark.kind) {
      case SlaMark::warning:
        action = &sla.warnings[mark.index].action;
        run.ledger.push_back(SlaEvent{SlaEventKind::warned, next->at, mark.index, 0});
        if (tracing()) what = sla.warnings[mark.index].percent ? fmt::format("{}% of {} used", *sla.warnings[mark.index].percent, to_string(run.target))
                                                : fmt::format("{} before the due time", to_string(*sla.warnings[mark.index].before));
        break;
      case SlaMark::breach:
        kind = TraceKind::breached;
        run.breached = true;
        if (mark.has_action) action = &sla.breaches[mark.index].action;
        if (tracing()) what = fmt::format("target {} used up", to_string(run.target));
        break;
      case SlaMark::escalation:
        kind = TraceKind::escalated;
        action = &sla.breaches[mark.index].action;
        if (tracing()) what = fmt::format("{} after the breach", to_string(sla.breaches[mark.index].after));
        break;
    }
    const std::int32_t level = action != nullptr ? static_cast<std::int32_t>(action->level) : 0;
    if (action != nullptr && action->verb == ir::SlaVerb::escalate) run.level = std::max(run.level, level);
    if (mark.kind == SlaMark::breach) run.ledger.push_back(SlaEvent{SlaEventKind::breached, next->at, 0, level});
    if (mark.kind == SlaMark::escalation) run.ledger.push_back(SlaEvent{SlaEventKind::escalated, next->at, mark.index, level});
    if (tracing()) trace(next->at, st, kind, "sla " + sla.name, fmt::format("SLA {}: {}", sla.name, what), next->at);
    if (action == nullptr) continue;

    // The action goes out even when the instance has failed: the ticket is still open.
    Action out;
    out.instance = st.id;
    out.at = next->at;
    out.sla = sla.name;
    out.level = level;
    out.idempotency_key = fmt::format("{}:sla:{}:{}:{}", st.id, sla.name, mark_key(mark), run.round);
    try {
      const detail::Interpreter& interpreter = graph(st).interpreter();
      if (action->assignee == ir::AssigneeKind::action) {
        out.name = action->action;
        for (const ir::ExprPtr& arg : action->action_args) out.args.push_back(interpreter.evaluate(*arg, environment(st)));
      } else {
        out.name = verb_name(action->verb);
        Value role = interpreter.evaluate(*action->role, environment(st));
        out.role = role.holds<std::string>() ? role.as_text() : to_string(role);
      }
    } catch (const detail::EvalError& e) {
      trace(next->at, st, TraceKind::failed, "sla " + sla.name,
            fmt::format("SLA {}: the {} action could not be evaluated ({}); it was not sent", sla.name, mark_key(mark), e.what()));
      continue;
    }
    if (tracing()) {
      trace(next->at, st, TraceKind::action, "sla " + sla.name,
            fmt::format("{}{}{} key {}", out.name, out.role.empty() ? "" : " role " + out.role,
                        out.level > 0 ? fmt::format(" level {}", out.level) : "", out.idempotency_key));
    }
    emit(out);
  }
  sla_schedule(st, i);
}

}  // namespace docket
