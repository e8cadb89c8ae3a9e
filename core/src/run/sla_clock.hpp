// One SLA clock of one instance: plain state, and the pure steps that move it (no engine inside).
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "docket/core/business_clock.hpp"
#include "docket/core/ir.hpp"
#include "docket/core/sla.hpp"

namespace docket::detail {

// How an SLA counts: working seconds on a business calendar, or wall seconds 7×24 (null clock).
class SlaMeter {
 public:
  // `calendar`: the workflow's calendar, for offsets written in business time (`breach after 1
  // workday`) on a clock that counts clock time; defaults to the counting one.
  explicit SlaMeter(const BusinessClock* business, const BusinessClock* calendar = nullptr)
      : business_(business), calendar_(calendar != nullptr ? calendar : business) {}
  [[nodiscard]] bool business() const noexcept { return business_ != nullptr; }
  // Counted seconds in [a, b).
  [[nodiscard]] std::int64_t elapsed(Instant a, Instant b) const;
  // The instant when `seconds` more have been counted from `from` (`from` itself for <= 0).
  [[nodiscard]] Instant advance(Instant from, std::int64_t seconds) const;
  // `from` plus a duration written in the SLA (`breach after 4h`, `after 1 workday`, `after 1 month`).
  [[nodiscard]] Instant add(Instant from, const Duration& d) const;
  // `from` plus `months` calendar months (negative: back) in the calendar's zone, UTC without one.
  [[nodiscard]] Instant add_months(Instant from, std::int64_t months) const;
  // The target as counted seconds from `start`: `5 workdays` is the working time from `start` to
  // the end of the 5th working day; `1 workday by 16:00` to 16:00 on the next working day;
  // `1 month` the counted time to the same local time a calendar month later.
  [[nodiscard]] std::int64_t budget(Instant start, const Duration& target, std::optional<std::uint16_t> by_minute) const;

 private:
  const BusinessClock* business_;
  const BusinessClock* calendar_;
};

// The marks an SLA passes, in index order: its warnings, then the due time (the breach), then the
// rungs of the ladder after the breach. Bit i of SlaRun::fired is mark i.
struct SlaMark {
  enum Kind : std::uint8_t { warning, breach, escalation } kind = warning;
  std::uint32_t index = 0;  // in Sla::warnings, or Sla::breaches (breach: the rung at the due time, if any)
  bool has_action = false;
};
[[nodiscard]] std::vector<SlaMark> sla_marks(const ir::Sla& sla);

struct SlaRun {
  SlaPhase phase = SlaPhase::idle;
  bool business = false;
  bool breached = false;
  std::int32_t level = 0;
  std::uint32_t fired = 0;       // marks fired since the last start or reset
  std::uint32_t generation = 0;  // bumped on every change: a timer set for another generation is stale
  std::uint32_t round = 0;       // resets so far (part of action idempotency keys)
  Duration target;
  std::int64_t budget = 0;         // counted seconds
  std::int64_t elapsed = 0;        // counted seconds up to `since` (while running) or in total
  std::int64_t clock_elapsed = 0;  // wall seconds while counting, up to `since`
  Instant since;                   // running: when counting last (re)started
  Instant changed;                 // the last start, resume or re-target: marks passed by then fire then
  Instant started;
  Instant ended;
  std::vector<SlaEvent> ledger;
  // The next mark's time, as scheduled in generation `next_generation`; a change of phase or target
  // bumps `generation` and so drops it until the clock is scheduled again (sla_timer()).
  Instant next_at;
  std::uint32_t next_generation = 0;
  bool scheduled = false;
};

// When the clock's next mark falls due, if it runs and was scheduled since its last change.
[[nodiscard]] inline std::optional<Instant> sla_timer(const SlaRun& run) {
  if (run.phase != SlaPhase::running || !run.scheduled || run.next_generation != run.generation) return std::nullopt;
  return run.next_at;
}

// The steps (each records itself in the ledger). `now` never goes backwards.
void sla_start(SlaRun& run, const SlaMeter& meter, Instant now, const Duration& target,
               std::optional<std::uint16_t> by_minute);
// Starts afresh from zero (a reopened complaint); the ledger is kept.
void sla_reset(SlaRun& run, const SlaMeter& meter, Instant now, const Duration& target,
               std::optional<std::uint16_t> by_minute);
void sla_pause(SlaRun& run, const SlaMeter& meter, Instant now);
void sla_resume(SlaRun& run, Instant now);
// Stops (met or breached, final) or cancels a running or paused clock.
void sla_finish(SlaRun& run, const SlaMeter& meter, Instant now, bool cancelled);
// A new target from now on; the elapsed time is kept.
void sla_retarget(SlaRun& run, const SlaMeter& meter, Instant now, const Duration& target,
                  std::optional<std::uint16_t> by_minute);

// Counted seconds at `now`.
[[nodiscard]] std::int64_t sla_elapsed(const SlaRun& run, const SlaMeter& meter, Instant now);
// While running: when the target is used up.
[[nodiscard]] Instant sla_due(const SlaRun& run, const SlaMeter& meter);
// While running: when mark `m` falls due (at `since` when already passed).
[[nodiscard]] Instant sla_mark_at(const SlaRun& run, const ir::Sla& sla, const SlaMeter& meter, const SlaMark& m);
// While running: the earliest mark not fired yet, and when.
struct NextMark {
  std::uint32_t mark = 0;
  Instant at;
};
[[nodiscard]] std::optional<NextMark> sla_next_mark(const SlaRun& run, const ir::Sla& sla, const SlaMeter& meter,
                                                    const std::vector<SlaMark>& marks);

// Rebuilds a clock from its ledger under a (possibly changed) target and meter: the what-if of a
// changed definition or calendar. Started/retargeted events take `target`; warnings, breaches and
// escalations are not replayed but recomputed (`breached` and `due` follow the new rules).
[[nodiscard]] SlaRun sla_replay(const std::vector<SlaEvent>& ledger, const SlaMeter& meter, const Duration& target,
                                std::optional<std::uint16_t> by_minute);

}  // namespace docket::detail
