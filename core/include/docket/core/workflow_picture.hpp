// Pictures of workflows: Graphviz DOT and Mermaid text, drawn from the lowered program.
//
// A picture shows a workflow's steps, waits, parallel splits and joins and ends; guards and events
// on the edges; step deadlines; each SLA's counting scope (the nodes filled in its colour), where it
// starts, stops, pauses, is cancelled or reset, and its warnings and escalation ladder, drawn as a
// separate chain beside the flow. Labels are UTF-8 (Chinese labels need a CJK font where the DOT is
// rendered; `font` names it). docs/graph.md shows the conventions.
#pragma once

#include <cstddef>
#include <string>

#include "docket/core/program.hpp"

namespace docket {

struct PictureOptions {
  std::string font = "Noto Sans CJK SC";  // fontconfig name used for every label in the DOT
};

// The DOT text (a `digraph`) of workflow `index` of the program's module. Throws std::out_of_range
// when there is no such workflow.
[[nodiscard]] std::string workflow_dot(const Program& program, std::size_t index, const PictureOptions& options = {});

// The Mermaid `flowchart` of the same picture, for wikis that render Mermaid.
[[nodiscard]] std::string workflow_mermaid(const Program& program, std::size_t index);

}  // namespace docket
