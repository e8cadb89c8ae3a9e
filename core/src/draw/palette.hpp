// The colours of workflow pictures, shared by the DOT and Mermaid writers.
#pragma once

#include <cstddef>
#include <cstdint>

namespace docket::draw {

struct SlaColours {
  const char* fill;    // nodes where the clock counts
  const char* line;    // its border, edges and marks
};

// Cycled when a workflow has more SLAs than colours.
[[nodiscard]] inline SlaColours sla_colours(std::size_t sla) noexcept {
  static constexpr SlaColours kColours[] = {
      {"#dceafb", "#2f5d94"}, {"#def3e2", "#2e7d46"}, {"#efe3f7", "#7a3f9d"}, {"#dff2f2", "#207070"}};
  return kColours[sla % (sizeof kColours / sizeof kColours[0])];
}

inline constexpr const char* kPausedFill = "#eeeeee";
inline constexpr const char* kEventColour = "#1f5fbf";
inline constexpr const char* kGuardColour = "#1e6b3a";
inline constexpr const char* kDeadlineColour = "#b03a2e";
inline constexpr const char* kWarnFill = "#fff4c2";

// The fill of a ladder rung: warnings pale yellow, breaches darker with the escalation level.
[[nodiscard]] inline const char* rung_fill(bool breach, std::int64_t level) noexcept {
  if (!breach) return kWarnFill;
  if (level <= 0) return "#fde0c8";
  if (level == 1) return "#f9c09a";
  if (level == 2) return "#f29b86";
  return "#e8706a";
}

}  // namespace docket::draw
