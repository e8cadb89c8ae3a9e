// `docket test`: run the program's `test` blocks and report each; exit 1 when any fails.
#include <fmt/format.h>

#include <iostream>

#include "cli/commands.hpp"
#include "cli/workspace_output.hpp"
#include "docket/core/test_runner.hpp"

namespace docket::cli {

int run_test(const TestOptions& options) {
  Workspace ws;
  bool ok = load_workspace(options.workspace, ws);
  print_diagnostics(ws, false);
  if (!ok) {
    std::cerr << "the program does not check: no test was run\n";
    return kExitProblems;
  }
  std::size_t passed = 0;
  std::size_t failed = 0;
  std::size_t skipped = 0;
  for (const TestResult& r : run_tests(ws.program, &ws.calendars)) {
    switch (r.status) {
      case TestStatus::passed:
        ++passed;
        std::cout << fmt::format("PASS  {}\n", r.name);
        break;
      case TestStatus::skipped:
        ++skipped;
        std::cout << fmt::format("SKIP  {}: {}\n", r.name, r.message);
        break;
      case TestStatus::failed: {
        ++failed;
        std::cout << fmt::format("FAIL  {}\n", r.name);
        Diagnostic d{Severity::error, "test", r.message, r.where, {}};
        std::cout << render_text(d, ws.sources);
        break;
      }
    }
  }
  std::size_t total = passed + failed + skipped;
  std::cout << fmt::format("{} test{}: {} passed, {} failed, {} skipped\n", total, total == 1 ? "" : "s", passed,
                           failed, skipped);
  return failed == 0 ? kExitOk : kExitProblems;
}

}  // namespace docket::cli
