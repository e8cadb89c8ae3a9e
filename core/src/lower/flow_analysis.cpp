// Flow analysis on Boost.Graph: breadth-first search forwards and backwards, strong components.
#include "docket/core/flow_analysis.hpp"

#include <boost/graph/breadth_first_search.hpp>
#include <boost/graph/filtered_graph.hpp>
#include <boost/graph/reverse_graph.hpp>
#include <boost/graph/strong_components.hpp>
#include <boost/pending/queue.hpp>

#include <map>

#include "lower/flow_graph.hpp"

namespace docket {

namespace detail {

FlowGraph make_flow_graph(const ir::Workflow& workflow) {
  const std::size_t n = workflow.nodes.size();
  FlowGraph g(n);
  for (std::size_t i = 0; i < workflow.edges.size(); ++i) {
    const ir::Edge& e = workflow.edges[i];
    if (e.from < n && e.to < n) boost::add_edge(e.from, e.to, FlowEdge{static_cast<std::uint32_t>(i)}, g);
  }
  return g;
}

}  // namespace detail

namespace {

// Every vertex a breadth-first search from `sources` reaches, on any graph with vertex indexes.
template <class Graph>
std::vector<bool> search_from(const Graph& g, const std::vector<std::uint32_t>& sources) {
  const std::size_t n = boost::num_vertices(g);
  std::vector<boost::default_color_type> colors(n, boost::white_color);
  auto color = boost::make_iterator_property_map(colors.begin(), boost::get(boost::vertex_index, g));
  using Vertex = typename boost::graph_traits<Graph>::vertex_descriptor;
  std::vector<Vertex> starts(sources.begin(), sources.end());
  boost::queue<Vertex> queue;
  if (!starts.empty()) boost::breadth_first_search(g, starts.begin(), starts.end(), queue, boost::default_bfs_visitor{}, color);
  std::vector<bool> seen(n, false);
  for (std::size_t i = 0; i < n; ++i) seen[i] = colors[i] != boost::white_color;
  return seen;
}

// Keeps only the edges between nodes that move on at once.
struct InstantEdges {
  const detail::FlowGraph* g = nullptr;
  const ir::Workflow* w = nullptr;
  template <class Edge>
  bool operator()(const Edge& e) const {
    return ir::moves_at_once(w->nodes[boost::source(e, *g)].kind) && ir::moves_at_once(w->nodes[boost::target(e, *g)].kind);
  }
};

std::vector<std::vector<std::uint32_t>> instant_cycles(const detail::FlowGraph& g, const ir::Workflow& w) {
  boost::filtered_graph<detail::FlowGraph, InstantEdges> instant(g, InstantEdges{&g, &w});
  std::vector<std::size_t> component(boost::num_vertices(g));
  boost::strong_components(instant, boost::make_iterator_property_map(component.begin(), boost::get(boost::vertex_index, g)));
  std::map<std::size_t, std::vector<std::uint32_t>> groups;
  for (std::uint32_t v = 0; v < component.size(); ++v) groups[component[v]].push_back(v);
  std::vector<std::vector<std::uint32_t>> cycles;
  for (auto& [id, nodes] : groups) {
    bool self_loop = false;
    if (nodes.size() == 1) {
      for (auto [it, end] = boost::out_edges(nodes[0], instant); it != end; ++it) {
        if (boost::target(*it, instant) == nodes[0]) self_loop = true;
      }
    }
    if (nodes.size() > 1 || self_loop) cycles.push_back(std::move(nodes));
  }
  return cycles;
}

}  // namespace

FlowFacts analyze_flow(const ir::Workflow& workflow) {
  const detail::FlowGraph g = detail::make_flow_graph(workflow);
  FlowFacts facts;
  facts.reachable = search_from(g, workflow.nodes.empty() ? std::vector<std::uint32_t>{} : std::vector<std::uint32_t>{0});
  std::vector<std::uint32_t> ends;
  for (std::uint32_t i = 0; i < workflow.nodes.size(); ++i) {
    if (workflow.nodes[i].kind == ir::NodeKind::end) ends.push_back(i);
  }
  facts.reaches_end = search_from(boost::make_reverse_graph(g), ends);
  facts.instant_cycles = instant_cycles(g, workflow);
  return facts;
}

std::vector<bool> reachable_from(const ir::Workflow& workflow, std::uint32_t from) {
  const detail::FlowGraph g = detail::make_flow_graph(workflow);
  if (from >= workflow.nodes.size()) return std::vector<bool>(workflow.nodes.size(), false);
  return search_from(g, {from});
}

}  // namespace docket
