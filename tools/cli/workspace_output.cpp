// The CLI's view of a workspace's problems: stderr text, or JSON on stdout for --format json.
#include "cli/workspace_output.hpp"

#include <algorithm>
#include <iostream>

#include "cli/color.hpp"
#include "cli/standard_input.hpp"

namespace docket::cli {

bool take_standard_input(WorkspaceOptions& options, std::string& error) {
  const auto dash = std::find(options.files.begin(), options.files.end(), "-");
  if (dash == options.files.end()) return true;
  options.files.erase(std::remove(options.files.begin(), options.files.end(), "-"), options.files.end());
  std::string text;
  if (!standard_input(text, error)) return false;
  options.texts.push_back({kStdinName, std::move(text)});
  return true;
}

void print_diagnostics(const Workspace& ws, bool json) {
  if (!json) {
    std::cerr << color_diagnostics(host::problems_text(ws), color_enabled(2));
    return;
  }
  for (const std::string& p : ws.problems) std::cerr << p << "\n";
  std::cout << render_json(ws.diagnostics.all(), ws.sources) << "\n";
}

bool load_timed_workspace(const WorkspaceOptions& options, const std::string& zone_option, Workspace& ws,
                          std::string& zone) {
  if (!load_workspace(options, ws)) {
    print_diagnostics(ws, false);
    return false;
  }
  std::string error;
  if (host::resolve_zone(zone_option, ws, zone, error)) return true;
  std::cerr << error << "\n";
  return false;
}

}  // namespace docket::cli
