// End-to-end: `--eval` on run, test, simulate, explain and classify: every evaluator prints the same (jit when
// built with LLVM), jit is refused in a build without it.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <string>
#include <vector>

#include "cli_support.hpp"

namespace docket::testing {
namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

bool jit_built() {
#ifdef DOCKET_WITH_LLVM
  return true;
#else
  return false;
#endif
}

// The same command under each evaluator: the outputs must be identical, and the command must succeed.
void same_under_every_evaluator(const std::string& command, const std::string& must_contain) {
  CliRun reference = run(command + " --eval=interp", false);
  ASSERT_EQ(reference.exit_code, 0) << reference.output;
  EXPECT_TRUE(contains(reference.output, must_contain)) << reference.output;
  std::vector<const char*> modes{"compiled", "auto"};
  if (jit_built()) modes.push_back("jit");
  for (const char* mode : modes) {
    CliRun other = run(command + " --eval=" + mode, false);
    EXPECT_EQ(other.exit_code, 0) << mode;
    EXPECT_EQ(other.output, reference.output) << "--eval=" << mode;
  }
}

TEST(EvalCli, RunPrintsTheSameTraceWithItsExplanationsUnderEveryEvaluator) {
  same_under_every_evaluator(fmt::format("run --config {} {}", examples("95598/docket.toml"),
                                         examples("95598/scenarios/meter_install_A1.jsonl")),
                             "survey_team = ");
}

TEST(EvalCli, TestAndSimulateGiveTheSameResultsUnderEveryEvaluator) {
  same_under_every_evaluator(fmt::format("test --config {}", examples("95598/docket.toml")), "PASS");
  same_under_every_evaluator(fmt::format("simulate --config {} --profile {} --format json --tickets 300",
                                         examples("95598/docket.toml"), examples("95598/simulate.toml")),
                             "\"on_time");
}

TEST(EvalCli, ExplainAndClassifyAgreeUnderEveryEvaluator) {
  auto input = temp_file("eval_explain.json", R"({"c": {"id": "C7", "voltage_kv": 35, "tariff": "industrial",
      "dual_source": true, "important": true, "load_level": 1, "contract_kva": 630, "area": "rural"}})");
  same_under_every_evaluator(fmt::format("explain {} --decision segment --input @{}", examples("95598/customers.dkt"),
                                         input.string()),
                             "decision segment");
  auto csv = temp_file("eval_classify.csv",
                       "id,voltage_kv,tariff,dual_source,important,load_level,contract_kva,monthly_kwh,arrears_months,area\n"
                       "1,0.22,residential,false,false,1,8,300,0,urban\n"
                       "2,10,industrial,true,true,1,630,20000,4,rural\n"
                       "3,110,commercial,false,false,2,100,10000,1,urban\n"
                       "4,35,industrial,false,true,3,50000,0,13,rural\n");
  same_under_every_evaluator(fmt::format("classify {}/bench/classify.dkt {} --decision classify --threads 1",
                                         DOCKET_SOURCE_DIR, csv.string()),
                             "segment");
}

TEST(EvalCli, JitRunsWithLlvmIsRefusedWithoutItAndUnknownModesAreUsageErrors) {
  CliRun jit = run(fmt::format("test --config {} --eval=jit", examples("95598/docket.toml")));
  if (jit_built()) {
    EXPECT_EQ(jit.exit_code, 0) << jit.output;
    EXPECT_TRUE(contains(jit.output, "PASS")) << jit.output;
  } else {
    EXPECT_EQ(jit.exit_code, 2) << jit.output;
    EXPECT_TRUE(contains(jit.output, "built without the LLVM JIT (DOCKET_WITH_LLVM=OFF)")) << jit.output;
  }
  CliRun bad = run(fmt::format("test --config {} --eval=fast", examples("95598/docket.toml")));
  EXPECT_EQ(bad.exit_code, 2) << bad.output;
  EXPECT_TRUE(contains(bad.output, "`--eval` takes")) << bad.output;
}

}  // namespace
}  // namespace docket::testing
