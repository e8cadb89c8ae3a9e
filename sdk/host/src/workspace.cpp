// Loading a workspace: config, then plugins (their functions type the program), then sources.
#include "docket/host/workspace.hpp"

#include "docket/core/calendar_spec.hpp"

#include <fmt/format.h>

#include <set>

#include "docket/core/clock.hpp"
#include "docket/core/ir_limits.hpp"
#include "docket/core/plugin_host.hpp"
#include "docket/core/suggest.hpp"
#include "docket/host/program_versions.hpp"
#include "docket/dsl/compile.hpp"

namespace docket::host {

namespace {

void load_plugins(Workspace& ws, const WorkspaceOptions& options) {
  // Command-line plugins (--plugin) must lie in the plugin directories too; they are not pinned.
  std::vector<PluginRequest> requests;
  std::vector<std::string> names;
  for (const std::string& path : options.plugins) {
    PluginRequest request;
    request.path = path;
    request.isolation.mode = ws.config.plugin_isolation;
    requests.push_back(std::move(request));
    names.push_back(std::filesystem::path(path).stem().string());
  }
  for (const std::string& name : ws.config.plugins) {
    std::string found;
    for (const std::filesystem::path& dir : ws.config.plugin_dirs) {
      std::filesystem::path candidate = dir / (name + ".so");
      if (std::filesystem::exists(candidate)) {
        found = candidate.string();
        break;
      }
    }
    if (found.empty()) {
      std::string dirs;
      for (const auto& d : ws.config.plugin_dirs) dirs += "\n    " + d.string();
      ws.problems.push_back(fmt::format(
          "{}: error: plugin `{}` not found as {}.so in:{}\n  hint: build it, or add its folder to "
          "[plugins] directories",
          ws.config.file.string(), name, name, dirs));
      ws.unloaded_plugins.push_back(name);
      continue;
    }
    PluginRequest request;
    request.path = found;
    request.isolation.mode = isolation_of(ws.config, name);
    if (auto pin = ws.config.plugin_sha256.find(name); pin != ws.config.plugin_sha256.end()) request.sha256 = pin->second;
    if (auto cfg = ws.config.plugin_config.find(name); cfg != ws.config.plugin_config.end()) request.config = cfg->second;
    requests.push_back(std::move(request));
    names.push_back(name);
  }
  const PluginTargets targets{&ws.functions, &ws.calendars, &ws.event_sinks};
  for (std::size_t i = 0; i < requests.size(); ++i) {
    PluginRequest& request = requests[i];
    request.allowed_directories = ws.config.plugin_dirs;
    request.isolation.call_timeout = ws.config.plugin_call_timeout;
    std::string error;
    if (!load_plugin(request, targets, error)) {
      ws.problems.push_back("error: " + error);
      ws.unloaded_plugins.push_back(names[i]);
    }
  }
}

// After a plugin was not loaded, every call of an unknown function (D0305) may be one of its:
// a note after each says so, so that the analyst fixes the plugin before renaming calls.
void note_unloaded_plugins(Workspace& ws) {
  if (ws.unloaded_plugins.empty()) return;
  std::string plugins;
  for (const std::string& name : ws.unloaded_plugins) plugins += (plugins.empty() ? "`" : ", `") + name + "`";
  const bool one = ws.unloaded_plugins.size() == 1;
  Diagnostics annotated;
  for (const Diagnostic& d : ws.diagnostics.all()) {
    annotated.report(d);
    if (d.code != "D0305") continue;
    annotated.report(Diagnostic{Severity::note, "D0901",
                                fmt::format("{} {} {} not loaded (see the error{} above), so the functions {} provide{} "
                                            "are unknown here",
                                            one ? "plugin" : "plugins", plugins, one ? "was" : "were", one ? "" : "s",
                                            one ? "it" : "they", one ? "s" : ""),
                                d.range, "fix the plugin's load error first; this call may then be right as it stands"});
  }
  ws.diagnostics = std::move(annotated);
}

}  // namespace

// A workflow counting on a calendar nobody defines is an error (D0525), rather than every instance
// failing later when its first business-time SLA or deadline starts.
void check_calendar_names(const Workspace& ws, const ir::Module& module, Diagnostics& diagnostics) {
  const std::vector<std::string> known = ws.calendars.names();
  for (const ir::Workflow& wf : module.workflows) {
    if (wf.calendar.empty() || ws.calendars.find(wf.calendar) != nullptr) continue;
    diagnostics.error("D0525", wf.range,
                        fmt::format("workflow `{}` counts on calendar `{}`, which neither {} nor a loaded plugin defines",
                                    wf.name, wf.calendar,
                                    ws.config.file.empty() ? std::string("a docket.toml") : ws.config.file.filename().string()),
                        suggestion_hint(wf.calendar, known,
                                        fmt::format("define [calendars.{}] (see examples/calendars/cn.toml), or load the "
                                                    "plugin that provides it",
                                                    wf.calendar)));
  }
}

void add_program(WorkspaceOptions& options, const std::string& program) {
  const std::filesystem::path path(program);
  if (std::filesystem::is_directory(path)) {
    options.config = (path / "docket.toml").string();
  } else if (path.extension() == ".toml") {
    options.config = program;
  } else {
    options.files.push_back(program);
  }
}

bool load_configuration(const std::string& config_path, const WorkspaceOptions& options, Workspace& ws) {
  if (!config_path.empty()) {
    std::string error;
    if (!load_config(config_path, ws.config, error)) {
      ws.problems.push_back(error);
      return false;
    }
  } else {
    ws.config.plugin_dirs = default_plugin_dirs();
  }
  // Calendars written in TOML first: a plugin calendar of the same name is then refused.
  for (const CalendarSpec& spec : ws.config.calendars) {
    std::string error;
    std::optional<CalendarProvider> provider = make_calendar(spec, error);
    if (provider) {
      provider->origin = ws.config.file.string();
      if (!ws.calendars.add(std::move(*provider))) ws.problems.push_back(fmt::format("error: calendar `{}` is defined twice", spec.name));
    }
  }
  const std::size_t before_plugins = ws.problems.size();
  load_plugins(ws, options);
  ws.plugin_problems = ws.problems.size() - before_plugins;
  return true;
}

bool load_workspace(const WorkspaceOptions& options, Workspace& ws) {
  std::string config_path = options.config;
  const bool named = !options.files.empty() || !options.texts.empty();
  if (config_path.empty() && (!named || options.config_with_files) && std::filesystem::exists("docket.toml")) {
    config_path = "docket.toml";
  }
  if (!load_configuration(config_path, options, ws)) return false;
  std::vector<std::string> files = ws.config.programs;
  files.insert(files.end(), options.files.begin(), options.files.end());
  if (files.empty() && options.texts.empty()) {
    ws.problems.push_back(
        "error: no program files to load\n  hint: name .dkt files, or a docket.toml whose [program] lists files");
    return false;
  }
  // A file named twice (`docket test x.dkt` beside a docket.toml that lists x.dkt) is read once:
  // read twice, every name in it would be "declared twice".
  std::set<std::string> seen;
  for (const std::string& f : files) {
    std::error_code ec;
    const std::filesystem::path canonical = std::filesystem::weakly_canonical(f, ec);
    if (!seen.insert(ec ? f : canonical.string()).second) continue;
    std::string error;
    if (ws.sources.add_file(f, error) == 0) ws.problems.push_back("error: " + error);
  }
  for (const SourceText& t : options.texts) {
    if (t.text.size() > kMaxSourceBytes) {
      ws.problems.push_back(fmt::format("error: {}: the text is larger than {} MiB, the most docket reads as one source file",
                                        t.name, kMaxSourceBytes >> 20));
      continue;
    }
    ws.sources.add(t.name, t.text);
  }
  // Plugins that could not be loaded do not stop the check: the sources are checked without them.
  if (ws.problems.size() != ws.plugin_problems) return false;

  ws.compiled = true;
  std::optional<ir::Module> module = dsl::compile(ws.sources, ws.functions, ws.diagnostics);
  note_unloaded_plugins(ws);
  if (!module) return false;
  // The step budget: a decision whose worst case is above it is refused here (D0430), and every
  // evaluation stops beyond it (the run-time backstop).
  ws.step_budget = options.max_cost > 0 ? options.max_cost
                   : ws.config.max_cost > 0 ? ws.config.max_cost
                                            : ir::kDefaultStepBudget;
  if (!dsl::check_cost_budget(*module, ws.step_budget, ws.diagnostics)) return false;
  ws.program = Program::lower(std::move(*module), ws.functions, ws.diagnostics,
                              options.keep_source ? program_source(options, ws) : ProgramSource{},
                              LowerOptions{ws.step_budget});
  if (ws.program != nullptr && (!config_path.empty() || options.runs_workflows)) {
    check_calendar_names(ws, ws.program->module(), ws.diagnostics);
  }
  return ws.problems.empty() && ws.program != nullptr && !ws.diagnostics.has_errors();
}

bool resolve_zone(const std::string& option, const Workspace& ws, std::string& zone, std::string& error) {
  zone = option.empty() ? ws.config.zone : option;
  std::string why;
  if (is_known_zone(zone, why)) return true;
  error = "error: time zone: " + why + "\n  hint: use an IANA name such as Asia/Shanghai, or an offset such as +08:00";
  return false;
}

std::string problems_text(const Workspace& ws) {
  std::string out;
  for (const std::string& p : ws.problems) out += p + "\n";
  for (const Diagnostic& d : ws.diagnostics.all()) out += render_text(d, ws.sources);
  return out;
}

}  // namespace docket::host
