// WorkflowGraph: building the adjacency_list from an ir::Workflow, and queries over it.
#include "lower/workflow_graph.hpp"

#include <algorithm>

#include "docket/core/flow_analysis.hpp"

namespace docket {

WorkflowGraph::WorkflowGraph(const ir::Workflow& workflow)
    : workflow_(&workflow),
      graph_(detail::make_flow_graph(workflow)),
      out_(workflow.nodes.size()),
      in_(workflow.nodes.size()) {
  for (std::size_t v = 0; v < out_.size(); ++v) {
    for (auto [it, end] = boost::out_edges(v, graph_); it != end; ++it) out_[v].push_back(graph_[*it].edge);
    for (auto [it, end] = boost::in_edges(v, graph_); it != end; ++it) in_[v].push_back(graph_[*it].edge);
    std::sort(out_[v].begin(), out_[v].end());  // vecS keeps insertion order already; make it explicit
    std::sort(in_[v].begin(), in_[v].end());
  }
}

std::vector<bool> WorkflowGraph::reachable_from_start() const { return reachable_from(*workflow_, 0); }

}  // namespace docket
