// FlowGraph: the Boost.Graph adjacency_list of one workflow's nodes and edges (private to core).
#pragma once

#include <boost/graph/adjacency_list.hpp>

#include <cstdint>

#include "docket/core/ir.hpp"

namespace docket::detail {

// Bundled edge property: the ir::Edge this edge stands for (its index in Workflow::edges).
struct FlowEdge {
  std::uint32_t edge = 0;
};

// Vertex i is node i; the out-edges of a vertex keep source order, which is the order guards are
// tried in.
using FlowGraph = boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS, boost::no_property, FlowEdge>;

// Edges with an endpoint out of range are left out.
[[nodiscard]] FlowGraph make_flow_graph(const ir::Workflow& workflow);

}  // namespace docket::detail
