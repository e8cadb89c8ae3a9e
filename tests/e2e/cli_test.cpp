// End-to-end tests: run the real `docket` binary and assert on its output and exit codes.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "cli_support.hpp"

namespace {

using namespace docket::testing;

TEST(Cli, ChecksTheExampleProgramCleanly) {
  CliRun r = run("check --config " + examples("95598/docket.toml"));
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("checked 7 files: 0 errors, 0 warnings"), std::string::npos) << r.output;
}

TEST(Cli, RunsTheExampleTests) {
  CliRun r = run("test --config " + examples("95598/docket.toml"));
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("PASS  a fixed fault is called back and closed"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("15 tests: 15 passed, 0 failed, 0 skipped"), std::string::npos) << r.output;
}

TEST(Cli, AFailingTestExitsOneAndShowsTheLine) {
  CliRun r = run("test " + examples("../tests/golden/test/install_tests.dkt"));
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find("FAIL  urban takes five days"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("the left side is 5, the right side is 4"), std::string::npos) << r.output;
}

TEST(Cli, RunsTheMeterInstallationToItsEnd) {
  CliRun r = run(fmt::format("run --config {} {}", examples("95598/docket.toml"),
                          examples("95598/scenarios/meter_install_A1.jsonl")));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  // The plugin's district lookup picked the surveyors for a Pudong address.
  EXPECT_NE(r.output.find("role field_crew_east"), std::string::npos) << r.output;
  // The wait for the customer was entered and left by events.
  EXPECT_NE(r.output.find("survey -> waiting_customer (on event customer_pending)"), std::string::npos) << r.output;
  // The action went out with an idempotency key.
  EXPECT_NE(r.output.find("site.schedule_meter(\"A1\")"), std::string::npos) << r.output;
  // The site_schedule_meter plugin carried the action out through the outbox.
  EXPECT_NE(r.output.find("delivered        site.schedule_meter 1:install:1 attempt 1"), std::string::npos)
      << r.output;
  // Energised at 14:30 on Friday; the revisit is due within 24h and is missed at exactly 14:30 on Saturday.
  EXPECT_NE(r.output.find("2025-10-11 14:30 (Sat)  A1   deadline missed  revisit"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("A1: meter_install finished at `done`"), std::string::npos) << r.output;
}

TEST(Cli, RunPrintsJsonLinesOnRequest) {
  CliRun r = run(fmt::format("run --format json --config {} {}", examples("95598/docket.toml"),
                          examples("95598/scenarios/meter_install_A1.jsonl")));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(r.output.rfind("{\"at\":", 0), 0u) << r.output;
  EXPECT_NE(r.output.find("\"kind\":\"ended\""), std::string::npos) << r.output;
}

TEST(Cli, CheckReportsErrorsWithPositionAndExitsOne) {
  auto file = temp_file("bad.dkt", "module m\nrecord R { x : nmber }\n");
  CliRun r = run("check " + file.string());
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find("bad.dkt:2:16: error[D0203]: unknown type `nmber`"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("did you mean `number`?"), std::string::npos) << r.output;
}

TEST(Cli, CheckJsonIsMachineReadable) {
  auto file = temp_file("bad_json.dkt", "module m\nrecord R { x : nmber }\n");
  CliRun r = run("check --format json " + file.string());
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.output.find("\"code\": \"D0203\""), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("\"line\": 2"), std::string::npos) << r.output;
}

TEST(Cli, MissingPluginIsNamedWithTheFix) {
  auto toml = temp_file("docket.toml", "[program]\nfiles = []\n[plugins]\ndirectories = [\".\"]\nload = [\"no_such_plugin\"]\n");
  CliRun r = run("check --config " + toml.string() + " " + examples("95598/customers.dkt"));
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find("plugin `no_such_plugin` not found"), std::string::npos) << r.output;
}

std::string plugin_section(const std::string& extra) {
  return fmt::format("[program]\nfiles = []\n[plugins]\ndirectories = [\"{}\"]\nload = [\"site_district\"]\n{}",
                     DOCKET_PLUGIN_DIR, extra);
}

TEST(Cli, APinnedPluginWithAnotherHashIsRefusedWithBothHashes) {
  auto toml = temp_file("pinned.toml", plugin_section("[plugins.sha256]\nsite_district = \"" + std::string(64, 'a') +
                                                      "\"\n"));
  CliRun r = run("check --config " + toml.string() + " " + examples("95598/customers.dkt"));
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find("site_district.so': its sha256 is "), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("but docket.toml pins " + std::string(64, 'a')), std::string::npos) << r.output;
}

TEST(Cli, APluginOutsideTheConfiguredDirectoriesIsRefused) {
  auto toml = temp_file("elsewhere.toml", "[program]\nfiles = []\n[plugins]\ndirectories = [\".\"]\n");
  CliRun r = run("check --config " + toml.string() + " --plugin " + DOCKET_PLUGIN_DIR + "/site_district.so " +
                 examples("95598/customers.dkt"));
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find("it lies outside the plugin directories"), std::string::npos) << r.output;
}

TEST(Cli, APluginNameWithAFolderIsRejected) {
  auto toml = temp_file("folder.toml", "[program]\nfiles = []\n[plugins]\nload = [\"../evil\"]\n");
  CliRun r = run("check --config " + toml.string());
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find("plugin `../evil` in `load` must be a plain name"), std::string::npos) << r.output;
}

TEST(Cli, BadTomlNamesTheLineAndKey) {
  auto toml = temp_file("typo.toml", "[program]\nfils = [\"a.dkt\"]\n");
  CliRun r = run("check --config " + toml.string());
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find("typo.toml:2:1: error: unknown key `fils` in [program]"), std::string::npos) << r.output;
}

TEST(Cli, BadScenarioLineNamesTheLineAndField) {
  auto scenario = temp_file("bad.jsonl",
                            "{\"at\": \"2025-09-26T09:00\", \"start\": \"meter_install\", \"input\": {}}\n"
                            "{\"at\": \"2025-09-26T08:00\", \"complete\": \"accept\"}\n");
  CliRun r = run(fmt::format("run --config {} {}", examples("95598/docket.toml"), scenario.string()));
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find("bad.jsonl:2: error: this event is earlier than the line before it"), std::string::npos)
      << r.output;
}

TEST(Cli, WrongInputNamesThePath) {
  auto scenario = temp_file("input.jsonl",
                            "{\"at\": \"2025-09-26T09:00\", \"start\": \"meter_install\", \"input\": {\"app\": "
                            "{\"id\": \"A\", \"address\": \"x\", \"customer\": {\"id\": \"C\", \"voltage_kv\": \"high\"}}}}\n");
  CliRun r = run(fmt::format("run --config {} {}", examples("95598/docket.toml"), scenario.string()));
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find("input.jsonl:1: error: app.customer.voltage_kv"), std::string::npos) << r.output;
}

TEST(Cli, UsageErrorsExitTwoAndHelpAndVersionExitZero) {
  EXPECT_EQ(run("").exit_code, 2);
  EXPECT_EQ(run("frobnicate").exit_code, 2);
  EXPECT_EQ(run("check --format yaml x.dkt").exit_code, 2);
  CliRun help = run("--help");
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.output.find("check"), std::string::npos);
  CliRun version = run("--version");
  EXPECT_EQ(version.exit_code, 0);
  EXPECT_NE(version.output.find("docket 0."), std::string::npos) << version.output;
}

TEST(Cli, ACalendarTheConfigurationDoesNotDefineIsAnErrorWithASuggestion) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("docket-cli-calendar-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "docket.toml") << "[program]\nfiles = [\"w.dkt\"]\n[calendars.cn-national]\nzone = \"Asia/Shanghai\"\n"
                                        "days = [\"mon\"]\nhours = [\"09:00-17:00\"]\n";
  std::ofstream(dir / "w.dkt") << "module m\nrecord T { id: text }\nworkflow w(t: T) {\n  calendar \"cn-nationl\"\n"
                                  "  step a within 1 workday\n  end done\n  flow { start -> a -> done }\n}\n";
  CliRun r = run("check --config " + (dir / "docket.toml").string());
  EXPECT_EQ(r.exit_code, 1) << r.output;  // every instance would fail (issue 13): an error, no longer a warning
  EXPECT_NE(r.output.find("error[D0525]: workflow `w` counts on calendar `cn-nationl`"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("did you mean `cn-national`?"), std::string::npos) << r.output;
  fs::remove_all(dir);
}

}  // namespace
