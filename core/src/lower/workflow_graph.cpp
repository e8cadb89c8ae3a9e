// WorkflowGraph: building the adjacency_list from an ir::Workflow, and queries over it.
#include "lower/workflow_graph.hpp"

#include <boost/graph/breadth_first_search.hpp>

#include <algorithm>

namespace docket {

WorkflowGraph::WorkflowGraph(const ir::Workflow& workflow, const detail::Interpreter& interpreter)
    : workflow_(&workflow), interpreter_(&interpreter), graph_(workflow.nodes.size()) {
  for (std::size_t i = 0; i < workflow.nodes.size(); ++i) graph_[boost::vertex(i, graph_)].node = static_cast<std::uint32_t>(i);
  for (std::size_t i = 0; i < workflow.edges.size(); ++i) {
    const ir::Edge& e = workflow.edges[i];
    boost::add_edge(e.from, e.to, GraphEdge{static_cast<std::uint32_t>(i)}, graph_);
  }
}

std::vector<std::uint32_t> WorkflowGraph::edges_from(std::uint32_t node) const {
  std::vector<std::uint32_t> out;
  for (auto [it, end] = boost::out_edges(node, graph_); it != end; ++it) out.push_back(graph_[*it].edge);
  std::sort(out.begin(), out.end());  // vecS keeps insertion order already; make it explicit
  return out;
}

std::vector<std::uint32_t> WorkflowGraph::edges_to(std::uint32_t node) const {
  std::vector<std::uint32_t> out;
  for (auto [it, end] = boost::in_edges(node, graph_); it != end; ++it) out.push_back(graph_[*it].edge);
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<bool> WorkflowGraph::reachable_from_start() const {
  std::vector<bool> seen(node_count(), false);
  if (node_count() == 0) return seen;
  std::vector<boost::default_color_type> colors(node_count(), boost::white_color);
  auto color_map = boost::make_iterator_property_map(colors.begin(), boost::get(boost::vertex_index, graph_));
  boost::breadth_first_search(graph_, boost::vertex(0, graph_), boost::color_map(color_map));
  for (std::size_t i = 0; i < colors.size(); ++i) seen[i] = colors[i] != boost::white_color;
  return seen;
}

}  // namespace docket
