// WorkflowGraph: one lowered workflow as a Boost.Graph adjacency_list (private: Boost stays here).
#pragma once

#include <boost/graph/adjacency_list.hpp>

#include <cstdint>
#include <vector>

#include "docket/core/ir.hpp"
#include "eval/interpreter.hpp"

namespace docket {

// Bundled vertex property: the ir::Node this vertex stands for (its index in Workflow::nodes).
struct GraphNode {
  std::uint32_t node = 0;
};

// Bundled edge property: the ir::Edge this edge stands for (its index in Workflow::edges).
struct GraphEdge {
  std::uint32_t edge = 0;
};

// Vertex i is node i; the out-edges of a vertex keep source order, which is the order guards
// are tried in. Immutable after construction; refers into the Program that owns it.
class WorkflowGraph {
 public:
  using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS, GraphNode, GraphEdge>;
  using Vertex = Graph::vertex_descriptor;

  // The workflow's edges must already be validated (endpoints in range).
  WorkflowGraph(const ir::Workflow& workflow, const detail::Interpreter& interpreter);

  [[nodiscard]] const ir::Workflow& workflow() const noexcept { return *workflow_; }
  [[nodiscard]] const Graph& graph() const noexcept { return graph_; }
  [[nodiscard]] const detail::Interpreter& interpreter() const noexcept { return *interpreter_; }

  [[nodiscard]] std::size_t node_count() const noexcept { return boost::num_vertices(graph_); }
  [[nodiscard]] std::size_t edge_count() const noexcept { return boost::num_edges(graph_); }
  // Indexes (into workflow().edges) of the edges leaving `node`, in source order.
  [[nodiscard]] std::vector<std::uint32_t> edges_from(std::uint32_t node) const;
  // Indexes of the edges entering `node`, in source order.
  [[nodiscard]] std::vector<std::uint32_t> edges_to(std::uint32_t node) const;
  // For each node, whether it can be reached from the start node along any edge.
  [[nodiscard]] std::vector<bool> reachable_from_start() const;

 private:
  const ir::Workflow* workflow_;
  const detail::Interpreter* interpreter_;
  Graph graph_;
};

}  // namespace docket
