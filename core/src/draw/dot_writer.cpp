// A Picture as Graphviz DOT: HTML-like node labels, styled edges, one cluster per SLA ladder.
#include <fmt/format.h>

#include "docket/core/workflow_picture.hpp"
#include "draw/palette.hpp"
#include "draw/picture.hpp"

namespace docket {

namespace {

using draw::NodeLines;
using draw::Picture;
using draw::PictureNode;
using draw::SlaRole;

// Text inside an HTML-like label.
std::string html(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

// A double-quoted DOT string.
std::string quoted(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c == '\n' ? ' ' : c;
  }
  return out + "\"";
}

std::string small(const std::string& text, const char* colour = nullptr) {
  if (colour == nullptr) return fmt::format("<font point-size=\"9\">{}</font>", html(text));
  return fmt::format("<font point-size=\"9\" color=\"{}\">{}</font>", colour, html(text));
}

std::string node_label(const Picture& p, const PictureNode& n) {
  const NodeLines lines = draw::node_lines(p, n);
  std::string label = "<b>" + html(lines.title) + "</b>";
  if (!lines.detail.empty()) label += "<br/>" + small(lines.detail);
  if (!lines.outcomes.empty()) label += "<br/>" + small(lines.outcomes);
  if (!lines.deadline.empty()) label += "<br/>" + small(lines.deadline, draw::kDeadlineColour);
  for (std::size_t i = 0; i < lines.marks.size(); ++i) {
    label += "<br/>" + small(lines.marks[i], draw::sla_colours(lines.mark_sla[i]).line);
  }
  return "<" + label + ">";
}

// The fill of a node: the colours of the SLAs counting there, grey for one paused there (striped when
// several).
std::string node_fill(const PictureNode& n, bool& striped) {
  std::string fill;
  int counting = 0;
  for (std::size_t s = 0; s < n.slas.size(); ++s) {
    SlaRole r = n.slas[s];
    if (r == SlaRole::pauses) {
      fill += (fill.empty() ? "" : ":") + std::string(draw::kPausedFill);
      ++counting;
    } else if (r == SlaRole::counts || r == SlaRole::starts || r == SlaRole::resets ||
        (r == SlaRole::stops && n.kind == ir::NodeKind::step)) {
      fill += (fill.empty() ? "" : ":") + std::string(draw::sla_colours(s).fill);
      ++counting;
    }
  }
  striped = counting > 1;
  return fill.empty() ? "white" : fill;
}

std::string node_line(const Picture& p, const PictureNode& n) {
  if (n.kind == ir::NodeKind::start) {
    return fmt::format("  {} [shape=circle, style=filled, fillcolor=\"#333333\", fontcolor=white, fixedsize=true, "
                       "width=0.6, label=\"start\"];\n",
                       n.id);
  }
  bool striped = false;
  std::string fill = node_fill(n, striped);
  std::string shape;
  std::string style = "filled";
  switch (n.kind) {
    case ir::NodeKind::step: shape = "box"; style = striped ? "striped" : "rounded,filled"; break;
    case ir::NodeKind::wait: shape = "box"; style = striped ? "striped,dashed" : "rounded,filled,dashed"; break;
    case ir::NodeKind::parallel:
    case ir::NodeKind::join: shape = "diamond"; break;
    case ir::NodeKind::end: shape = "doublecircle"; break;
    case ir::NodeKind::start: break;
  }
  if (n.kind == ir::NodeKind::parallel || n.kind == ir::NodeKind::join || n.kind == ir::NodeKind::end) {
    // Splits, joins and ends are not where a clock counts: keep them plain.
    fill = n.kind == ir::NodeKind::end ? "#f2f2f2" : "white";
    style = "filled";
  }
  if (n.kind == ir::NodeKind::end && !draw::node_lines(p, n).marks.empty()) {
    // A circle grows with its text: an end with a mark (a cancel) is a double-bordered box.
    return fmt::format("  {} [shape=box, style=\"rounded,filled\", peripheries=2, fillcolor=\"{}\", label={}];\n", n.id, fill,
                       node_label(p, n));
  }
  return fmt::format("  {} [shape={}, style=\"{}\", fillcolor=\"{}\", label={}];\n", n.id, shape, style, fill,
                     node_label(p, n));
}

std::string edge_line(const draw::PictureEdge& e) {
  std::string attrs;
  switch (e.kind) {
    case ir::EdgeKind::always: break;
    case ir::EdgeKind::when: attrs = fmt::format("label={}, fontcolor=\"{}\"", quoted(e.text), draw::kGuardColour); break;
    case ir::EdgeKind::otherwise: attrs = fmt::format("label={}, style=dashed", quoted(e.text)); break;
    case ir::EdgeKind::on_event:
      attrs = fmt::format("label={}, color=\"{}\", fontcolor=\"{}\", style=bold", quoted(e.text), draw::kEventColour,
                          draw::kEventColour);
      break;
  }
  return fmt::format("  {} -> {}{};\n", e.from, e.to, attrs.empty() ? "" : " [" + attrs + "]");
}

std::string sla_cluster(const draw::PictureSla& sla, std::size_t s) {
  const draw::SlaColours c = draw::sla_colours(s);
  std::string out = fmt::format("  subgraph cluster_{} {{\n", sla.id);
  out += fmt::format("    label=<<b>SLA {}</b>>; style=\"rounded\"; color=\"{}\"; fontcolor=\"{}\";\n", html(sla.name),
                     c.line, c.line);
  out += fmt::format("    {} [shape=note, style=filled, fillcolor=\"{}\", color=\"{}\", label=<{}<br/>{}<br/>{}>];\n",
                     sla.id, c.fill, c.line, html("target " + sla.target), small(sla.counted),
                     small("counts on nodes filled in this colour"));
  std::string previous = sla.id;
  for (std::size_t r = 0; r < sla.rungs.size(); ++r) {
    const draw::PictureRung& rung = sla.rungs[r];
    std::string id = fmt::format("{}_r{}", sla.id, r);
    out += fmt::format("    {} [shape=box, style=\"filled{}\", fillcolor=\"{}\", color=\"{}\", label=<<b>{}</b><br/>{}>];\n",
                       id, rung.breach ? ",bold" : "", draw::rung_fill(rung.breach, rung.level), c.line, html(rung.when),
                       small(rung.action));
    out += fmt::format("    {} -> {} [color=\"{}\", arrowhead=vee];\n", previous, id, c.line);
    previous = id;
  }
  out += "  }\n";
  if (!sla.start.empty()) {
    out += fmt::format("  {} -> {} [style=dotted, color=\"{}\", fontcolor=\"{}\", label=\"starts\", constraint=false];\n",
                       sla.id, sla.start, c.line, c.line);
  }
  return out;
}

}  // namespace

std::string workflow_dot(const Program& program, std::size_t index, const PictureOptions& options) {
  const Picture p = draw::make_picture(program, index);
  std::string title = "workflow " + p.name;
  if (!p.label.empty()) title += " · " + p.label;
  if (!p.calendar.empty()) title += " · calendar " + p.calendar;
  if (!p.repeat.empty()) title += " · " + html(p.repeat);
  std::string out = fmt::format("// docket graph: workflow {}\ndigraph {} {{\n", p.name, quoted(p.name));
  out += fmt::format("  graph [label=<<b>{}</b>>, labelloc=t, fontname={}, fontsize=14, rankdir=TB, nodesep=0.35, "
                     "ranksep=0.4];\n",
                     html(title), quoted(options.font));
  out += fmt::format("  node [fontname={}, fontsize=11, margin=\"0.12,0.05\", color=\"#555555\"];\n", quoted(options.font));
  out += fmt::format("  edge [fontname={}, fontsize=9, color=\"#444444\", arrowsize=0.7];\n", quoted(options.font));
  for (const PictureNode& n : p.nodes) out += node_line(p, n);
  for (const draw::PictureEdge& e : p.edges) out += edge_line(e);
  for (std::size_t s = 0; s < p.slas.size(); ++s) out += sla_cluster(p.slas[s], s);
  return out + "}\n";
}

}  // namespace docket
