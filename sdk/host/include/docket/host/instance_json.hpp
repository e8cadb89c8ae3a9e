// An instance's status, SLA clocks, audit trail and actions as JSON, for hosts, the C API and services.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "docket/core/action.hpp"
#include "docket/core/engine.hpp"
#include "docket/core/sla.hpp"
#include "docket/core/trace.hpp"

namespace docket::host {

// Times are RFC 3339 instants in `zone` ("2025-09-26T09:00:00+08:00"), durations in seconds.
// {"instance": 1, "workflow": "...", "state": "open|finished|failed", "active": [...], "end": ..., ...}
[[nodiscard]] std::string status_json(InstanceId id, const InstanceStatus& status, std::string_view zone);
// [{"name": "...", "phase": "running", "due": ..., "breached": false, "level": 0, ...}, ...]
[[nodiscard]] std::string slas_json(const std::vector<SlaStatus>& slas, std::string_view zone);
// [{"at": ..., "kind": "entered", "node": "...", "detail": "...", "due": ...}, ...]
[[nodiscard]] std::string trail_json(const std::vector<TraceEntry>& trail, std::string_view zone);
// [{"name": "...", "key": "...", "args": [...], "state": "pending", "attempts": 0, ...}, ...]
// One action as a receiver gets it: {"instance": 1, "name": "...", "key": "...", "at": ..., "args": [...], ...}
[[nodiscard]] std::string action_json(const Action& action, std::string_view zone);
[[nodiscard]] std::string actions_json(const std::vector<OutboxEntry>& actions, std::string_view zone);

}  // namespace docket::host
