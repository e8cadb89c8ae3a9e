// The SLAs of a picture: target and ladder texts, and where each clock counts (a search on the graph).
#include <fmt/format.h>

#include <deque>

#include "draw/expr_text.hpp"
#include "draw/picture.hpp"
#include "lower/workflow_graph.hpp"

namespace docket::draw {

namespace {

// The nodes the clock can be counting at: reached from its start (or a reset) without passing a node
// that ends it (a stop, a cancel, an end). A join counts only when every way into it can arrive while
// the clock counts, since it waits for all of them: after a parallel split whose one branch stops the
// clock, the join and what follows are outside. A search over the lowered graph's in- and out-edges.
std::vector<bool> counting_scope(const WorkflowGraph& graph, const ir::Sla& sla) {
  const ir::Workflow& wf = graph.workflow();
  const detail::FlowGraph& g = graph.graph();
  const std::size_t n = wf.nodes.size();
  std::vector<bool> ends_clock(n, false);
  for (std::size_t i = 0; i < n; ++i) ends_clock[i] = wf.nodes[i].kind == ir::NodeKind::end;
  for (std::uint32_t i : sla.stop) ends_clock.at(i) = true;
  for (std::uint32_t i : sla.cancel) ends_clock.at(i) = true;
  std::vector<bool> scope(n, false);
  std::deque<std::size_t> work;
  auto add = [&](std::size_t v) {
    if (v < n && !scope[v]) {
      scope[v] = true;
      work.push_back(v);
    }
  };
  add(sla.start);
  for (std::uint32_t i : sla.reset) add(i);
  while (!work.empty()) {
    const std::size_t v = work.front();
    work.pop_front();
    if (ends_clock[v]) continue;
    for (auto [it, end] = boost::out_edges(v, g); it != end; ++it) {
      const std::size_t t = boost::target(*it, g);
      if (scope[t]) continue;
      bool arrives = true;
      if (wf.nodes[t].kind == ir::NodeKind::join) {
        for (auto [in, in_end] = boost::in_edges(t, g); in != in_end; ++in) {
          const std::size_t u = boost::source(*in, g);
          arrives = arrives && scope[u] && !ends_clock[u];
        }
      }
      if (arrives) add(t);  // a join not ready yet is looked at again when its next way in is added
    }
  }
  return scope;
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
