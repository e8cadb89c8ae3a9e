// Actions: what a workflow asks the outside world to do, and the instance ids they name.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "docket/core/value.hpp"

namespace docket {

using InstanceId = std::uint64_t;

// Something the workflow asks the outside world to do (a plugin or host action).
// Steps done by an action name it (`site.schedule_meter`). An SLA's warning or breach sends
// `notify`, `supervise` or `escalate` with the role it names (or its plugin action), the SLA, and
// the escalation level.
struct Action {
  InstanceId instance = 0;
  std::string name;                // e.g. "site.schedule_meter", "notify", "escalate"
  std::vector<Value> args;
  std::string idempotency_key;     // stable across redelivery: "<instance>:<node>:<visit>", or
                                   // "<instance>:sla:<sla>:<mark>:<round>" for an SLA's actions
  Instant at;
  std::string role;                // notify/supervise/escalate to a role: the role
  std::string sla;                 // sent by an SLA: its name
  std::int32_t level = 0;          // escalate level N
};

}  // namespace docket
