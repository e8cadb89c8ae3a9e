// Instance snapshots: an instance's whole state as JSON that names steps, edges and SLAs by name.
#pragma once

#include <string>
#include <string_view>

#include "docket/core/ir.hpp"
#include "run/instance_state.hpp"

namespace docket::detail {

// Names rather than indexes, so a snapshot stays readable and survives definitions that only add
// steps: {"format":1, "workflow":..., "status":..., "params":{...}, "active":[...], ...}.
[[nodiscard]] std::string encode_snapshot(const InstanceState& st, const ir::Workflow& wf);

// Rebuilds instance `id` of the module's workflow named in the snapshot. Throws EngineError naming
// the instance, what no longer fits (an unknown workflow, step, edge, SLA or a parameter of
// another type) and the fix.
[[nodiscard]] InstanceState decode_snapshot(InstanceId id, std::string_view snapshot, const ir::Module& module);

}  // namespace docket::detail
