// The CLI's view of a workspace's problems: stderr text, or JSON on stdout for --format json.
#include "cli/workspace_output.hpp"

#include <iostream>

namespace docket::cli {

void print_diagnostics(const Workspace& ws, bool json) {
  if (!json) {
    std::cerr << host::problems_text(ws);
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
