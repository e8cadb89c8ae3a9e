// A Picture as a Mermaid flowchart: node shapes by kind, edge styles by kind, SLA ladders as subgraphs.
#include <fmt/format.h>

#include "docket/core/workflow_picture.hpp"
#include "draw/palette.hpp"
#include "draw/picture.hpp"

namespace docket {

namespace {

using draw::Picture;
using draw::PictureNode;
using draw::SlaRole;

// Text inside a quoted Mermaid label: entity codes for what Mermaid or HTML would read.
std::string text(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '"': out += "#quot;"; break;
      case '#': out += "#35;"; break;
      case '<': out += "#lt;"; break;
      case '>': out += "#gt;"; break;
      case '&': out += "#amp;"; break;
      case '\n': out += ' '; break;
      default: out += c;
    }
  }
  return out;
}

std::string node_label(const Picture& p, const PictureNode& n) {
  const draw::NodeLines lines = draw::node_lines(p, n);
  std::string label = "<b>" + text(lines.title) + "</b>";
  for (const std::string* line : {&lines.detail, &lines.outcomes, &lines.deadline}) {
    if (!line->empty()) label += "<br/>" + text(*line);
  }
  for (const std::string& mark : lines.marks) label += "<br/>" + text(mark);
  return "\"" + label + "\"";
}

std::string node_line(const Picture& p, const PictureNode& n) {
  const std::string label = node_label(p, n);
  switch (n.kind) {
    case ir::NodeKind::start: return fmt::format("  {}((\"start\"))\n", n.id);
    case ir::NodeKind::step: return fmt::format("  {}({})\n", n.id, label);
    case ir::NodeKind::wait: return fmt::format("  {}[/{}/]\n", n.id, label);
    case ir::NodeKind::parallel:
    case ir::NodeKind::join: return fmt::format("  {}{{{{{}}}}}\n", n.id, label);
    case ir::NodeKind::end: return fmt::format("  {}((({})))\n", n.id, label);
  }
  return {};
}

std::string edge_line(const draw::PictureEdge& e) {
  const char* arrow = e.kind == ir::EdgeKind::otherwise ? "-.->" : e.kind == ir::EdgeKind::on_event ? "==>" : "-->";
  if (e.text.empty()) return fmt::format("  {} {} {}\n", e.from, arrow, e.to);
  return fmt::format("  {} {}|\"{}\"| {}\n", e.from, arrow, text(e.text), e.to);
}

}  // namespace

std::string workflow_mermaid(const Program& program, std::size_t index) {
  const Picture p = draw::make_picture(program, index);
  std::string out = fmt::format("%% docket graph: workflow {}{}{}{}\nflowchart TB\n", p.name,
                                p.label.empty() ? "" : " · " + p.label,
                                p.calendar.empty() ? "" : " · calendar " + p.calendar,
                                p.repeat.empty() ? "" : " · " + p.repeat);
  for (const PictureNode& n : p.nodes) out += node_line(p, n);
  std::vector<std::size_t> event_links;
  std::size_t links = 0;
  for (const draw::PictureEdge& e : p.edges) {
    if (e.kind == ir::EdgeKind::on_event) event_links.push_back(links);
    out += edge_line(e);
    ++links;
  }
  for (const draw::PictureSla& sla : p.slas) {
    out += fmt::format("  subgraph {}_ladder[\"SLA {}\"]\n    direction TB\n", sla.id, text(sla.name));
    out += fmt::format("    {}[\"<b>target {}</b><br/>{}\"]\n", sla.id, text(sla.target), text(sla.counted));
    std::string previous = sla.id;
    for (std::size_t r = 0; r < sla.rungs.size(); ++r) {
      std::string id = fmt::format("{}_r{}", sla.id, r);
      out += fmt::format("    {}[\"<b>{}</b><br/>{}\"]\n", id, text(sla.rungs[r].when), text(sla.rungs[r].action));
      out += fmt::format("    {} --> {}\n", previous, id);
      ++links;
      previous = id;
    }
    out += "  end\n";
    if (!sla.start.empty()) {
      out += fmt::format("  {} -.-o|\"starts\"| {}\n", sla.id, sla.start);
      ++links;
    }
  }
  // Styles: each SLA's counting scope, paused nodes, ladder rungs, event edges.
  for (std::size_t s = 0; s < p.slas.size(); ++s) {
    const draw::SlaColours c = draw::sla_colours(s);
    out += fmt::format("  classDef {} fill:{},stroke:{}\n", p.slas[s].id, c.fill, c.line);
    std::string members;
    for (const PictureNode& n : p.nodes) {
      SlaRole r = n.slas[s];
      bool counts = r == SlaRole::counts || r == SlaRole::starts || r == SlaRole::resets ||
                    (r == SlaRole::stops && n.kind == ir::NodeKind::step);
      // As in the DOT: only steps and waits are filled; splits, joins and ends stay plain.
      bool fillable = n.kind == ir::NodeKind::step || n.kind == ir::NodeKind::wait;
      if (counts && fillable) members += (members.empty() ? "" : ",") + n.id;
    }
    members += (members.empty() ? "" : ",") + p.slas[s].id;
    out += fmt::format("  class {} {}\n", members, p.slas[s].id);
  }
  std::string paused;
  for (const PictureNode& n : p.nodes) {
    for (SlaRole r : n.slas) {
      if (r == SlaRole::pauses) {
        paused += (paused.empty() ? "" : ",") + n.id;
        break;
      }
    }
  }
  if (!paused.empty()) out += fmt::format("  classDef paused fill:{},stroke-dasharray:4 3\n  class {} paused\n", draw::kPausedFill, paused);
  for (const draw::PictureSla& sla : p.slas) {
    for (std::size_t r = 0; r < sla.rungs.size(); ++r) {
      out += fmt::format("  style {}_r{} fill:{}\n", sla.id, r, draw::rung_fill(sla.rungs[r].breach, sla.rungs[r].level));
    }
  }
  for (std::size_t l : event_links) {
    out += fmt::format("  linkStyle {} stroke:{},color:{}\n", l, draw::kEventColour, draw::kEventColour);
  }
  return out;
}

}  // namespace docket
