// Graph facts about a workflow's flow (reachability, ends, cycles that never wait), from Boost.Graph.
#pragma once

#include <cstdint>
#include <vector>

#include "docket/core/ir.hpp"

namespace docket {

struct FlowFacts {
  std::vector<bool> reachable;    // [node]: can be reached from `start`
  std::vector<bool> reaches_end;  // [node]: some end can be reached from it
  // Groups of nodes that can go round forever without waiting for a person, an event or time
  // (a cycle through `start`, `parallel` and `join` nodes only), each in node order.
  std::vector<std::vector<std::uint32_t>> instant_cycles;
};

// Edges whose endpoints are out of range are ignored (the caller reports them).
[[nodiscard]] FlowFacts analyze_flow(const ir::Workflow& workflow);

// [node]: whether it can be reached from `from` along the flow's edges (`from` itself counts).
[[nodiscard]] std::vector<bool> reachable_from(const ir::Workflow& workflow, std::uint32_t from);

}  // namespace docket
