// Transition SLA clocks: what entering and leaving nodes does to them, their timers, marks and actions.
#include <fmt/compile.h>
#include <fmt/format.h>

#include <algorithm>

#include "eval/eval_error.hpp"
#include "run/decision_trace.hpp"
#include "run/transition.hpp"

namespace docket::detail {

namespace {


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

Duration Transition::sla_target(const ir::Sla& sla, std::span<const Value> params) {
  Environment env = environment();
  env.params = params;
  Value v = evaluator().evaluate(*sla.target, env);
  if (!v.holds<Duration>()) {
    throw EvalError(fmt::format("the target of SLA `{}` must be a duration, got {}", sla.name, to_string(v)));
  }
  Duration d = v.as_duration();
  if (d.amount < 0) throw EvalError(fmt::format("the target of SLA `{}` is negative ({})", sla.name, to_string(d)));
  if (sla.by_minute && (d.unit != DurationUnit::workdays || d.amount < 1)) {
    throw EvalError(fmt::format("SLA `{}` is due by a time of day, so its target must be at least 1 workday, got {}",
                                        sla.name, to_string(d)));
  }
  const ir::Workflow& wf = workflow();
  // Months are read in the calendar's zone: a named calendar that is not loaded must not fall back to UTC.
  const bool needs_calendar = d.is_business() || sla.by_minute || (d.is_months() && !wf.calendar.empty());
  if (needs_calendar && workflow_calendar() == nullptr) {
    throw EvalError(
        wf.calendar.empty()
            ? fmt::format("SLA `{}` counts {} but workflow `{}` names no calendar: add `calendar \"NAME\"`", sla.name,
                          to_string(d), wf.name)
            : fmt::format("SLA `{}` of workflow `{}` counts {} on calendar `{}`, which is not loaded: run with the "
                          "docket.toml that defines it under [calendars] (or load the plugin that provides it)",
                          sla.name, wf.name, to_string(d), wf.calendar));
  }
  return d;
}

SlaMeter sla_meter_of(const ir::Workflow& wf, CalendarCache& calendars, const SlaRun& run) {
  const BusinessClock* calendar = wf.calendar.empty() ? nullptr : calendars.find(wf.calendar);
  return SlaMeter(run.business ? calendar : nullptr, calendar);
}

SlaMeter Transition::sla_meter(const SlaRun& run) const {
  const BusinessClock* calendar = wf_.calendar.empty() ? nullptr : workflow_calendar();
  return SlaMeter(run.business ? calendar : nullptr, calendar);
}

std::vector<Transition::SlaStartAt> Transition::sla_targets(std::uint32_t node) {
  std::vector<SlaStartAt> out;
  const ir::Workflow& wf = workflow();
  for (std::uint32_t i = 0; i < wf.slas.size(); ++i) {
    const ir::Sla& sla = wf.slas[i];
    const SlaPhase phase = st_.slas.empty() ? SlaPhase::idle : st_.slas[i].phase;
    const bool starts = sla.start == node && phase == SlaPhase::idle;
    const bool resets = contains(sla.reset, node) && phase != SlaPhase::idle;
    if (starts || resets) out.push_back({i, sla_target(sla, st_.params)});
  }
  return out;
}

void Transition::sla_entered(std::uint32_t node, const std::vector<SlaStartAt>& targets) {
  const ir::Workflow& wf = workflow();
  if (wf.slas.empty()) return;
  if (st_.slas.empty()) st_.slas.resize(wf.slas.size());
  const Instant now = ctx_.now;
  const bool ended = st_.status == InstanceStatusKind::finished;
  for (std::uint32_t i = 0; i < wf.slas.size(); ++i) {
    const ir::Sla& sla = wf.slas[i];
    SlaRun& run = st_.slas[i];
    const bool live = run.phase == SlaPhase::running || run.phase == SlaPhase::paused;
    const auto target = std::find_if(targets.begin(), targets.end(), [&](const SlaStartAt& t) { return t.sla == i; });
    bool changed = false;
    if (live && contains(sla.cancel, node)) {
      sla_finish(run, sla_meter(run), now, true);
      if (ctx_.tracing) {
        trace(now, TraceKind::sla, wf.nodes[node].name, fmt::format("SLA {} cancelled at `{}`", sla.name, wf.nodes[node].name));
      }
      continue;
    }
    // A step stops the clock when it is completed (sla_left); a wait, join or end when entered.
    const bool stops = contains(sla.stop, node) && wf.nodes[node].kind != ir::NodeKind::step;
    if (live && (stops || (ended && target == targets.end()))) {
      sla_finish(run, sla_meter(run), now, false);
      if (ctx_.tracing) {
        trace(now, TraceKind::sla, wf.nodes[node].name,
              fmt::format(FMT_COMPILE("SLA {} stopped at `{}`: {}"), sla.name, wf.nodes[node].name, run.breached ? "breached" : "met"));
      }
      continue;
    }
    if (target != targets.end()) {
      const bool business = target->target.is_business() || sla.by_minute.has_value();
      const BusinessClock* calendar = wf.calendar.empty() ? nullptr : workflow_calendar();
      const SlaMeter meter(business ? calendar : nullptr, calendar);
      if (run.phase == SlaPhase::idle) {
        sla_start(run, meter, now, target->target, sla.by_minute);
      } else {
        sla_reset(run, meter, now, target->target, sla.by_minute);
      }
      if (ctx_.tracing) {
        const std::string words =
            fmt::format(FMT_COMPILE("SLA {} {}: target {}{}"), sla.name, run.round == 0 ? "started" : "reset", to_string(run.target),
                        sla.by_minute ? fmt::format(" by {:02}:{:02}", *sla.by_minute / 60, *sla.by_minute % 60) : "");
        std::shared_ptr<const DeferredDetail> full;
        if (Explainer why = explainer(*sla.target)) {
          full = deferred(std::move(why), [words](const std::string& explained) {
            return explained.empty() ? words : words + " (" + explained + ")";
          });
        }
        trace(now, TraceKind::sla, wf.nodes[node].name, words, sla_due(run, meter), std::move(full));
      }
      changed = true;
    }
    if (run.phase == SlaPhase::running && pause_holds(st_, sla)) {
      sla_pause(run, sla_meter(run), now);
      if (ctx_.tracing) {
        trace(now, TraceKind::sla, wf.nodes[node].name, fmt::format("SLA {} paused at `{}`", sla.name, wf.nodes[node].name));
      }
      changed = false;
    }
    if (changed) sla_schedule(i);
  }
}

void Transition::sla_left(std::uint32_t node, bool completed) {
  const ir::Workflow& wf = workflow();
  for (std::uint32_t i = 0; i < st_.slas.size(); ++i) {
    const ir::Sla& sla = wf.slas[i];
    SlaRun& run = st_.slas[i];
    const bool live = run.phase == SlaPhase::running || run.phase == SlaPhase::paused;
    if (live && completed && contains(sla.stop, node)) {
      const Instant now = ctx_.now;
      sla_finish(run, sla_meter(run), now, false);
      if (ctx_.tracing) {
        trace(now, TraceKind::sla, wf.nodes[node].name,
              fmt::format(FMT_COMPILE("SLA {} stopped: `{}` completed, {}"), sla.name, wf.nodes[node].name, run.breached ? "breached" : "met"));
      }
      continue;
    }
    if (run.phase != SlaPhase::paused || !contains(sla.pause, node) || pause_holds(st_, sla)) continue;
    const Instant now = ctx_.now;
    sla_resume(run, now);
    if (ctx_.tracing) {
      trace(now, TraceKind::sla, wf.nodes[node].name, fmt::format("SLA {} resumed after `{}`", sla.name, wf.nodes[node].name),
            sla_due(run, sla_meter(run)));
    }
    sla_schedule(i);
  }
}

void Transition::sla_schedule(std::uint32_t i) {
  SlaRun& run = st_.slas[i];
  const ir::Sla& sla = workflow().slas[i];
  run.scheduled = false;
  if (auto next = sla_next_mark(run, sla, sla_meter(run), ctx_.runtime.marks[st_.workflow][i])) {
    run.next_at = std::max(next->at, run.changed);
    run.next_generation = run.generation;
    run.scheduled = true;
  }
}

void Transition::sla_fire(std::uint32_t i, Instant due) {
  SlaRun& run = st_.slas[i];
  const ir::Workflow& wf = workflow();
  const ir::Sla& sla = wf.slas[i];
  const std::vector<SlaMark>& sla_marks = ctx_.runtime.marks[st_.workflow][i];
  const SlaMeter meter = sla_meter(run);
  for (auto next = sla_next_mark(run, sla, meter, sla_marks); next && next->at <= due;
       next = sla_next_mark(run, sla, meter, sla_marks)) {
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
        if (ctx_.tracing) what = sla.warnings[mark.index].percent ? fmt::format("{}% of {} used", *sla.warnings[mark.index].percent, to_string(run.target))
                                                : fmt::format("{} before the due time", to_string(*sla.warnings[mark.index].before));
        break;
      case SlaMark::breach:
        kind = TraceKind::breached;
        run.breached = true;
        if (mark.has_action) action = &sla.breaches[mark.index].action;
        if (ctx_.tracing) what = fmt::format("target {} used up", to_string(run.target));
        break;
      case SlaMark::escalation:
        kind = TraceKind::escalated;
        action = &sla.breaches[mark.index].action;
        if (ctx_.tracing) what = fmt::format("{} after the breach", to_string(sla.breaches[mark.index].after));
        break;
    }
    const std::int32_t level = action != nullptr ? static_cast<std::int32_t>(action->level) : 0;
    if (action != nullptr && action->verb == ir::SlaVerb::escalate) run.level = std::max(run.level, level);
    if (mark.kind == SlaMark::breach) run.ledger.push_back(SlaEvent{SlaEventKind::breached, next->at, 0, level});
    if (mark.kind == SlaMark::escalation) run.ledger.push_back(SlaEvent{SlaEventKind::escalated, next->at, mark.index, level});
    if (ctx_.tracing) trace(next->at, kind, "sla " + sla.name, fmt::format("SLA {}: {}", sla.name, what), next->at);
    if (action == nullptr) continue;

    // The action goes out even when the instance has failed: the ticket is still open.
    Action out;
    out.instance = st_.id;
    out.at = next->at;
    out.sla = sla.name;
    out.level = level;
    out.idempotency_key = fmt::format("{}:sla:{}:{}:{}", st_.id, sla.name, mark_key(mark), run.round);
    try {
      const Evaluator& eval = evaluator();
      if (action->assignee == ir::AssigneeKind::action) {
        out.name = action->action;
        for (const ir::ExprPtr& arg : action->action_args) out.args.push_back(eval.evaluate(*arg, environment()));
      } else {
        out.name = verb_name(action->verb);
        Value role = evaluate(*action->role);
        out.role = role.holds<std::string>() ? role.as_text() : to_string(role);
      }
    } catch (const EvalError& e) {
      trace(next->at, TraceKind::failed, "sla " + sla.name,
            fmt::format("SLA {}: the {} action could not be evaluated ({}); it was not sent", sla.name, mark_key(mark), e.what()));
      continue;
    }
    if (ctx_.tracing) {
      trace(next->at, TraceKind::action, "sla " + sla.name,
            fmt::format("{}{}{} key {}", out.name, out.role.empty() ? "" : " role " + out.role,
                        out.level > 0 ? fmt::format(" level {}", out.level) : "", out.idempotency_key));
    }
    emit(std::move(out));
  }
  sla_schedule(i);
}

}  // namespace docket::detail

namespace docket::detail {

std::vector<std::pair<std::size_t, Duration>> Transition::retargets(std::span<const Value> params) {
  std::vector<std::pair<std::size_t, Duration>> out;
  const ir::Workflow& wf = workflow();
  for (std::size_t i = 0; i < st_.slas.size(); ++i) {
    const SlaPhase phase = st_.slas[i].phase;
    if (phase != SlaPhase::running && phase != SlaPhase::paused) continue;
    Duration target = sla_target(wf.slas[i], params);
    if (!(target == st_.slas[i].target)) out.emplace_back(i, target);
  }
  return out;
}

void Transition::update(std::size_t param, std::string_view name, Value value,
                        const std::vector<std::pair<std::size_t, Duration>>& retargets) {
  const ir::Workflow& wf = workflow();
  st_.params[param] = std::move(value);
  for (const auto& [i, target] : retargets) {
    SlaRun& run = st_.slas[i];
    const SlaMeter meter = sla_meter(run);
    const Duration before = run.target;
    sla_retarget(run, meter, ctx_.now, target, wf.slas[i].by_minute);
    std::optional<Instant> due;
    if (run.phase == SlaPhase::running) due = sla_due(run, meter);
    if (ctx_.tracing) {
      trace(ctx_.now, TraceKind::sla, "sla " + wf.slas[i].name,
            fmt::format("SLA {} re-targeted from {} to {} ({} changed){}", wf.slas[i].name, to_string(before),
                        to_string(target), name, due ? "" : ", paused"),
            due);
    }
    sla_schedule(static_cast<std::uint32_t>(i));
  }
}

void Transition::migrated(std::uint32_t from_version) {
  for (std::uint32_t i = 0; i < st_.slas.size(); ++i) {
    if (st_.slas[i].phase == SlaPhase::running) sla_schedule(i);
  }
  trace(ctx_.now, TraceKind::event, workflow().nodes.at(st_.cursor).name,
        fmt::format("moved from program version {} to {}", from_version, ctx_.runtime.version));
}

void Transition::schedule_unscheduled() {
  for (std::uint32_t i = 0; i < st_.slas.size(); ++i) {
    if (st_.slas[i].phase == SlaPhase::running && !st_.slas[i].scheduled) sla_schedule(i);
  }
}

}  // namespace docket::detail
