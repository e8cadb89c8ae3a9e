// A workspace: a configuration, its plugins and its program files, compiled and lowered (what every host starts from).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "docket/host/config.hpp"
#include "docket/core/diagnostic.hpp"
#include "docket/core/extensions.hpp"
#include "docket/core/functions.hpp"
#include "docket/core/program.hpp"
#include "docket/core/source.hpp"

namespace docket::host {

// A program file given as text rather than a path (standard input, an editor's buffer).
struct SourceText {
  std::string name;  // as diagnostics show it, e.g. "<stdin>"
  std::string text;
};

struct WorkspaceOptions {
  std::string config;                 // docket.toml path; empty: ./docket.toml if it exists and no file is named
  std::vector<std::string> files;     // .dkt files given on the command line (added to the config's)
  std::vector<SourceText> texts;      // program files given as text, read after `files`
  bool config_with_files = false;     // ./docket.toml is the default config even when files or texts are named
  std::vector<std::string> plugins;   // plugin library paths given on the command line
  std::uint64_t max_cost = 0;         // evaluation steps per call (--max-cost); 0: [program] max_cost, else the default
  bool runs_workflows = false;        // run, simulate, test: a workflow's calendar must be defined even without a config
  // The program keeps a copy of its sources and their hash (a store's program version); `docket
  // check` has no store and leaves them out (on a 200,000-line program, two copies of its text).
  bool keep_source = true;
};

struct Workspace {
  Config config;
  FunctionRegistry functions;             // functions and actions
  CalendarRegistry calendars;             // calendar providers from plugins
  EventSinkRegistry event_sinks;          // audit and metrics sinks from plugins
  SourceSet sources;
  Diagnostics diagnostics;
  std::shared_ptr<const Program> program;  // null when there were errors
  std::vector<std::string> problems;       // configuration and plugin problems (not source positions)
  std::vector<std::string> unloaded_plugins;  // plugins named but not loaded (refused or not found)
  std::size_t plugin_problems = 0;         // how many of `problems` are plugins that were not loaded
  bool compiled = false;                   // the sources were checked (also when plugins were missing)
  std::uint64_t step_budget = 0;           // the budget the program was checked and lowered with
};

// PROGRAM as `docket explain` and `docket classify` take it: a docket.toml (any *.toml), a folder
// holding one, or a .dkt file.
void add_program(WorkspaceOptions& options, const std::string& program);

// Reads `config_path` (none when empty: plugins from the default folders) and loads the calendars
// and plugins it names into `ws`. False when the configuration cannot be read (the reason is in
// `problems`, as are plugins and calendars that could not be loaded).
bool load_configuration(const std::string& config_path, const WorkspaceOptions& options, Workspace& ws);

// Reports an error (D0525) for each workflow of `module` whose calendar neither the configuration
// nor a loaded plugin defines.
void check_calendar_names(const Workspace& ws, const ir::Module& module, Diagnostics& diagnostics);

// Loads everything. A file named twice (in the config and in `files`, or twice in `files`: the same
// file by canonical path) is read once. Returns false on any error; what went wrong is in `problems` (configuration,
// files, plugins) and `diagnostics` (the .dkt sources). A plugin that cannot be loaded does not
// stop the check: the sources are compiled without it (`compiled`), and each call of an unknown
// function gets a note (D0901) naming the plugins that were not loaded.
bool load_workspace(const WorkspaceOptions& options, Workspace& ws);

// The zone for local times: `option` if given, else the config's [run] zone. False, with `error`
// saying why and what to write instead, when the machine does not know it.
bool resolve_zone(const std::string& option, const Workspace& ws, std::string& zone, std::string& error);

// Every problem of `ws` as text, as `docket check` prints it: configuration and plugin problems,
// then each diagnostic with its file:line:column, the source line, a caret and the hint.
[[nodiscard]] std::string problems_text(const Workspace& ws);

}  // namespace docket::host
