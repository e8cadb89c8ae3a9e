// The SLAs of a picture: target and ladder texts, and where each clock counts (a search on the graph).
#include <boost/graph/breadth_first_search.hpp>
#include <boost/graph/filtered_graph.hpp>
#include <boost/pending/queue.hpp>

#include <fmt/format.h>

#include "draw/expr_text.hpp"
#include "draw/picture.hpp"
#include "lower/workflow_graph.hpp"

namespace docket::draw {

namespace {

// Edges out of nodes where the clock goes on: not out of a stop, a cancel or an end.
struct ClockGoesOn {
  const detail::FlowGraph* graph = nullptr;
  const std::vector<bool>* ends_clock = nullptr;
  template <class Edge>
  bool operator()(const Edge& e) const {
    return !(*ends_clock)[boost::source(e, *graph)];
  }
};

// The nodes the clock can be counting at: reached from its start without passing a node that ends it.
std::vector<bool> counting_scope(const WorkflowGraph& graph, const ir::Sla& sla) {
  const ir::Workflow& wf = graph.workflow();
  const std::size_t n = wf.nodes.size();
  std::vector<bool> ends_clock(n, false);
  for (std::size_t i = 0; i < n; ++i) ends_clock[i] = wf.nodes[i].kind == ir::NodeKind::end;
  for (std::uint32_t i : sla.stop) ends_clock.at(i) = true;
  for (std::uint32_t i : sla.cancel) ends_clock.at(i) = true;
  boost::filtered_graph<detail::FlowGraph, ClockGoesOn> g(graph.graph(), ClockGoesOn{&graph.graph(), &ends_clock});
  std::vector<boost::default_color_type> colors(n, boost::white_color);
  auto color = boost::make_iterator_property_map(colors.begin(), boost::get(boost::vertex_index, graph.graph()));
  boost::queue<std::size_t> queue;
  if (sla.start < n) boost::breadth_first_search(g, static_cast<std::size_t>(sla.start), queue, boost::default_bfs_visitor{}, color);
  std::vector<bool> seen(n, false);
  for (std::size_t i = 0; i < n; ++i) seen[i] = colors[i] != boost::white_color;
  return seen;
}

std::string action_text(const ir::SlaAction& a, const ExprContext& context) {
  std::string verb = a.verb == ir::SlaVerb::notify ? "notify" : a.verb == ir::SlaVerb::supervise ? "supervise" : "escalate";
  if (a.verb == ir::SlaVerb::escalate && a.level > 0) verb += fmt::format(" level {} to", a.level);
  std::string who = assignee_text(a.assignee, a.role.get(), a.action, a.action_args, context);
  if (who.rfind("role ", 0) == 0) who = who.substr(5);  // "notify handling_unit"
  return who.empty() ? verb : verb + " " + who;
}

}  // namespace

void add_slas(const Program& program, std::size_t index, Picture& picture) {
  const WorkflowGraph& graph = program.graph(index);
  const ir::Workflow& wf = graph.workflow();
  const ExprContext context{&program.module(), &wf};
  for (std::size_t s = 0; s < wf.slas.size(); ++s) {
    const ir::Sla& sla = wf.slas[s];
    PictureSla& out = picture.slas.emplace_back();
    out.id = fmt::format("sla{}", s);
    out.name = sla.name;
    out.target = sla.target ? expr_text(*sla.target, context) : "?";
    if (sla.by_minute) out.target += fmt::format(" by {:02}:{:02}", *sla.by_minute / 60, *sla.by_minute % 60);
    out.counted = wf.calendar.empty() ? "clock time, 7×24" : "calendar " + wf.calendar;
    out.start = sla.start < picture.nodes.size() ? picture.nodes[sla.start].id : "";
    for (const ir::SlaWarning& w : sla.warnings) {
      std::string when = w.percent ? fmt::format("warn at {}%", *w.percent)
                                   : fmt::format("warn at {} before", w.before ? to_string(*w.before) : "?");
      out.rungs.push_back(PictureRung{false, 0, when, action_text(w.action, context)});
    }
    for (const ir::SlaBreach& b : sla.breaches) {
      std::string when = b.after.amount == 0 ? "breach" : "breach after " + to_string(b.after);
      std::int64_t level = b.action.verb == ir::SlaVerb::escalate ? b.action.level : 0;
      out.rungs.push_back(PictureRung{true, level, when, action_text(b.action, context)});
    }
    // Roles, weakest first so the declared ones win: counting, then start, pause, reset, cancel, stop.
    const std::vector<bool> scope = counting_scope(graph, sla);
    auto set = [&](std::uint32_t node, SlaRole role) {
      if (node < picture.nodes.size()) picture.nodes[node].slas[s] = role;
    };
    for (PictureNode& node : picture.nodes) node.slas.resize(wf.slas.size(), SlaRole::none);
    for (std::uint32_t i = 0; i < scope.size(); ++i) {
      if (!scope[i]) continue;
      // Any end reached while the clock runs stops it.
      set(i, wf.nodes[i].kind == ir::NodeKind::end ? SlaRole::stops : SlaRole::counts);
    }
    set(sla.start, SlaRole::starts);
    for (std::uint32_t i : sla.pause) set(i, SlaRole::pauses);
    for (std::uint32_t i : sla.reset) set(i, SlaRole::resets);
    for (std::uint32_t i : sla.cancel) set(i, SlaRole::cancels);
    for (std::uint32_t i : sla.stop) set(i, SlaRole::stops);
  }
}

}  // namespace docket::draw
