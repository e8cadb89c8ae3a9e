// WorkflowGraph: one lowered workflow as a Boost.Graph adjacency_list (private: Boost stays here).
#pragma once

#include <cstdint>
#include <vector>

#include "docket/core/ir.hpp"
#include "lower/flow_graph.hpp"

namespace docket {

// A lowered workflow: its Boost.Graph, with each node's edges listed once at construction so the
// engine's routing allocates nothing. Immutable; refers into the Program that owns it.
class WorkflowGraph {
 public:
  using Graph = detail::FlowGraph;

  // The workflow's edges must already be validated (endpoints in range).
  explicit WorkflowGraph(const ir::Workflow& workflow);

  [[nodiscard]] const ir::Workflow& workflow() const noexcept { return *workflow_; }
  [[nodiscard]] const Graph& graph() const noexcept { return graph_; }

  [[nodiscard]] std::size_t node_count() const noexcept { return boost::num_vertices(graph_); }
  [[nodiscard]] std::size_t edge_count() const noexcept { return boost::num_edges(graph_); }
  // Indexes (into workflow().edges) of the edges leaving `node`, in source order.
  [[nodiscard]] const std::vector<std::uint32_t>& edges_from(std::uint32_t node) const { return out_.at(node); }
  // Indexes of the edges entering `node`, in source order.
  [[nodiscard]] const std::vector<std::uint32_t>& edges_to(std::uint32_t node) const { return in_.at(node); }
  // For each node, whether it can be reached from the start node along any edge.
  [[nodiscard]] std::vector<bool> reachable_from_start() const;

 private:
  const ir::Workflow* workflow_;
  Graph graph_;
  std::vector<std::vector<std::uint32_t>> out_;
  std::vector<std::vector<std::uint32_t>> in_;
};

}  // namespace docket
