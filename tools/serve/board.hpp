// The SLA board's figures (open tickets by workflow and SLA phase, warned, breached, escalated) as JSON and as gauges.
#pragma once

#include <string>

#include "docket/core/engine.hpp"
#include "docket/core/store.hpp"

namespace docket::serve {

// {"now": ..., "totals": {...}, "workflows": [{"workflow": ..., "open": n, "failed": n, "idle": n, "running": n,
//  "paused": n, "warned": n, "breached": n, "escalated": n}], "tickets": [{"instance": 1, "workflow": ...,
//  "state": "open|failed", "active": [...], "worst": "escalated|breached|warned|running|paused|idle|none",
//  "slas": [{"name", "phase", "due", "warned", "breached", "level"}]}]}
// Each open ticket counts once per workflow, under its worst SLA state. Call on the engine's thread.
[[nodiscard]] std::string board_json(const Engine& engine, const Store& store, const std::string& zone);

// Gauges in the Prometheus text format: docket_instances{workflow,state}, docket_open_tickets{workflow,sla_state},
// docket_outbox_actions{state}, docket_timer_lag_seconds. Call on the engine's thread.
[[nodiscard]] std::string board_metrics(const Engine& engine, const Store& store, Instant now);

}  // namespace docket::serve
