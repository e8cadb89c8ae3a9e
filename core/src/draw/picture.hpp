// Picture: what a drawing of one workflow shows, independent of the output language (DOT, Mermaid).
//
// The writers (dot_writer.cpp, mermaid_writer.cpp) only lay out what is here; everything about the
// workflow's meaning (which edges leave a node and in what order, where each SLA clock counts, the
// texts of guards, targets and ladder rungs) is worked out once, in picture.cpp and sla_picture.cpp,
// from the lowered program's Boost.Graph.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "docket/core/ir.hpp"
#include "docket/core/program.hpp"

namespace docket::draw {

// What an SLA clock does at a node.
enum class SlaRole : std::uint8_t {
  none,     // outside the clock: before its start, after a stop, or never reached while it counts
  counts,   // the clock counts while this node is active
  starts,   // entering it starts the clock (it counts here too, unless it is also a stop or pause)
  stops,    // a stop: a step stops it when completed (it counts until then), any other node when entered
  pauses,   // counting stops while it is active
  cancels,  // entering it cancels the clock
  resets,   // entering it starts the clock afresh
};

[[nodiscard]] const char* sla_role_word(SlaRole role) noexcept;

struct PictureNode {
  std::string id;      // "n3": safe in DOT and Mermaid
  ir::NodeKind kind = ir::NodeKind::step;
  std::string name;    // as declared: `accept`
  std::string label;   // the analyst's label, e.g. "受理" (may be empty)
  std::string assignee;  // "role counter", "action site.schedule_meter(app.id)"
  std::string within;    // "2h", "1 workday" (empty: no deadline)
  std::vector<std::string> outcomes;  // "feasible: bool"
  std::vector<SlaRole> slas;          // one per SLA of the workflow
};

struct PictureEdge {
  std::string from;  // node ids
  std::string to;
  ir::EdgeKind kind = ir::EdgeKind::always;
  std::string text;  // "when survey.feasible", "otherwise", "on need_material", or empty
};

// One mark of an SLA: a warning or a rung of the escalation ladder, in the order they fall due.
struct PictureRung {
  bool breach = false;   // false: a warning
  std::int64_t level = 0;  // escalate level N (0: no escalation)
  std::string when;      // "warn at 50%", "breach", "breach after 1 workday"
  std::string action;    // "notify handling_unit", "escalate level 1 to district_manager"
};

struct PictureSla {
  std::string id;      // "sla0"
  std::string name;
  std::string target;  // "reply_limit(c) by 16:00"
  std::string counted; // "working time on cn-national" or "clock time, 7×24"
  std::string start;   // id of the node it starts at
  std::vector<PictureRung> rungs;
};

struct Picture {
  std::string name;
  std::string label;
  std::string calendar;
  std::string repeat;  // "repeat every visit_interval(p.grade) for 3 months", or empty
  std::vector<PictureNode> nodes;
  std::vector<PictureEdge> edges;
  std::vector<PictureSla> slas;
};

// The text of a node's box, shared by the writers: plain text (each writer escapes it).
struct NodeLines {
  std::string title;                // the label, or the name when there is none
  std::string detail;               // "accept · role counter", "waiting_customer · waits for an event"
  std::string deadline;             // "within 2h"
  std::string outcomes;             // "outcome feasible: bool"
  std::vector<std::string> marks;   // "SLA reply stops", one per SLA that starts, stops, pauses... here
  std::vector<std::size_t> mark_sla;  // the SLA of each mark
};

[[nodiscard]] NodeLines node_lines(const Picture& picture, const PictureNode& node);

// The picture of workflow `index` of the program (std::out_of_range when there is none).
[[nodiscard]] Picture make_picture(const Program& program, std::size_t index);

// Fills in the SLAs: their texts and ladders, and every node's role in each clock (sla_picture.cpp).
void add_slas(const Program& program, std::size_t index, Picture& picture);

}  // namespace docket::draw
