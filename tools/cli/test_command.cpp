// `docket test`: run the program's `test` blocks and report each (text, or JSON lines); exit 1 when any fails.
#include <fmt/format.h>

#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/color.hpp"
#include "cli/commands.hpp"
#include "cli/value_json.hpp"
#include "cli/workspace_output.hpp"
#include "docket/core/test_runner.hpp"

namespace docket::cli {

namespace {

const char* result_word(TestStatus status) {
  switch (status) {
    case TestStatus::passed: return "PASS";
    case TestStatus::failed: return "FAIL";
    case TestStatus::skipped: return "SKIP";
  }
  return "?";
}

// {"file": "tests.dkt", "line": 12, "name": "...", "result": "FAIL", "message": "..."}: where is the line
// that failed or was skipped, or the test's name when it passed.
std::string result_json(const TestResult& r, const SourceSet& sources) {
  nlohmann::ordered_json j;
  if (r.where.valid() && r.where.file <= sources.size()) {
    const SourceFile& file = sources.file(r.where.file);
    j["file"] = file.name();
    j["line"] = file.line_column(r.where.begin).line;
  } else {
    j["file"] = nullptr;
    j["line"] = nullptr;
  }
  j["name"] = r.name;
  j["result"] = result_word(r.status);
  j["message"] = r.message;
  return json_text(j);
}

}  // namespace

int run_test(const TestOptions& options) {
  if (!eval_available(options.eval)) return kExitUsage;
  Workspace ws;
  bool ok = load_workspace(options.workspace, ws);
  print_diagnostics(ws, false);
  if (!ok) {
    std::cerr << "the program does not check: no test was run\n";
    return kExitProblems;
  }
  const bool color = !options.json && color_enabled(1);
  std::size_t passed = 0;
  std::size_t failed = 0;
  std::size_t skipped = 0;
  for (const TestResult& r : run_tests(ws.program, &ws.calendars, options.eval)) {
    passed += r.status == TestStatus::passed ? 1 : 0;
    failed += r.status == TestStatus::failed ? 1 : 0;
    skipped += r.status == TestStatus::skipped ? 1 : 0;
    if (options.json) {
      std::cout << result_json(r, ws.sources) << "\n";
      continue;
    }
    switch (r.status) {
      case TestStatus::passed:
        std::cout << fmt::format("{}  {}\n", paint("PASS", Style::pass, color), r.name);
        break;
      case TestStatus::skipped:
        std::cout << fmt::format("{}  {}: {}\n", paint("SKIP", Style::skip, color), r.name, r.message);
        break;
      case TestStatus::failed: {
        std::cout << fmt::format("{}  {}\n", paint("FAIL", Style::fail, color), r.name);
        Diagnostic d{Severity::error, "test", r.message, r.where, {}};
        std::cout << color_diagnostics(render_text(d, ws.sources), color);
        break;
      }
    }
  }
  if (options.json) return failed == 0 ? kExitOk : kExitProblems;
  std::size_t total = passed + failed + skipped;
  std::cout << fmt::format("{} test{}: {} passed, {} failed, {} skipped\n", total, total == 1 ? "" : "s", passed,
                           failed, skipped);
  return failed == 0 ? kExitOk : kExitProblems;
}

}  // namespace docket::cli
