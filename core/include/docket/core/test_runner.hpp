// Runs the analysts' `test` blocks of a program: decisions evaluated, scenarios on a virtual clock.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "docket/core/eval_mode.hpp"
#include "docket/core/extensions.hpp"
#include "docket/core/program.hpp"
#include "docket/core/source.hpp"

namespace docket {

enum class TestStatus : std::uint8_t { passed, failed, skipped };

struct TestResult {
  std::string name;
  TestStatus status = TestStatus::passed;
  std::string message;  // why it failed or was skipped
  SourceRange where;    // the line that failed or was skipped; the test's name when it passed
};

// Each test runs on its own engine and virtual clock, which starts at the test's `at` line or else
// at 2026-01-01T00:00Z. `calendars` (may be null) serve business deadlines and `advance N
// workdays` on the started workflow's calendar. Lines that need what is not there (a calendar
// that is not loaded, SLA escalations) make the test skipped with the reason, never passed.
// `mode` picks the evaluator of the tests' expressions and of their engines.
[[nodiscard]] std::vector<TestResult> run_tests(const std::shared_ptr<const Program>& program,
                                                const CalendarRegistry* calendars = nullptr,
                                                EvalMode mode = EvalMode::automatic);

}  // namespace docket
