// The subcommands of `docket` and their options (parsed in main.cpp with CLI11).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cli/workspace_output.hpp"
#include "docket/core/eval_mode.hpp"

namespace docket::cli {

// Exit codes: 0 success, 1 the input has problems (or a run failed), 2 usage errors.
inline constexpr int kExitOk = 0;
inline constexpr int kExitProblems = 1;
inline constexpr int kExitUsage = 2;
// `docket classify` only: 3 the input was read to its end but some rows were bad (left out),
// 4 it stopped early because more rows than --max-errors were bad.
inline constexpr int kExitSomeRows = 3;
inline constexpr int kExitStopped = 4;

// False, with the reason on stderr, when this build lacks the evaluator `--eval` asked for (jit
// without DOCKET_WITH_LLVM); the command then exits kExitUsage.
bool eval_available(EvalMode mode);

struct CheckOptions {
  WorkspaceOptions workspace;
  bool json = false;
  bool costs = false;           // print each decision's worst-case cost
};
int run_check(const CheckOptions& options);

struct RunOptions {
  EvalMode eval = EvalMode::automatic;  // --eval: the evaluator of decisions and expressions
  WorkspaceOptions workspace;
  std::string scenario;   // JSONL file of timed events ("-": stdin)
  std::string zone;       // overrides the config's [run] zone
  bool json = false;      // print the trace as JSON lines
  std::string store;      // SQLite file or postgresql:// URL keeping instances, trails and actions (default: memory)
  std::size_t commit_every = 1;  // events per commit (group commit)
};
int run_run(const RunOptions& options);

struct AuditOptions {
  std::string store;                  // SQLite file or postgresql:// URL written by `docket run --store` or a host
  std::optional<std::uint64_t> instance;  // one instance; default: all
  std::string zone;                   // for printing times; default: the config's [run] zone, else UTC
  std::string config;                 // docket.toml for the zone; default: ./docket.toml when present
  bool json = false;
};
int run_audit(const AuditOptions& options);

struct OutboxOptions {
  std::string action = "list";        // list, retry or dead
  std::string store;
  std::vector<std::string> keys;      // retry, dead: the actions' idempotency keys
  std::uint64_t instance = 0;         // list: one instance's (0: all)
  std::string state;                  // list: only this state
  std::string zone = "UTC";
  bool json = false;
};
int run_outbox(const OutboxOptions& options);

struct DeployOptions {
  WorkspaceOptions workspace;
  std::string store;
  bool list = false;  // list the versions instead
};
int run_deploy(const DeployOptions& options);

struct MigrateOptions {
  WorkspaceOptions workspace;
  std::string store;
  std::vector<std::uint64_t> instances;
  std::uint32_t to = 0;  // 0: the configuration's program
};
int run_migrate(const MigrateOptions& options);

struct TestOptions {
  EvalMode eval = EvalMode::automatic;  // --eval: the evaluator of decisions and expressions
  WorkspaceOptions workspace;
  bool json = false;  // one JSON object per test and line: file, line, name, result, message
};
int run_test(const TestOptions& options);

struct ExplainOptions {
  EvalMode eval = EvalMode::automatic;  // --eval: the evaluator of decisions and expressions
  WorkspaceOptions workspace;
  std::string decision;
  std::string input;      // a JSON object, one member per parameter; "@FILE" reads it from FILE ("@-": stdin)
  bool json = false;      // print the explanation as JSON
};
// Exit 0 when the decision answered, 1 when it failed (the explanation says why) or the input is bad.
int run_explain(const ExplainOptions& options);

struct ClassifyOptions {
  EvalMode eval = EvalMode::automatic;  // --eval: the evaluator of decisions and expressions
  WorkspaceOptions workspace;
  std::string decision;
  std::string input;              // .csv or .jsonl; "-" is stdin (then --input-format)
  std::string input_format;       // "csv", "jsonl", or "" (from the input's extension)
  std::string output;             // "" or "-": stdout
  std::string format;             // "csv", "jsonl", or "" (from the output's extension, else csv)
  unsigned threads = 0;           // workers; 0: one per core
  std::int64_t max_errors = 0;    // bad rows tolerated before stopping; -1: never stop
  std::vector<std::string> ids;   // columns carried to the output (default: `id` when present)
  bool row_by_row = false;        // one evaluation per row on values, never the batch API (for comparison)
  std::size_t max_record = std::size_t{1} << 20;  // the longest CSV record or JSON line, in bytes
};
// Exit 0 when every row was classified; 1 when nothing could start; 3 and 4 as above.
int run_classify(const ClassifyOptions& options);
struct SimulateOptions {
  EvalMode eval = EvalMode::automatic;  // --eval: the evaluator of decisions and expressions
  WorkspaceOptions workspace;
  std::string profile;                // TOML with a [simulate] table; default: docket.toml's
  std::string events;                 // JSONL of recorded events (run's scenario format, many tickets)
  std::string zone;                   // overrides the config's [run] zone
  std::string format = "text";        // text, json, csv or html
  std::uint64_t tickets = 0;          // >0: scale every tickets_per_day so the period totals about this many
  std::string what_if_config;         // another docket.toml (other calendars or program files)
  std::vector<std::string> what_if;   // .dkt files taking the place of program files of the same name
  std::vector<std::string> segments;  // WORKFLOW=RULE: the report's segments (a profile's `segment`), also for --events
};
int run_simulate(const SimulateOptions& options);

struct GraphOptions {
  WorkspaceOptions workspace;
  std::vector<std::string> workflows;  // names to draw; empty: every workflow
  std::string format = "dot";          // dot, svg or mermaid
  std::string output;                  // a folder: one file per workflow (NAME.dot, .svg, .mmd); empty: stdout
};
int run_graph(const GraphOptions& options);
// One workflow's picture in `format` (dot, svg or mermaid); nullopt with `error` when SVG rendering fails.
std::optional<std::string> draw_workflow(const Program& program, std::size_t index, const std::string& format,
                                         std::string& error);

struct FmtOptions {
  std::vector<std::string> paths;   // .dkt files, and directories searched for them
  bool write = false;               // rewrite files in place instead of printing them
  bool check = false;               // list the files that are not formatted; exit 1 if any
  bool json = false;                // with check: {"unformatted": [...], "checked": N} on stdout
};
int run_fmt(const FmtOptions& options);

struct ImportOptions {
  std::string model;    // the .dmn file ("-": stdin)
  std::string tests;    // a DMN TCK test-case file whose cases become `test` blocks ("" none)
  std::string output;   // the .dkt to write ("" or "-": stdout)
  std::string module;   // the module's name ("" from the model's name)
  bool partial = false; // exit 0 when some decisions were refused (they are still reported)
};
// Exit 0 when everything was imported (or --partial), 1 when something was refused or the file is not DMN.
int run_import(const ImportOptions& options);

// `docket lsp`: the language server over stdin and stdout (tools/lsp). Exit 0 after the client's
// shutdown and exit, 1 when the input ends first.
int run_lsp();

}  // namespace docket::cli
