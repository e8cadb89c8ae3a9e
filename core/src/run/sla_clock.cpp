// SLA clocks: counting business or clock time between start, pauses and stop; marks and replay.
#include "run/sla_clock.hpp"

#include <algorithm>

#include "docket/core/calendar_months.hpp"

namespace docket {

const char* sla_event_name(SlaEventKind kind) noexcept {
  switch (kind) {
    case SlaEventKind::started: return "started";
    case SlaEventKind::paused: return "paused";
    case SlaEventKind::resumed: return "resumed";
    case SlaEventKind::retargeted: return "retargeted";
    case SlaEventKind::warned: return "warned";
    case SlaEventKind::breached: return "breached";
    case SlaEventKind::escalated: return "escalated";
    case SlaEventKind::stopped: return "stopped";
    case SlaEventKind::cancelled: return "cancelled";
    case SlaEventKind::reset: return "reset";
  }
  return "?";
}

const char* sla_phase_name(SlaPhase phase) noexcept {
  switch (phase) {
    case SlaPhase::idle: return "idle";
    case SlaPhase::running: return "running";
    case SlaPhase::paused: return "paused";
    case SlaPhase::stopped: return "stopped";
    case SlaPhase::cancelled: return "cancelled";
  }
  return "?";
}

}  // namespace docket

namespace docket::detail {

namespace {

std::int64_t seconds_between(Instant a, Instant b) { return b > a ? (b - a).count() : 0; }

void record(SlaRun& run, SlaEventKind kind, Instant at, std::int64_t amount = 0, std::int32_t level = 0) {
  run.ledger.push_back(SlaEvent{kind, at, amount, level});
}

// Counted seconds of a clock-time duration, or of whole workhours (workdays and months have no
// fixed length: callers measure those on a calendar).
std::int64_t duration_seconds(const Duration& d) {
  return d.unit == DurationUnit::workhours ? d.amount * 3600 : d.amount;
}

}  // namespace

std::int64_t SlaMeter::elapsed(Instant a, Instant b) const {
  return business_ != nullptr ? business_->working_seconds(a, b) : seconds_between(a, b);
}

Instant SlaMeter::advance(Instant from, std::int64_t seconds) const {
  if (seconds <= 0) return from;
  return business_ != nullptr ? business_->add_working_seconds(from, seconds) : from + std::chrono::seconds{seconds};
}

Instant SlaMeter::add_months(Instant from, std::int64_t months) const {
  return docket::add_months(from, months, calendar_ != nullptr ? calendar_->time_zone() : std::string());
}

Instant SlaMeter::add(Instant from, const Duration& d) const {
  if (d.is_months()) return add_months(from, d.amount);
  if (!d.is_business()) return from + std::chrono::seconds{d.amount};
  if (calendar_ != nullptr) return calendar_->add(from, d);
  // No calendar at all (checked code always has one for business offsets): hours and 24h days.
  return from + std::chrono::seconds{d.unit == DurationUnit::workdays ? d.amount * 86400 : duration_seconds(d)};
}

std::int64_t SlaMeter::budget(Instant start, const Duration& target, std::optional<std::uint16_t> by_minute) const {
  if (target.is_months()) return elapsed(start, add_months(start, target.amount));
  if (business_ == nullptr) return duration_seconds(target);
  if (by_minute) return business_->working_seconds(start, business_->workday_at(start, target.amount, *by_minute));
  if (target.unit == DurationUnit::workdays) return business_->working_seconds(start, business_->add(start, target));
  return duration_seconds(target);
}

std::vector<SlaMark> sla_marks(const ir::Sla& sla) {
  std::vector<SlaMark> marks;
  for (std::uint32_t i = 0; i < sla.warnings.size(); ++i) marks.push_back({SlaMark::warning, i, true});
  const bool rung_at_due = !sla.breaches.empty() && sla.breaches.front().after.amount == 0;
  marks.push_back({SlaMark::breach, 0, rung_at_due});
  for (std::uint32_t i = rung_at_due ? 1 : 0; i < sla.breaches.size(); ++i) marks.push_back({SlaMark::escalation, i, true});
  return marks;
}

void sla_start(SlaRun& run, const SlaMeter& meter, Instant now, const Duration& target,
               std::optional<std::uint16_t> by_minute) {
  run.phase = SlaPhase::running;
  run.business = meter.business();
  run.breached = false;
  run.level = 0;
  run.fired = 0;
  ++run.generation;
  run.target = target;
  run.budget = meter.budget(now, target, by_minute);
  run.elapsed = 0;
  run.clock_elapsed = 0;
  run.since = now;
  run.started = now;
  run.changed = now;
  record(run, SlaEventKind::started, now, run.budget);
}

void sla_reset(SlaRun& run, const SlaMeter& meter, Instant now, const Duration& target,
               std::optional<std::uint16_t> by_minute) {
  sla_start(run, meter, now, target, by_minute);
  ++run.round;
  run.ledger.back().kind = SlaEventKind::reset;
}

void sla_pause(SlaRun& run, const SlaMeter& meter, Instant now) {
  if (run.phase != SlaPhase::running) return;
  run.elapsed += meter.elapsed(run.since, now);
  run.clock_elapsed += seconds_between(run.since, now);
  run.phase = SlaPhase::paused;
  ++run.generation;
  record(run, SlaEventKind::paused, now);
}

void sla_resume(SlaRun& run, Instant now) {
  if (run.phase != SlaPhase::paused) return;
  run.phase = SlaPhase::running;
  run.since = now;
  run.changed = now;
  ++run.generation;
  record(run, SlaEventKind::resumed, now);
}

void sla_finish(SlaRun& run, const SlaMeter& meter, Instant now, bool cancelled) {
  if (run.phase != SlaPhase::running && run.phase != SlaPhase::paused) return;
  if (run.phase == SlaPhase::running) {
    run.elapsed += meter.elapsed(run.since, now);
    run.clock_elapsed += seconds_between(run.since, now);
  }
  run.phase = cancelled ? SlaPhase::cancelled : SlaPhase::stopped;
  // Met means stopped before the target was used up; at the due time itself it is breached.
  if (!cancelled && run.elapsed >= run.budget) run.breached = true;
  run.ended = now;
  ++run.generation;
  record(run, cancelled ? SlaEventKind::cancelled : SlaEventKind::stopped, now);
}

void sla_retarget(SlaRun& run, const SlaMeter& meter, Instant now, const Duration& target,
                  std::optional<std::uint16_t> by_minute) {
  if (run.phase != SlaPhase::running && run.phase != SlaPhase::paused) return;
  run.target = target;
  run.budget = meter.budget(run.started, target, by_minute);
  run.changed = now;
  ++run.generation;
  record(run, SlaEventKind::retargeted, now, run.budget);
}

std::int64_t sla_elapsed(const SlaRun& run, const SlaMeter& meter, Instant now) {
  return run.phase == SlaPhase::running ? run.elapsed + meter.elapsed(run.since, now) : run.elapsed;
}

Instant sla_due(const SlaRun& run, const SlaMeter& meter) { return meter.advance(run.since, run.budget - run.elapsed); }

Instant sla_mark_at(const SlaRun& run, const ir::Sla& sla, const SlaMeter& meter, const SlaMark& m) {
  auto at_position = [&](std::int64_t position) { return meter.advance(run.since, position - run.elapsed); };
  switch (m.kind) {
    case SlaMark::warning: {
      const ir::SlaWarning& w = sla.warnings[m.index];
      if (w.percent) return at_position(run.budget * *w.percent / 100);
      const Duration& before = *w.before;
      if (before.unit == DurationUnit::workhours && meter.business()) return at_position(run.budget - before.amount * 3600);
      Instant due = sla_due(run, meter);
      Instant at = before.is_months() ? meter.add_months(due, -before.amount)
                                      : due - std::chrono::seconds{duration_seconds(before)};
      return std::max(at, run.since);
    }
    case SlaMark::breach: return sla_due(run, meter);
    case SlaMark::escalation: return meter.add(sla_due(run, meter), sla.breaches[m.index].after);
  }
  return run.since;
}

std::optional<NextMark> sla_next_mark(const SlaRun& run, const ir::Sla& sla, const SlaMeter& meter,
                                      const std::vector<SlaMark>& marks) {
  if (run.phase != SlaPhase::running) return std::nullopt;
  std::optional<NextMark> best;
  for (std::uint32_t i = 0; i < marks.size() && i < 32; ++i) {
    if ((run.fired >> i) & 1U) continue;
    Instant at = sla_mark_at(run, sla, meter, marks[i]);
    if (!best || at < best->at) best = NextMark{i, at};
  }
  return best;
}

SlaRun sla_replay(const std::vector<SlaEvent>& ledger, const SlaMeter& meter, const Duration& target,
                  std::optional<std::uint16_t> by_minute) {
  SlaRun run;
  for (const SlaEvent& e : ledger) {
    switch (e.kind) {
      case SlaEventKind::started: sla_start(run, meter, e.at, target, by_minute); break;
      case SlaEventKind::reset: sla_reset(run, meter, e.at, target, by_minute); break;
      case SlaEventKind::paused: sla_pause(run, meter, e.at); break;
      case SlaEventKind::resumed: sla_resume(run, e.at); break;
      case SlaEventKind::retargeted: sla_retarget(run, meter, e.at, target, by_minute); break;
      case SlaEventKind::stopped: sla_finish(run, meter, e.at, false); break;
      case SlaEventKind::cancelled: sla_finish(run, meter, e.at, true); break;
      case SlaEventKind::warned:
      case SlaEventKind::breached:
      case SlaEventKind::escalated: break;  // recomputed, not replayed
    }
  }
  return run;
}

}  // namespace docket::detail
