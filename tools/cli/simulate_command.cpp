// `docket simulate`: an SLA report over generated arrivals or recorded events, and what-if replays.
#include <fmt/format.h>

#include <iostream>
#include <map>
#include <optional>

#include "cli/commands.hpp"
#include "cli/report/html_report.hpp"
#include "cli/scenario.hpp"
#include "cli/sim_events.hpp"
#include "cli/standard_input.hpp"
#include "cli/sim_format.hpp"
#include "cli/sim_profile.hpp"
#include "docket/core/calendar_spec.hpp"
#include "docket/core/clock.hpp"
#include "docket/core/sim_report.hpp"
#include "docket/dsl/compile.hpp"

namespace docket::cli {

namespace {

// A program and calendars to simulate on: the workspace's, or a what-if's.
struct Variant {
  SourceSet sources;
  Diagnostics diagnostics;
  std::shared_ptr<const Program> program;
  CalendarRegistry calendars;
};

// The what-if: the workspace with other calendars (--what-if-config) and/or program files
// (--what-if FILE.dkt takes the place of the program file of the same name).
bool load_what_if(const Workspace& ws, const SimulateOptions& options, Variant& v, std::string& error) {
  std::vector<std::string> files = ws.config.programs;
  if (!options.what_if_config.empty()) {
    Config other;
    if (!host::load_config(options.what_if_config, other, error)) return false;
    if (!other.programs.empty()) files = other.programs;  // no [program]: the workspace's files
    for (const CalendarSpec& spec : other.calendars) {
      std::optional<CalendarProvider> provider = make_calendar(spec, error);
      if (!provider) return false;
      provider->origin = options.what_if_config;
      (void)v.calendars.add(std::move(*provider));
    }
  }
  // Calendars the what-if config does not define (and plugin calendars) stay as they were.
  for (const std::string& name : ws.calendars.names()) {
    if (options.what_if_config.empty() || v.calendars.find(name) == nullptr) (void)v.calendars.add(*ws.calendars.find(name));
  }
  files.insert(files.end(), options.workspace.files.begin(), options.workspace.files.end());
  for (const std::string& replacement : options.what_if) {
    std::string name = std::filesystem::path(replacement).filename().string();
    bool replaced = false;
    for (std::string& f : files) {
      if (std::filesystem::path(f).filename().string() == name) {
        f = replacement;
        replaced = true;
      }
    }
    if (!replaced) {
      std::string names;
      for (const std::string& f : files) names += (names.empty() ? "" : ", ") + std::filesystem::path(f).filename().string();
      error = fmt::format("error: --what-if {}: no program file is named {}\n  hint: a what-if file takes the place of "
                          "the program file with the same name ({})",
                          replacement, name, names);
      return false;
    }
  }
  for (const std::string& f : files) {
    if (v.sources.add_file(f, error) == 0) {
      error = "error: " + error;
      return false;
    }
  }
  std::optional<ir::Module> module = dsl::compile(v.sources, ws.functions, v.diagnostics);
  if (module && dsl::check_cost_budget(*module, ws.step_budget, v.diagnostics)) {
    v.program = Program::lower(std::move(*module), ws.functions, v.diagnostics, {}, LowerOptions{ws.step_budget});
  }
  if (v.program == nullptr || v.diagnostics.has_errors()) {
    for (const Diagnostic& d : v.diagnostics.all()) std::cerr << render_text(d, v.sources);
    error = "error: the what-if program has errors (above)";
    return false;
  }
  return true;
}

class Simulation {
 public:
  Simulation(const SimulateOptions& options, std::string zone, std::string profile)
      : options_(options), zone_(std::move(zone)), profile_(std::move(profile)) {}

  // Reads --segment and the recorded events once (their times do not depend on the program).
  bool prepare(std::string& error) {
    for (const std::string& text : options_.segments) {
      std::size_t eq = text.find('=');
      std::optional<sim::SegmentRule> rule =
          eq == std::string::npos ? std::nullopt : sim::parse_segment_rule(std::string_view(text).substr(eq + 1));
      if (!rule) {
        error = fmt::format("error: --segment {}: write WORKFLOW=RULE, where RULE is a field path of the workflow's "
                            "arguments or a decision on one\n  hint: --segment meter_install=segment(app.customer), "
                            "--segment fault_repair=f.customer.area",
                            text);
        return false;
      }
      segments_[text.substr(0, eq)] = std::move(*rule);
    }
    if (options_.events.empty()) return true;
    return load_scenario(options_.events, zone_, events_, error);
  }

  // Runs the profile or the events on one program; nullopt with `error` on a problem.
  std::optional<sim::Result> run(const std::shared_ptr<const Program>& program, const CalendarRegistry& calendars,
                                 std::string& error) {
    sim::Profile profile;
    if (!profile_.empty() && !load_profile(profile_, *program, zone_, profile, info_, error)) return std::nullopt;
    if (options_.tickets > 0) scale(profile);
    for (sim::WorkflowPlan& plan : profile.workflows) {
      if (auto it = segments_.find(plan.workflow); it != segments_.end()) plan.segment = it->second;
    }
    for (const auto& [workflow, rule] : segments_) {
      try {
        sim::check_segment_rule(*program, workflow, rule);
      } catch (const sim::SimError& e) {
        error = fmt::format("error: --segment {}: {}", workflow, e.what());
        return std::nullopt;
      }
    }
    try {
      if (options_.events.empty()) return sim::simulate(program, &calendars, profile, options_.eval);
      sim::Recording recording;
      if (!to_recording(options_.events, events_, *program, recording, error)) return std::nullopt;
      for (const sim::WorkflowPlan& plan : profile.workflows) recording.segments[plan.workflow] = plan.segment;
      for (const auto& [workflow, rule] : segments_) recording.segments[workflow] = rule;
      return sim::replay(program, &calendars, recording, options_.eval);
    } catch (const sim::SimError& e) {
      error = fmt::format("{}: error: {}", options_.events.empty() ? profile_ : shown_name(options_.events), e.what());
    } catch (const std::exception& e) {
      error = fmt::format("error: the simulation stopped: {}", e.what());
    }
    return std::nullopt;
  }

  [[nodiscard]] std::string about() const {
    if (!options_.events.empty()) return fmt::format("events {}", shown_name(options_.events));
    std::string scaled = options_.tickets > 0 ? fmt::format(", scaled to about {} tickets", options_.tickets) : "";
    return fmt::format("profile {}, {} days from {}, seed {}{}", profile_, info_.days, info_.start, info_.seed, scaled);
  }

 private:
  // --tickets N: every workflow's rate times N / (the profile's own expected total).
  void scale(sim::Profile& profile) const {
    double total = 0;
    for (const sim::WorkflowPlan& w : profile.workflows) total += w.tickets_per_day * static_cast<double>(profile.days.size());
    if (total <= 0) return;
    for (sim::WorkflowPlan& w : profile.workflows) w.tickets_per_day *= static_cast<double>(options_.tickets) / total;
  }

  const SimulateOptions& options_;
  std::string zone_;
  std::string profile_;
  std::vector<ScenarioEvent> events_;
  std::map<std::string, sim::SegmentRule, std::less<>> segments_;  // --segment, by workflow
  ProfileInfo info_;
};

// The HTML page, with the (base) program's workflows drawn by Graphviz.
int print_html(const Program& program, const std::string& about, const sim::Report* report,
               const sim::Comparison* comparison, const std::string& what_if) {
  report::HtmlReport page;
  page.about = about;
  page.base = comparison != nullptr ? &comparison->base : report;
  page.comparison = comparison;
  page.what_if = what_if;
  for (std::size_t i = 0; i < program.module().workflows.size(); ++i) {
    const ir::Workflow& wf = program.module().workflows[i];
    std::string error;
    std::optional<std::string> svg = draw_workflow(program, i, "svg", error);
    if (!svg) {
      std::cerr << error << "\n  (the HTML report draws every workflow; --format json, csv or text need no Graphviz)\n";
      return kExitProblems;
    }
    page.pictures.push_back(report::WorkflowPicture{wf.name, wf.label, std::move(*svg)});
  }
  report::write_html_report(std::cout, page);
  return kExitOk;
}

}  // namespace

int run_simulate(const SimulateOptions& options) {
  if (!eval_available(options.eval)) return kExitUsage;
  Workspace ws;
  std::string zone;
  if (!load_timed_workspace(options.workspace, options.zone, ws, zone)) return kExitProblems;
  std::string profile = options.profile;
  if (profile.empty() && !ws.config.file.empty() && has_profile(ws.config.file)) profile = ws.config.file.string();
  if (profile.empty() && options.events.empty()) {
    std::cerr << "error: nothing to simulate\n  hint: give --profile FILE.toml or --events FILE.jsonl, or add a "
                 "[simulate] table to docket.toml (docs/simulate.md)\n";
    return kExitUsage;
  }
  const ReportFormat format = options.format == "json" ? ReportFormat::json
                              : options.format == "csv" ? ReportFormat::csv
                                                        : ReportFormat::text;
  Simulation simulation(options, zone, profile);
  std::string error;
  if (!simulation.prepare(error)) {
    std::cerr << error << "\n";
    return kExitProblems;
  }
  std::optional<sim::Result> base = simulation.run(ws.program, ws.calendars, error);
  if (!base) {
    std::cerr << error << "\n";
    return kExitProblems;
  }
  if (options.what_if_config.empty() && options.what_if.empty()) {
    const sim::Report report = sim::summarize(*ws.program, *base, zone);
    if (options.format == "html") return print_html(*ws.program, simulation.about(), &report, nullptr, "");
    print_report(std::cout, format, simulation.about(), report);
    return kExitOk;
  }
  Variant what_if;
  if (!load_what_if(ws, options, what_if, error)) {
    std::cerr << error << "\n";
    return kExitProblems;
  }
  std::optional<sim::Result> changed = simulation.run(what_if.program, what_if.calendars, error);
  if (!changed) {
    std::cerr << "what-if: " << error << "\n";
    return kExitProblems;
  }
  std::string described;
  if (!options.what_if_config.empty()) described = "config " + options.what_if_config;
  for (const std::string& f : options.what_if) described += (described.empty() ? "" : ", ") + f;
  const sim::Comparison comparison = sim::compare(*ws.program, *base, *what_if.program, *changed, zone);
  if (options.format == "html") return print_html(*ws.program, simulation.about(), nullptr, &comparison, described);
  print_comparison(std::cout, format, simulation.about(), described, comparison);
  return kExitOk;
}

}  // namespace docket::cli
