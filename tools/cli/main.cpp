// The `docket` command line: subcommands, options and exit codes (CLI11).
#include <CLI/CLI.hpp>
#include <iostream>
#include <limits>

#include "cli/commands.hpp"

namespace {

void add_workspace_options(CLI::App& cmd, docket::cli::WorkspaceOptions& w) {
  cmd.add_option("--config,-c", w.config, "docket.toml to load (default: ./docket.toml when no files are given)")
      ->check(CLI::ExistingFile);
  cmd.add_option("--plugin", w.plugins, "load a plugin library (.so) in addition to the configured ones")
      ->check(CLI::ExistingFile)
      ->allow_extra_args(false);
}

}  // namespace

int main(int argc, char** argv) {
  using namespace docket::cli;
  CLI::App app{"docket — workflow rules engine for service operations"};
  app.set_version_flag("--version", std::string("docket ") + DOCKET_VERSION);
  app.require_subcommand(1);

  CheckOptions check;
  CLI::App* check_cmd = app.add_subcommand("check", "Parse and check .dkt files; report every problem");
  add_workspace_options(*check_cmd, check.workspace);
  check_cmd->add_option("files", check.workspace.files, ".dkt files (added to the config's [program] files)")
      ->check(CLI::ExistingFile);
  std::string check_format = "text";
  check_cmd->add_option("--format", check_format, "text or json")->check(CLI::IsMember({"text", "json"}));
  check_cmd->add_option("--max-cost", check.workspace.max_cost,
                        "the budget of evaluation steps per call: refuse decisions whose worst case is above it "
                        "(default: [program] max_cost in docket.toml, else 100000000)");
  check_cmd->add_flag("--costs", check.costs, "print each decision's worst-case evaluation steps per call");

  RunOptions run;
  run.workspace.runs_workflows = true;
  CLI::App* run_cmd = app.add_subcommand("run", "Play a scenario of timed events through a workflow on a virtual clock");
  add_workspace_options(*run_cmd, run.workspace);
  run_cmd->add_option("--file,-f", run.workspace.files, ".dkt file to load (added to the config's [program] files)")
      ->check(CLI::ExistingFile)
      ->allow_extra_args(false);
  run_cmd->add_option("scenario", run.scenario, "JSON-lines file of timed events")->required()->check(CLI::ExistingFile);
  run_cmd->add_option("--zone", run.zone, "IANA time zone for times without an offset (default: [run] zone, else UTC)");
  std::string run_format = "text";
  run_cmd->add_option("--format", run_format, "text or json")->check(CLI::IsMember({"text", "json"}));
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
  audit_cmd->add_option("--zone", audit.zone, "IANA time zone to print times in (default: UTC)");
  std::string audit_format = "text";
  audit_cmd->add_option("--format", audit_format, "text or json")->check(CLI::IsMember({"text", "json"}));

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
      sub->add_option("--format", outbox_format, "text or json")->check(CLI::IsMember({"text", "json"}));
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
  test_cmd->add_option("files", test.workspace.files, ".dkt files (added to the config's [program] files)")
      ->check(CLI::ExistingFile);

  SimulateOptions simulate;
  simulate.workspace.runs_workflows = true;
  CLI::App* sim_cmd = app.add_subcommand(
      "simulate", "SLA report over generated arrivals or recorded events; what-if under another definition or calendar");
  add_workspace_options(*sim_cmd, simulate.workspace);
  sim_cmd->add_option("--file,-f", simulate.workspace.files, ".dkt file to load (added to the config's [program] files)")
      ->check(CLI::ExistingFile)
      ->allow_extra_args(false);
  sim_cmd->add_option("--profile", simulate.profile, "TOML file with a [simulate] table (default: docket.toml's)")
      ->check(CLI::ExistingFile);
  sim_cmd->add_option("--events", simulate.events, "JSON-lines file of recorded events (run's scenario format)")
      ->check(CLI::ExistingFile);
  sim_cmd->add_option("--zone", simulate.zone, "IANA time zone for times without an offset (default: [run] zone)");
  sim_cmd->add_option("--tickets", simulate.tickets,
                      "scale every workflow's tickets_per_day so that the period totals about this many tickets");
  sim_cmd->add_option("--format", simulate.format, "text, json, csv or html (one self-contained page with charts)")
      ->check(CLI::IsMember({"text", "json", "csv", "html"}));
  sim_cmd->add_option("--segment", simulate.segments,
                      "WORKFLOW=RULE: report segments by a field path or a decision on one, e.g. "
                      "meter_install=segment(app.customer) (repeatable; also without a profile, for --events)")
      ->allow_extra_args(false);
  sim_cmd->add_option("--what-if-config", simulate.what_if_config,
                      "another docket.toml (other calendars or files): report both runs and the difference")
      ->check(CLI::ExistingFile);
  sim_cmd->add_option("--what-if", simulate.what_if,
                      ".dkt file taking the place of the program file of the same name (repeatable)")
      ->check(CLI::ExistingFile)
      ->allow_extra_args(false);

  GraphOptions graph;
  CLI::App* graph_cmd = app.add_subcommand(
      "graph", "Draw workflows: steps, waits, splits, guards, events, deadlines, SLA scopes and escalation ladders");
  add_workspace_options(*graph_cmd, graph.workspace);
  graph_cmd->add_option("files", graph.workspace.files, ".dkt files (added to the config's [program] files)")
      ->check(CLI::ExistingFile);
  graph_cmd->add_option("--workflow,-w", graph.workflows, "a workflow to draw (repeatable; default: every workflow)")
      ->allow_extra_args(false);
  graph_cmd->add_option("--format", graph.format, "dot (default), svg (runs Graphviz's dot) or mermaid")
      ->check(CLI::IsMember({"dot", "svg", "mermaid"}));
  graph_cmd->add_option("--output,-o", graph.output, "a folder to write one file per workflow into (default: stdout)");

  FmtOptions fmt_options;
  CLI::App* fmt_cmd = app.add_subcommand("fmt", "Print .dkt files in the canonical layout (comments kept, meaning unchanged)");
  fmt_cmd->add_option("paths", fmt_options.paths, ".dkt files, and directories to search for them")
      ->required()
      ->check(CLI::ExistingPath);
  CLI::Option* write_flag = fmt_cmd->add_flag("--write,-w", fmt_options.write, "rewrite the files in place");
  fmt_cmd->add_flag("--check", fmt_options.check, "list the files that are not formatted and exit 1 if any")
      ->excludes(write_flag);

  ExplainOptions explain;
  CLI::App* explain_cmd =
      app.add_subcommand("explain", "Show why a decision answers as it does for one input, and why other rules did not fire");
  add_workspace_options(*explain_cmd, explain.workspace);
  std::string explain_program;
  explain_cmd->add_option("program", explain_program, "a .dkt file, a docket.toml, or a folder holding one")
      ->required()
      ->check(CLI::ExistingPath);
  explain_cmd->add_option("--decision,-d", explain.decision, "the decision or table to explain")->required();
  explain_cmd->add_option("--input,-i", explain.input, "JSON object with one member per parameter, or @FILE")
      ->required();
  std::string explain_format = "text";
  explain_cmd->add_option("--format", explain_format, "text or json")->check(CLI::IsMember({"text", "json"}));

  ClassifyOptions classify;
  CLI::App* classify_cmd =
      app.add_subcommand("classify", "Run a decision over every row of a CSV or JSON-lines file, streaming");
  add_workspace_options(*classify_cmd, classify.workspace);
  std::string classify_program;
  classify_cmd->add_option("program", classify_program, "a .dkt file, a docket.toml, or a folder holding one")
      ->required()
      ->check(CLI::ExistingPath);
  classify_cmd->add_option("input", classify.input, "INPUT.csv or INPUT.jsonl (- for stdin, with --input-format)")
      ->required();
  classify_cmd->add_option("--decision,-d", classify.decision, "the decision or table to run")->required();
  classify_cmd->add_option("--output,-o", classify.output, "output file (default: stdout)");
  classify_cmd->add_option("--format", classify.format, "output format (default: from -o's extension, else csv)")
      ->check(CLI::IsMember({"csv", "jsonl"}));
  classify_cmd->add_option("--input-format", classify.input_format, "input format (default: from its extension)")
      ->check(CLI::IsMember({"csv", "jsonl"}));
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

  CLI::App* lsp_cmd = app.add_subcommand(
      "lsp", "Language server for editors: JSON-RPC (Language Server Protocol 3.17) on stdin and stdout");
  bool stdio = true;
  lsp_cmd->add_flag("--stdio", stdio, "talk over stdin and stdout (the only transport; accepted for clients that pass it)");

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kExitUsage;
  }
  if (check_cmd->parsed()) {
    check.json = check_format == "json";
    return run_check(check);
  }
  if (fmt_cmd->parsed()) return run_fmt(fmt_options);
  if (outbox_cmd->parsed()) {
    outbox.json = outbox_format == "json";
    return run_outbox(outbox);
  }
  if (deploy_cmd->parsed()) return run_deploy(deploy);
  if (migrate_cmd->parsed()) return run_migrate(migrate);
  if (graph_cmd->parsed()) return run_graph(graph);
  if (lsp_cmd->parsed()) return run_lsp();
  if (classify_cmd->parsed()) {
    add_program(classify.workspace, classify_program);
    return run_classify(classify);
  }
  if (explain_cmd->parsed()) {
    add_program(explain.workspace, explain_program);
    explain.json = explain_format == "json";
    return run_explain(explain);
  }
  if (test_cmd->parsed()) return run_test(test);
  if (sim_cmd->parsed()) return run_simulate(simulate);
  if (audit_cmd->parsed()) {
    audit.json = audit_format == "json";
    return run_audit(audit);
  }
  run.json = run_format == "json";
  return run_run(run);
}
