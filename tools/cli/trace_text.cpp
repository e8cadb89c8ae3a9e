// Trace entries as the CLI prints them (docket run, docket audit).
#include "cli/value_json.hpp"
#include "cli/trace_text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "docket/core/clock.hpp"

namespace docket::cli {

std::string trace_kind_text(TraceKind kind) {
  std::string text = trace_kind_name(kind);
  std::replace(text.begin(), text.end(), '_', ' ');
  return text;
}

std::string trace_line(const TraceEntry& t, std::string_view zone, std::string_view label) {
  std::string detail = t.full_detail();
  if (t.due && (t.kind == TraceKind::entered || t.kind == TraceKind::sla)) detail += ", due " + format_instant(*t.due, zone);
  return fmt::format("{}  {:<4} {:<16} {:<17} {}", format_instant(t.at, zone), label, trace_kind_text(t.kind), t.node,
                     detail);
}

std::string trace_json(const TraceEntry& t, std::string_view zone, std::string_view label) {
  nlohmann::json j = {{"at", format_rfc3339(t.at, zone)}, {"ticket", label}, {"kind", trace_kind_text(t.kind)},
                      {"node", t.node}, {"detail", t.full_detail()}};
  if (t.due) j["due"] = format_rfc3339(*t.due, zone);
  return json_text(j);
}

}  // namespace docket::cli
