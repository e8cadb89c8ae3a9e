// SLA clocks as a host sees them: phase, due time, elapsed business and clock time, and the ledger.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "docket/core/value.hpp"

namespace docket {

enum class SlaPhase : std::uint8_t {
  idle,       // its start step has not been entered yet
  running,    // counting
  paused,     // a `pause while` step or wait is active
  stopped,    // a stop step (or an end) was reached: met or breached is final
  cancelled,  // a `cancel at` step was reached: neither met nor breached
};

enum class SlaEventKind : std::uint8_t {
  started,     // the clock started (amount: the budget in counted seconds)
  paused,
  resumed,
  retargeted,  // a new target, the elapsed time kept (amount: the new budget)
  warned,      // mark: the warning's index in the SLA
  breached,    // the due time passed while counting
  escalated,   // a rung after the breach (level: its escalation level)
  stopped,
  cancelled,
  reset,       // the clock starts afresh from zero (the ledger before it is kept)
};

[[nodiscard]] const char* sla_event_name(SlaEventKind kind) noexcept;
[[nodiscard]] const char* sla_phase_name(SlaPhase phase) noexcept;

struct SlaEvent {
  SlaEventKind kind = SlaEventKind::started;
  Instant at;
  std::int64_t amount = 0;  // started/retargeted: the budget; warned: the warning's index
  std::int32_t level = 0;   // escalated (and breached with an `escalate level N`): the level
};

struct SlaStatus {
  std::string name;
  SlaPhase phase = SlaPhase::idle;
  Duration target;                      // as evaluated at the start (or the last re-target)
  bool business = false;                // counted in working time on the workflow's calendar
  std::optional<Instant> started;
  std::optional<Instant> due;           // while running (a paused clock has no due time yet)
  std::optional<Instant> ended;         // stopped or cancelled
  bool breached = false;                // the due time passed while counting (final once stopped)
  std::int32_t level = 0;               // the highest escalation level reached
  std::chrono::seconds elapsed{0};      // counted time: working seconds, or clock seconds 7×24
  std::chrono::seconds clock_elapsed{0};  // wall time while counting (pauses excluded)
  std::chrono::seconds budget{0};       // the target in counted seconds
  std::vector<SlaEvent> ledger;         // every event, oldest first
};

}  // namespace docket
