// Building a workflow's Picture from the lowered program: nodes, and the edges of its Boost.Graph.
#include "draw/picture.hpp"

#include <algorithm>

#include "draw/expr_text.hpp"
#include "lower/workflow_graph.hpp"

namespace docket::draw {

namespace {

// `n_accept`: node names are identifiers already; anything else becomes `_`, and a name that had
// to change keeps its index so ids stay unique.
std::string node_id(const ir::Node& node, std::size_t index) {
  std::string id = "n_";
  bool changed = node.name.empty();
  for (char c : node.name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    id += ok ? c : '_';
    changed = changed || !ok;
  }
  return changed ? id + "_" + std::to_string(index) : id;
}

std::string edge_text(const ir::Edge& e, const ExprContext& context) {
  switch (e.kind) {
    case ir::EdgeKind::always: return {};
    case ir::EdgeKind::when: return "when " + (e.guard ? expr_text(*e.guard, context) : std::string("?"));
    case ir::EdgeKind::otherwise: return "otherwise";
    case ir::EdgeKind::on_event: return "on " + e.event;
  }
  return {};
}

}  // namespace

const char* sla_role_word(SlaRole role) noexcept {
  switch (role) {
    case SlaRole::none: return "";
    case SlaRole::counts: return "counts";
    case SlaRole::starts: return "starts";
    case SlaRole::stops: return "stops";
    case SlaRole::pauses: return "pauses";
    case SlaRole::cancels: return "cancels";
    case SlaRole::resets: return "resets";
  }
  return "";
}

Picture make_picture(const Program& program, std::size_t index) {
  const WorkflowGraph& graph = program.graph(index);
  const ir::Workflow& wf = graph.workflow();
  const ExprContext context{&program.module(), &wf};
  Picture p;
  p.name = wf.name;
  p.label = wf.label;
  p.calendar = wf.calendar;
  if (wf.repeat && wf.repeat->every) {
    const ir::Repeat& r = *wf.repeat;
    p.repeat = "repeat every " + expr_text(*r.every, context);
    if (r.window) p.repeat += " for " + expr_text(*r.window, context);
    if (r.times) p.repeat += " times " + expr_text(*r.times, context);
  }
  for (std::size_t i = 0; i < wf.nodes.size(); ++i) {
    const ir::Node& n = wf.nodes[i];
    PictureNode& node = p.nodes.emplace_back();
    node.id = node_id(n, i);
    node.kind = n.kind;
    node.name = n.name;
    node.label = n.label;
    node.assignee = assignee_text(n.assignee, n.role.get(), n.action, n.action_args, context);
    if (n.within) node.within = to_string(*n.within);
    for (const ir::Outcome& o : n.outcomes) node.outcomes.push_back(o.name + ": " + o.type.name());
  }
  // The graph's edges, in source order (the order guards are tried in).
  std::vector<std::uint32_t> edges;
  for (auto [it, end] = boost::edges(graph.graph()); it != end; ++it) edges.push_back(graph.graph()[*it].edge);
  std::sort(edges.begin(), edges.end());
  for (std::uint32_t i : edges) {
    const ir::Edge& e = wf.edges[i];
    p.edges.push_back(PictureEdge{p.nodes[e.from].id, p.nodes[e.to].id, e.kind, edge_text(e, context)});
  }
  add_slas(program, index, p);
  return p;
}

}  // namespace docket::draw

namespace docket::draw {

NodeLines node_lines(const Picture& picture, const PictureNode& node) {
  NodeLines lines;
  lines.title = node.label.empty() ? node.name : node.label;
  std::string what;
  switch (node.kind) {
    case ir::NodeKind::start: what = ""; break;
    case ir::NodeKind::step: what = node.assignee; break;
    case ir::NodeKind::wait: what = "waits for an event"; break;
    case ir::NodeKind::end: what = ""; break;  // the double circle says it
    case ir::NodeKind::parallel: what = "parallel split"; break;
    case ir::NodeKind::join: what = "join"; break;
  }
  std::string name = node.label.empty() ? "" : node.name;
  lines.detail = name.empty() || what.empty() ? name + what : name + " · " + what;
  if (!node.within.empty()) lines.deadline = "within " + node.within;
  for (const std::string& o : node.outcomes) lines.outcomes += (lines.outcomes.empty() ? "outcome " : ", ") + o;
  for (std::size_t s = 0; s < node.slas.size() && s < picture.slas.size(); ++s) {
    SlaRole role = node.slas[s];
    // Counting is shown by the fill; any end stops every clock, so an end only says what is special.
    if (role == SlaRole::none || role == SlaRole::counts) continue;
    if (node.kind == ir::NodeKind::start) continue;  // the SLA's own edge says it starts there
    if (role == SlaRole::stops && node.kind == ir::NodeKind::end) continue;
    lines.marks.push_back("SLA " + picture.slas[s].name + " " + sla_role_word(role));
    lines.mark_sla.push_back(s);
  }
  return lines;
}

}  // namespace docket::draw
