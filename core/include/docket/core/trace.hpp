// Trace entries: one move of one instance, as the audit trail and trace sinks see it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "docket/core/action.hpp"
#include "docket/core/value.hpp"

namespace docket {

enum class TraceKind : std::uint8_t {
  started,          // instance started
  entered,          // a step or wait became active (detail: who does it, deadline)
  completed,        // a step completed (detail: outcomes)
  event,            // a named event arrived (detail: the event)
  took,             // an edge was taken (detail: why: the guard, otherwise, or the event)
  deadline_missed,  // a step's `within` passed while it was still active
  action,           // an action went to the host
  ended,            // the instance reached an end node
  failed,           // evaluation failed (a function reported an error); the instance stops
  sla,              // an SLA clock started, paused, resumed, was re-targeted, reset, stopped or cancelled
  warned,           // an SLA warning fell due
  breached,         // an SLA's due time passed while its clock ran
  escalated,        // a rung of an SLA's escalation ladder after the breach
};

// "started", "deadline_missed", ...: the enumerator's name; nullopt for a name that is none.
[[nodiscard]] const char* trace_kind_name(TraceKind kind) noexcept;
[[nodiscard]] std::optional<TraceKind> trace_kind_from_name(std::string_view name) noexcept;

struct TraceEntry {
  Instant at;
  InstanceId instance = 0;
  TraceKind kind = TraceKind::started;
  std::string node;     // the node concerned, when there is one
  std::string detail;   // human-readable
  std::optional<Instant> due;  // entered with a clock deadline, deadline_missed: when it is due
};

}  // namespace docket
