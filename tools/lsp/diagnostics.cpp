// Diagnostics as LSP wants them: per file, severity, code, message with the hint, notes as related information.
#include <regex>

#include "lsp/features.hpp"
#include "lsp/uri.hpp"

namespace docket::lsp {

namespace {

int severity(Severity s) {
  switch (s) {
    case Severity::error: return 1;
    case Severity::warning: return 2;
    case Severity::note: return 3;
  }
  return 1;
}

json at_line(std::uint32_t line) {
  return {{"start", {{"line", line}, {"character", 0}}}, {"end", {{"line", line + 1}, {"character", 0}}}};
}

// A configuration problem on docket.toml, at the line its message names (`FILE:LINE:COL: error: ...`).
json problem(const std::string& text, const std::filesystem::path& config) {
  static const std::regex where(R"(^(.*?):(\d+):(\d+): (error|warning): )");
  std::smatch m;
  std::uint32_t line = 0;
  if (std::regex_search(text, m, where) && normal_path(m[1].str()) == config) {
    line = static_cast<std::uint32_t>(std::stoul(m[2].str()));
    line = line > 0 ? line - 1 : 0;
  }
  return {{"range", at_line(line)}, {"severity", 1}, {"source", "docket"}, {"message", text}};
}

}  // namespace

std::map<std::string, json> diagnostics_by_uri(const View& view) {
  std::map<std::string, json> out;
  const std::uint32_t files = view.sources().size();
  for (std::uint32_t f = 1; f <= files; ++f) out[view.uri(f)] = json::array();
  json* last = nullptr;
  for (const Diagnostic& d : view.snapshot().analysis->diagnostics.all()) {
    const bool placed = d.range.valid() && d.range.file <= files;
    if (d.severity == Severity::note && last != nullptr && placed) {
      (*last)["relatedInformation"].push_back({{"location", view.location(d.range)}, {"message", d.message}});
      continue;
    }
    std::string message = d.message;
    if (!d.hint.empty()) message += "\nhint: " + d.hint;
    json item = {{"severity", severity(d.severity)}, {"code", d.code}, {"source", "docket"}, {"message", message}};
    item["range"] = placed ? view.range(d.range) : at_line(0);
    json& list = out[view.uri(placed ? d.range.file : 1)];
    list.push_back(std::move(item));
    last = &list.back();
  }
  const Project& project = view.project();
  if (!project.config().empty()) {
    json& list = out[path_to_uri(project.config())];
    if (list.is_null()) list = json::array();
    for (const std::string& p : project.problems()) list.push_back(problem(p, project.config()));
  }
  return out;
}

}  // namespace docket::lsp
