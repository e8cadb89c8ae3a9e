// The `docket` command line: subcommands, options and exit codes (CLI11).
#include <CLI/CLI.hpp>
#include <algorithm>
#include <iostream>
#include <limits>
#include <string>
#include <vector>

#include "cli/color.hpp"
#include "cli/commands.hpp"
#include "cli/usage.hpp"
#include "serve/serve_command.hpp"

namespace {

void add_workspace_options(CLI::App& cmd, docket::cli::WorkspaceOptions& w) {
  cmd.add_option("--config,-c", w.config, "docket.toml to load (default: ./docket.toml when no files are given)")
      ->check(docket::cli::existing_file(false));
  cmd.add_option("--plugin", w.plugins, "load a plugin library (.so) in addition to the configured ones")
      ->check(docket::cli::existing_file(false))
      ->allow_extra_args(false);
}

// --format with its choices, refused in docket's words ("`--format` takes text or json, not `xml`").
CLI::Option* add_format(CLI::App& cmd, std::string& format, std::vector<std::string> choices, const std::string& help) {
  return cmd.add_option("--format", format, help)->check(docket::cli::one_of("--format", std::move(choices)));
}

// --eval=interp|compiled|jit|auto: which evaluator runs decisions (docs/evaluators.md).
void add_eval(CLI::App& cmd, docket::EvalMode& mode) {
  cmd.add_option_function<std::string>(
         "--eval",
         [&mode](const std::string& name) {
           if (auto m = docket::eval_mode_from_name(name)) mode = *m;
         },
         "evaluator: auto (default: the fastest this build has), compiled, interp (the reference) or jit")
      ->check(docket::cli::one_of("--eval", {"auto", "compiled", "interp", "jit"}));
}

}  // namespace

int main(int argc, char** argv) {
  using namespace docket::cli;
  CLI::App app{"docket — workflow rules engine for service operations", "docket"};
  app.set_version_flag("-V,--version", std::string("docket ") + DOCKET_VERSION);
  app.require_subcommand(1);
  app.footer("`docket help COMMAND` (or `docket COMMAND --help`) shows a command's arguments. Every FILE argument "
             "takes `-` for standard input.");
  // Taken out of the arguments before parsing (usage.cpp), so it goes anywhere; listed here for --help.
  std::string color_help;
  app.add_option("--color", color_help, "auto (default: on a terminal, unless NO_COLOR is set), always or never");

  CheckOptions check;
  CLI::App* check_cmd = app.add_subcommand("check", "Parse and check .dkt files; report every problem");
  add_workspace_options(*check_cmd, check.workspace);
  check_cmd->add_option("files", check.workspace.files, ".dkt files (added to the config's [program] files; - reads stdin)")
      ->check(existing_file(true));
  std::string check_format = "text";
  add_format(*check_cmd, check_format, {"text", "json"}, "text or json");
  check_cmd->add_option("--max-cost", check.workspace.max_cost,
                        "the budget of evaluation steps per call: refuse decisions whose worst case is above it "
                        "(default: [program] max_cost in docket.toml, else 100000000)");
  check_cmd->add_flag("--costs", check.costs, "print each decision's worst-case evaluation steps per call");

  RunOptions run;
  run.workspace.runs_workflows = true;
  CLI::App* run_cmd = app.add_subcommand("run", "Play a scenario of timed events through a workflow on a virtual clock");
  add_workspace_options(*run_cmd, run.workspace);
  add_eval(*run_cmd, run.eval);
  run_cmd->add_option("--file,-f", run.workspace.files, ".dkt file to load (added to the config's [program] files; - reads stdin)")
      ->check(existing_file(true))
      ->allow_extra_args(false);
  run_cmd->add_option("scenario", run.scenario, "JSON-lines file of timed events (- reads stdin)")
      ->required()
      ->check(existing_file(true));
  run_cmd->add_option("--zone", run.zone, "IANA time zone for times without an offset (default: [run] zone, else UTC)");
  std::string run_format = "text";
  add_format(*run_cmd, run_format, {"text", "json"}, "text or json (JSON lines, times in RFC 3339)");
  run_cmd->add_option("--store", run.store,
                      "SQLite file (created if missing) or postgresql:// URL that keeps every instance, its audit "
                      "trail and its actions (default: in memory); run the same command again to resume a run "
                      "that was stopped");
  run_cmd->add_option("--commit-every", run.commit_every, "events per commit with --store (default 1: every event)")
      ->check(CLI::PositiveNumber);

  AuditOptions audit;
  CLI::App* audit_cmd = app.add_subcommand("audit", "Print the instances and audit trails kept in a store");
  audit_cmd->add_option("store", audit.store, "SQLite file or postgresql:// URL written by `docket run --store` or a host")
      ->required();
  audit_cmd->add_option("--instance,-i", audit.instance, "only this instance");
  audit_cmd->add_option("--zone", audit.zone, "IANA time zone to print times in (default: the config's [run] zone, else UTC)");
  audit_cmd->add_option("--config,-c", audit.config, "docket.toml whose [run] zone times are printed in (default: ./docket.toml when present)")
      ->check(existing_file(false));
  std::string audit_format = "text";
  add_format(*audit_cmd, audit_format, {"text", "json"}, "text or json (JSON lines, times in RFC 3339)");

  OutboxOptions outbox;
  CLI::App* outbox_cmd = app.add_subcommand("outbox", "What a store owes the outside world: list actions, retry one, or give one up");
  std::string outbox_format = "text";
  for (const char* verb : {"list", "retry", "dead"}) {
    CLI::App* sub = outbox_cmd->add_subcommand(verb, verb == std::string("list") ? "list the actions and their delivery state"
                                                     : verb == std::string("retry") ? "attempt these actions again at the next delivery"
                                                                                   : "never attempt these actions again");
    sub->add_option("store", outbox.store, "SQLite file or postgresql:// URL")->required();
    if (verb == std::string("list")) {
      sub->add_option("--instance,-i", outbox.instance, "only this instance's actions");
      sub->add_option("--state", outbox.state, "only pending, failed, delivered or dead ones");
      add_format(*sub, outbox_format, {"text", "json"}, "text or json (JSON lines, times in RFC 3339)");
    } else {
      sub->add_option("keys", outbox.keys, "idempotency keys of the actions")->required();
    }
    sub->add_option("--zone", outbox.zone, "IANA time zone to print times in (default: UTC)");
    sub->callback([&outbox, verb] { outbox.action = verb; });
  }
  outbox_cmd->require_subcommand(1);

  DeployOptions deploy;
  CLI::App* deploy_cmd = app.add_subcommand("deploy", "Record the configuration's program as a version in a store (--list: the versions)");
  add_workspace_options(*deploy_cmd, deploy.workspace);
  deploy_cmd->add_option("--store", deploy.store, "SQLite file or postgresql:// URL")->required();
  deploy_cmd->add_flag("--list", deploy.list, "list the versions the store keeps, with their open instances");

  MigrateOptions migrate;
  CLI::App* migrate_cmd = app.add_subcommand("migrate", "Move running instances to another program version, when they fit it");
  add_workspace_options(*migrate_cmd, migrate.workspace);
  migrate_cmd->add_option("--store", migrate.store, "SQLite file or postgresql:// URL")->required();
  migrate_cmd->add_option("--instance,-i", migrate.instances, "an instance to move (repeatable)")->required();
  migrate_cmd->add_option("--to", migrate.to, "the version (default: the configuration's program, deployed when new)");

  TestOptions test;
  CLI::App* test_cmd = app.add_subcommand("test", "Run the program's `test` blocks and report each one");
  add_workspace_options(*test_cmd, test.workspace);
  add_eval(*test_cmd, test.eval);
  test.workspace.config_with_files = true;
  test_cmd->add_option("files", test.workspace.files,
                       ".dkt files (added to the files of --config, else of ./docket.toml when present; - reads stdin)")
      ->check(existing_file(true));
  std::string test_format = "text";
  add_format(*test_cmd, test_format, {"text", "json"}, "text or json (one JSON object per test and line)");

  SimulateOptions simulate;
  simulate.workspace.runs_workflows = true;
  CLI::App* sim_cmd = app.add_subcommand(
      "simulate", "SLA report over generated arrivals or recorded events; what-if under another definition or calendar");
  add_workspace_options(*sim_cmd, simulate.workspace);
  add_eval(*sim_cmd, simulate.eval);
  sim_cmd->add_option("--file,-f", simulate.workspace.files, ".dkt file to load (added to the config's [program] files; - reads stdin)")
      ->check(existing_file(true))
      ->allow_extra_args(false);
  sim_cmd->add_option("--profile", simulate.profile, "TOML file with a [simulate] table (default: docket.toml's)")
      ->check(existing_file(false));
  sim_cmd->add_option("--events", simulate.events, "JSON-lines file of recorded events (run's scenario format; - reads stdin)")
      ->check(existing_file(true));
  sim_cmd->add_option("--zone", simulate.zone, "IANA time zone for times without an offset (default: [run] zone)");
  sim_cmd->add_option("--tickets", simulate.tickets,
                      "scale every workflow's tickets_per_day so that the period totals about this many tickets");
  add_format(*sim_cmd, simulate.format, {"text", "json", "csv", "html"},
             "text, json, csv or html (one self-contained page with charts)");
  sim_cmd->add_option("--segment", simulate.segments,
                      "WORKFLOW=RULE: report segments by a field path or a decision on one, e.g. "
                      "meter_install=segment(app.customer) (repeatable; also without a profile, for --events)")
      ->allow_extra_args(false);
  sim_cmd->add_option("--what-if-config", simulate.what_if_config,
                      "another docket.toml (other calendars or files): report both runs and the difference")
      ->check(existing_file(false));
  sim_cmd->add_option("--what-if", simulate.what_if,
                      ".dkt file taking the place of the program file of the same name (repeatable)")
      ->check(existing_file(false))
      ->allow_extra_args(false);

  GraphOptions graph;
  CLI::App* graph_cmd = app.add_subcommand(
      "graph", "Draw workflows: steps, waits, splits, guards, events, deadlines, SLA scopes and escalation ladders");
  add_workspace_options(*graph_cmd, graph.workspace);
  graph_cmd->add_option("files", graph.workspace.files, ".dkt files (added to the config's [program] files; - reads stdin)")
      ->check(existing_file(true));
  graph_cmd->add_option("--workflow,-w", graph.workflows, "a workflow to draw (repeatable; default: every workflow)")
      ->allow_extra_args(false);
  add_format(*graph_cmd, graph.format, {"dot", "svg", "mermaid"}, "dot (default), svg (runs Graphviz's dot) or mermaid");
  graph_cmd->add_option("--output,-o", graph.output, "a folder to write one file per workflow into (default: stdout)");

  FmtOptions fmt_options;
  CLI::App* fmt_cmd = app.add_subcommand("fmt", "Print .dkt files in the canonical layout (comments kept, meaning unchanged)");
  fmt_cmd->add_option("paths", fmt_options.paths, ".dkt files, and directories to search for them (- reads stdin)")
      ->required()
      ->check(existing_file(true, true));
  CLI::Option* write_flag = fmt_cmd->add_flag("--write,-w", fmt_options.write, "rewrite the files in place");
  fmt_cmd->add_flag("--check", fmt_options.check, "list the files that are not formatted and exit 1 if any")
      ->excludes(write_flag);
  std::string fmt_format = "text";
  add_format(*fmt_cmd, fmt_format, {"text", "json"}, "with --check: text or json (the files that would change)");

  ImportOptions import_options;
  CLI::App* import_cmd = app.add_subcommand("import", "Write a DMN model's decision tables as .dkt, refusing what has no equivalent");
  import_cmd->add_option("model", import_options.model, "a .dmn file (DMN 1.1 to 1.5; - reads stdin)")
      ->required()
      ->check(existing_file(true));
  import_cmd->add_option("--output,-o", import_options.output, "the .dkt file to write (default: stdout)");
  import_cmd->add_option("--tests", import_options.tests, "a DMN TCK test-case file: its cases become `test` blocks")
      ->check(existing_file(true));
  import_cmd->add_option("--module", import_options.module, "the module's name (default: from the model's name)");
  import_cmd->add_flag("--partial", import_options.partial, "exit 0 when some decisions were refused (still reported)");

  ExplainOptions explain;
  CLI::App* explain_cmd =
      app.add_subcommand("explain", "Show why a decision answers as it does for one input, and why other rules did not fire");
  add_workspace_options(*explain_cmd, explain.workspace);
  add_eval(*explain_cmd, explain.eval);
  std::string explain_program;
  explain_cmd->add_option("program", explain_program, "a .dkt file (- reads stdin), a docket.toml, or a folder holding one")
      ->required()
      ->check(existing_file(true, true));
  explain_cmd->add_option("--decision,-d", explain.decision, "the decision or table to explain")->required();
  explain_cmd->add_option("--input,-i", explain.input, "JSON object with one member per parameter, or @FILE (@- reads stdin)")
      ->required();
  std::string explain_format = "text";
  add_format(*explain_cmd, explain_format, {"text", "json"}, "text or json");

  ClassifyOptions classify;
  CLI::App* classify_cmd =
      app.add_subcommand("classify", "Run a decision over every row of a CSV or JSON-lines file, streaming");
  add_workspace_options(*classify_cmd, classify.workspace);
  add_eval(*classify_cmd, classify.eval);
  std::string classify_program;
  classify_cmd->add_option("program", classify_program, "a .dkt file (- reads stdin), a docket.toml, or a folder holding one")
      ->required()
      ->check(existing_file(true, true));
  classify_cmd->add_option("input", classify.input, "INPUT.csv or INPUT.jsonl (- for stdin, with --input-format)")
      ->required();
  classify_cmd->add_option("--decision,-d", classify.decision, "the decision or table to run")->required();
  classify_cmd->add_option("--output,-o", classify.output, "output file (default: stdout)");
  add_format(*classify_cmd, classify.format, {"csv", "jsonl"}, "output format (default: from -o's extension, else csv)");
  classify_cmd->add_option("--input-format", classify.input_format, "input format (default: from its extension)")
      ->check(one_of("--input-format", {"csv", "jsonl"}));
  classify_cmd->add_option("--threads,-j", classify.threads, "worker threads (default: one per core)")
      ->check(CLI::Range(1U, 256U));
  classify_cmd->add_option("--max-errors", classify.max_errors,
                           "bad rows to report and leave out before stopping (default 0; -1: never stop)")
      ->check(CLI::Range(std::int64_t{-1}, std::numeric_limits<std::int64_t>::max()));
  classify_cmd->add_flag("--row-by-row", classify.row_by_row,
                         "evaluate one row at a time on values instead of column-wise batches (to compare)");
  classify_cmd->add_option("--id", classify.ids, "a column to carry to the output (repeatable; default: id)")
      ->allow_extra_args(false);
  classify_cmd
      ->add_option("--max-record-size", classify.max_record,
                   "the longest CSV record or JSON line, e.g. 4MiB or 65536 (default 1MiB); a longer one stops the run "
                   "with its line (an unclosed quote, usually)")
      ->transform(CLI::AsSizeValue(false))
      ->check(CLI::Range(std::size_t{64}, std::size_t{1} << 34));

  docket::serve::ServeOptions serve;
  CLI::App* serve_cmd = app.add_subcommand(
      "serve", "Run the engine as an HTTP/JSON service on the wall clock, with an SLA board (docs/serve.md)");
  serve_cmd->add_option("--config,-c", serve.config, "docket.toml to load (default: ./docket.toml)")
      ->check(docket::cli::existing_file(false));
  serve_cmd->add_option("--plugin", serve.plugins, "load a plugin library (.so) in addition to the configured ones")
      ->check(docket::cli::existing_file(false))
      ->allow_extra_args(false);
  serve_cmd->add_option("--store", serve.store, "SQLite file or postgresql:// URL (default: [store] location, else memory)");
  serve_cmd->add_option("--listen", serve.listen, "ADDRESS:PORT to listen on (default: [serve] listen, 127.0.0.1:8095; port 0: any)");
  serve_cmd->add_option("--zone", serve.zone, "IANA zone times are read and shown in (default: [run] zone)");
  serve_cmd
      ->add_option("--shared-lease", serve.shared_lease_ms,
                   "run as one of several processes on one PostgreSQL store, holding a lease of this many ms "
                   "(e.g. 5000); a process stalled past it is fenced off and the others take over its work")
      ->check(CLI::Range(100LL, 3600000LL));
  serve_cmd->add_option("--test-clock", serve.test_clock,
                        "for tests: the engine's clock starts at TIME (e.g. 2025-11-03T08:00) and moves only when "
                        "POST /v1/test/clock says so, instead of the wall clock");

  CLI::App* lsp_cmd = app.add_subcommand(
      "lsp", "Language server for editors: JSON-RPC (Language Server Protocol 3.17) on stdin and stdout");
  bool stdio = true;
  lsp_cmd->add_flag("--stdio", stdio, "talk over stdin and stdout (the only transport; accepted for clients that pass it)");

  std::vector<std::string> args(argv + 1, argv + argc);
  std::string usage_error;
  if (!prepare_arguments(app, args, usage_error)) {
    std::cerr << paint("error", Style::error, color_enabled(2)) << ": " << usage_error << "\n";
    return kExitUsage;
  }
  std::reverse(args.begin(), args.end());  // CLI11 takes a vector last argument first
  try {
    app.parse(args);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << usage_error_text(app, e);
    return kExitUsage;
  }
  // Standard input is read once: one argument may take it.
  const auto stdin_twice = [](bool first, bool second) {
    if (!(first && second)) return false;
    std::cerr << paint("error", Style::error, color_enabled(2))
              << ": standard input is read once: give `-` for one file argument only\n";
    return true;
  };
  const auto has_dash = [](const WorkspaceOptions& w) {
    return std::find(w.files.begin(), w.files.end(), "-") != w.files.end();
  };
  if (stdin_twice(has_dash(run.workspace), run.scenario == "-") ||
      stdin_twice(has_dash(simulate.workspace), simulate.events == "-") ||
      stdin_twice(classify_program == "-", classify.input == "-") ||
      stdin_twice(explain_program == "-", explain.input == "@-")) {
    return kExitUsage;
  }
  const auto stdin_files = [](WorkspaceOptions& w) {
    std::string error;
    if (take_standard_input(w, error)) return true;
    std::cerr << error << "\n";
    return false;
  };
  if (check_cmd->parsed()) {
    check.json = check_format == "json";
    return stdin_files(check.workspace) ? run_check(check) : kExitProblems;
  }
  if (fmt_cmd->parsed()) {
    fmt_options.json = fmt_format == "json";
    return run_fmt(fmt_options);
  }
  if (import_cmd->parsed()) return run_import(import_options);
  if (outbox_cmd->parsed()) {
    outbox.json = outbox_format == "json";
    return run_outbox(outbox);
  }
  if (deploy_cmd->parsed()) return stdin_files(deploy.workspace) ? run_deploy(deploy) : kExitProblems;
  if (migrate_cmd->parsed()) return stdin_files(migrate.workspace) ? run_migrate(migrate) : kExitProblems;
  if (graph_cmd->parsed()) return stdin_files(graph.workspace) ? run_graph(graph) : kExitProblems;
  if (lsp_cmd->parsed()) return run_lsp();
  if (serve_cmd->parsed()) return docket::serve::run_serve(serve);
  if (classify_cmd->parsed()) {
    add_program(classify.workspace, classify_program);
    return stdin_files(classify.workspace) ? run_classify(classify) : kExitProblems;
  }
  if (explain_cmd->parsed()) {
    add_program(explain.workspace, explain_program);
    explain.json = explain_format == "json";
    return stdin_files(explain.workspace) ? run_explain(explain) : kExitProblems;
  }
  if (test_cmd->parsed()) {
    test.json = test_format == "json";
    return stdin_files(test.workspace) ? run_test(test) : kExitProblems;
  }
  if (sim_cmd->parsed()) return stdin_files(simulate.workspace) ? run_simulate(simulate) : kExitProblems;
  if (audit_cmd->parsed()) {
    audit.json = audit_format == "json";
    return run_audit(audit);
  }
  run.json = run_format == "json";
  return stdin_files(run.workspace) ? run_run(run) : kExitProblems;
}
