// Trace kinds by name: how stores and the CLI write them.
#include "docket/core/trace.hpp"

namespace docket {

const char* trace_kind_name(TraceKind kind) noexcept {
  switch (kind) {
    case TraceKind::started: return "started";
    case TraceKind::entered: return "entered";
    case TraceKind::completed: return "completed";
    case TraceKind::event: return "event";
    case TraceKind::took: return "took";
    case TraceKind::deadline_missed: return "deadline_missed";
    case TraceKind::action: return "action";
    case TraceKind::ended: return "ended";
    case TraceKind::failed: return "failed";
    case TraceKind::sla: return "sla";
    case TraceKind::warned: return "warned";
    case TraceKind::breached: return "breached";
    case TraceKind::escalated: return "escalated";
  }
  return "?";
}

std::optional<TraceKind> trace_kind_from_name(std::string_view name) noexcept {
  for (int k = 0; k <= static_cast<int>(TraceKind::escalated); ++k) {
    if (name == trace_kind_name(static_cast<TraceKind>(k))) return static_cast<TraceKind>(k);
  }
  return std::nullopt;
}

}  // namespace docket
