// How the CLI shows a workspace's problems: on stderr as text, or as a JSON array on stdout.
#pragma once

#include <string>

#include "docket/host/workspace.hpp"

namespace docket::cli {

using host::Config;
using host::Workspace;
using host::WorkspaceOptions;
using host::add_program;
using host::load_workspace;

// Moves each file named `-` in options.files to options.texts as <stdin>, read from standard input
// (once, however often it is named). False with `error` when standard input cannot be read.
bool take_standard_input(WorkspaceOptions& options, std::string& error);

// Prints problems and diagnostics to stderr, as text (coloured on a terminal) or (json == true) a JSON array on stdout.
void print_diagnostics(const Workspace& ws, bool json);

// load_workspace() then the zone (`zone_option`, else the config's [run] zone), for the commands that
// play events on a clock (run, simulate); prints whatever went wrong. False when the command cannot go on.
bool load_timed_workspace(const WorkspaceOptions& options, const std::string& zone_option, Workspace& ws,
                          std::string& zone);

}  // namespace docket::cli
