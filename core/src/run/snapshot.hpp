// Instance snapshots: an instance's whole state as JSON that names steps, edges and SLAs by name.
#pragma once

#include <string>
#include <string_view>

#include "docket/core/ir.hpp"
#include "run/instance_state.hpp"
#include "run/sla_clock.hpp"

namespace docket::detail {

struct VersionRuntime;

// Names rather than indexes, so a snapshot stays readable and survives definitions that only add
// steps: {"format":2, "workflow":..., "status":..., "params":{...}, "active":[...], ...}.
[[nodiscard]] std::string encode_snapshot(const InstanceState& st, const ir::Workflow& wf);

// Rebuilds instance `id` of the module's workflow named in the snapshot (formats 1 and 2). Every
// field is checked. Throws EngineError naming the instance, what no longer fits (an unknown
// workflow, step, edge, SLA or a parameter of another type) or what is damaged, and the fix.
// A format-1 snapshot's running SLA clocks come back unscheduled (SlaRun::scheduled false).
[[nodiscard]] InstanceState decode_snapshot(InstanceId id, std::string_view snapshot, const ir::Module& module);

// An edge by name: "a -> b", or "a -> b #2" for the second edge between the same two nodes.
[[nodiscard]] std::string edge_key(const ir::Workflow& wf, std::uint32_t e);

// A mark by what it is, as snapshots keep the fired ones: "warn 50%", "warn 2h before", "breach",
// "breach after 2h" (with " #2" for a second identical one).
[[nodiscard]] std::string sla_mark_name(const ir::Sla& sla, const std::vector<SlaMark>& marks, std::size_t mark);

// The instance as program version `to` reads it: by names, as a snapshot is, and only when what it
// is at maps onto `to` (the same workflow; its active steps and waits of the same kind; the steps
// it has passed, the edges it waits along, its SLAs, parameters and outcomes with their types).
// EngineError naming what does not fit.
[[nodiscard]] InstanceState migrate_state(const InstanceState& st, const VersionRuntime& from, const VersionRuntime& to);

}  // namespace docket::detail
