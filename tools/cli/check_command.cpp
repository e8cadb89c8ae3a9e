// `docket check`: compile the program and report every problem; exit 0 clean, 1 on errors.
#include <fmt/format.h>

#include <iostream>

#include "cli/commands.hpp"
#include "cli/sim_profile.hpp"
#include "cli/workspace_output.hpp"

namespace docket::cli {

int run_check(const CheckOptions& options) {
  Workspace ws;
  WorkspaceOptions workspace = options.workspace;
  workspace.keep_source = false;  // nothing is stored: no copy of the sources, no hash
  bool ok = load_workspace(workspace, ws);
  // A [simulate] table in docket.toml is read against the program now, so its mistakes show at
  // check rather than at the first `docket simulate`.
  if (ok && ws.config.has_simulate) {
    sim::Profile profile;
    ProfileInfo info;
    std::string error;
    if (!load_profile(ws.config.file, *ws.program, ws.config.zone, profile, info, error)) {
      ws.problems.push_back(error);
      ok = false;
    }
  }
  print_diagnostics(ws, options.json);
  if (ok && options.costs && !options.json) {
    for (const ir::Decision& d : ws.program->module().decisions) {
      std::cout << fmt::format("{:<24} {:>10} steps at most\n", d.name, d.worst_case_cost);
    }
  }
  std::size_t warnings = 0;  // notes belong to the error or warning before them
  for (const Diagnostic& d : ws.diagnostics.all()) warnings += d.severity == Severity::warning ? 1 : 0;
  std::size_t errors = ws.diagnostics.error_count() + ws.problems.size();
  if (!options.json) {
    // Say exactly what was checked: nothing (the configuration stopped it), or the files, without
    // the plugins that could not be loaded.
    std::string what = "nothing";
    if (ws.compiled) {
      what = fmt::format("{} file{}", ws.sources.size(), ws.sources.size() == 1 ? "" : "s");
      if (!ws.unloaded_plugins.empty()) {
        std::string plugins;
        for (const std::string& p : ws.unloaded_plugins) plugins += (plugins.empty() ? "" : ", ") + p;
        what += fmt::format(" without plugin{} {} (not loaded)", ws.unloaded_plugins.size() == 1 ? "" : "s", plugins);
      }
    }
    std::cerr << fmt::format("checked {}: {} error{}, {} warning{}\n", what, errors, errors == 1 ? "" : "s", warnings,
                             warnings == 1 ? "" : "s");
  }
  return ok ? 0 : 1;
}

}  // namespace docket::cli
