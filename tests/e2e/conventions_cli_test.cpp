// End-to-end tests of the CLI's conventions (#14 item 5): `-` for standard input, JSON everywhere, colour,
// usage errors in docket's words, `help CMD` and `-V`, audit's zone, `test` beside a docket.toml.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <regex>
#include <vector>

#include "cli_support.hpp"

namespace docket::testing {
namespace {

const char* const kBad = "module m\nrecord R { x : nmber }\n";

const char* const kTests = R"(module t
decision days(rural: bool) -> int {
  hit first
  rule when rural then 7
  otherwise 5
}
test "rural takes seven days" {
  expect days(true) == 7
}
test "urban takes five days" {
  expect days(false) == 4
}
)";

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// The 95598 program files, without its docket.toml.
std::string program_files() {
  std::string files;
  for (const char* f : {"customers.dkt", "meter_install.dkt", "fault_repair.dkt", "complaint.dkt", "revisit.dkt",
                        "proactive_visit.dkt", "tests.dkt"}) {
    files += " " + examples(std::string("95598/") + f);
  }
  return files;
}

// --- `-` reads standard input -------------------------------------------------------------------

TEST(CliConventions, CheckReadsStandardInputAndNamesItStdin) {
  auto input = temp_file("stdin_bad.dkt", kBad);
  CliRun r = run("check -", true, input.string());
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_TRUE(contains(r.output, "<stdin>:2:16: error[D0203]: unknown type `nmber`")) << r.output;
}

TEST(CliConventions, FmtOfStandardInputPrintsTheFormattedText) {
  auto input = temp_file("stdin_fmt.dkt", "module m\n\n\n\nenum  Area {urban,rural}   # where\n");
  CliRun r = run("fmt -", false, input.string());
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.output, "module m\n\nenum Area { urban, rural }  # where\n");
  EXPECT_EQ(run("fmt --write -", true, input.string()).exit_code, 2);
}

TEST(CliConventions, TestRunsTheTestsOfStandardInput) {
  auto input = temp_file("stdin_tests.dkt", kTests);
  CliRun r = run("test -", true, input.string());
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_TRUE(contains(r.output, "PASS  rural takes seven days")) << r.output;
  EXPECT_TRUE(contains(r.output, "FAIL  urban takes five days")) << r.output;
  EXPECT_TRUE(contains(r.output, "<stdin>:11:")) << r.output;
}

TEST(CliConventions, RunTakesItsScenarioFromStandardInput) {
  CliRun r = run("run --config " + examples("95598/docket.toml") + " -", true,
                 examples("95598/scenarios/meter_install_A1.jsonl"));
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(contains(r.output, "A1: meter_install finished at `done`")) << r.output;
}

TEST(CliConventions, RunTakesItsProgramFromStandardInput) {
  CliRun r = run("run --zone Asia/Shanghai -f " + examples("95598/customers.dkt") + " -f - " +
                     examples("95598/scenarios/meter_install_A1.jsonl"),
                 true, examples("95598/meter_install.dkt"));
  // Without the example's plugins the program does not check; what matters is that stdin was read as a file.
  EXPECT_FALSE(contains(r.output, "does not exist")) << r.output;
  EXPECT_TRUE(contains(r.output, "<stdin>:")) << r.output;
}

TEST(CliConventions, ExplainReadsTheProgramOrTheInputFromStandardInput) {
  const std::string customers = examples("95598/customers.dkt");
  auto input = temp_file("explain_input.json", R"({"c": {"id": "C7", "voltage_kv": 35, "tariff": "industrial",
      "dual_source": true, "important": true, "load_level": 1, "contract_kva": 630, "area": "rural"}})");
  CliRun program = run("explain - --decision segment --input @" + input.string(), true, customers);
  EXPECT_EQ(program.exit_code, 0) << program.output;
  CliRun json = run("explain " + customers + " --decision segment --input @-", true, input.string());
  EXPECT_EQ(json.exit_code, 0) << json.output;
  EXPECT_TRUE(contains(program.output, "decision segment (<stdin>:21)")) << program.output;
  EXPECT_TRUE(contains(json.output, "decision segment (" + customers + ":21)")) << json.output;
  EXPECT_TRUE(contains(json.output, "answer: \"critical\"")) << json.output;
  EXPECT_EQ(program.output.substr(program.output.find('\n')), json.output.substr(json.output.find('\n')));
}

TEST(CliConventions, StandardInputIsGivenToOneArgumentOnly) {
  CliRun r = run("run -f - -", true, examples("95598/scenarios/meter_install_A1.jsonl"));
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_TRUE(contains(r.output, "standard input is read once")) << r.output;
}

TEST(CliConventions, AMissingFileIsNamedInDocketsWords) {
  CliRun r = run("check no_such_file.dkt");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_TRUE(contains(r.output, "error: `no_such_file.dkt` does not exist")) << r.output;
  EXPECT_FALSE(contains(r.output, "File does not exist")) << r.output;
}

// --- JSON -----------------------------------------------------------------------------------------

TEST(CliConventions, TestPrintsOneJsonObjectPerTest) {
  auto file = temp_file("json_tests.dkt", kTests);
  CliRun r = run("test --format json " + file.string(), false);
  EXPECT_EQ(r.exit_code, 1) << r.output;
  std::vector<nlohmann::json> results = json_lines(r.output);
  ASSERT_EQ(results.size(), 2U) << r.output;
  EXPECT_EQ(results[0]["name"], "rural takes seven days");
  EXPECT_EQ(results[0]["result"], "PASS");
  EXPECT_EQ(results[0]["file"], file.string());
  EXPECT_EQ(results[1]["result"], "FAIL");
  EXPECT_EQ(results[1]["line"], 11);
  EXPECT_TRUE(contains(results[1]["message"].get<std::string>(), "4")) << r.output;
}

TEST(CliConventions, FmtCheckListsTheFilesThatWouldChangeAsJson) {
  auto bad = temp_file("json_check_bad.dkt", "module m\n\n\n\nenum  Area {urban,rural}\n");
  auto good = temp_file("json_check_good.dkt", "module m\n\nenum Area { urban, rural }\n");
  CliRun r = run(fmt::format("fmt --check --format json {} {}", bad.string(), good.string()), false);
  EXPECT_EQ(r.exit_code, 1);
  nlohmann::json j = nlohmann::json::parse(r.output);
  EXPECT_EQ(j["checked"], 2);
  EXPECT_EQ(j["unformatted"], nlohmann::json::array({bad.string()}));
}

TEST(CliConventions, RunJsonGivesTimesAsRfc3339Instants) {
  CliRun r = run(fmt::format("run --format json --config {} {}", examples("95598/docket.toml"),
                             examples("95598/scenarios/meter_install_A1.jsonl")),
                 false);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  std::vector<nlohmann::json> lines = json_lines(r.output);
  ASSERT_FALSE(lines.empty());
  EXPECT_EQ(lines[0]["at"], "2025-09-26T09:00:00+08:00") << r.output;
  for (const nlohmann::json& j : lines) EXPECT_FALSE(contains(j["at"].get<std::string>(), "(")) << j.dump();
}

// --- colour ---------------------------------------------------------------------------------------

TEST(CliConventions, ColourOnATerminalNoneWhenPipedOrWithNoColor) {
  auto file = temp_file("colour_bad.dkt", kBad);
  const std::string red_error = "\033[1;31merror\033[0m";
  EXPECT_FALSE(contains(run("check " + file.string()).output, "\033[")) << "piped: no colour";
  CliRun tty = run_on_terminal("check " + file.string());
  EXPECT_TRUE(contains(tty.output, red_error)) << tty.output;
  EXPECT_TRUE(contains(tty.output, "\033[31m^^^^^\033[0m")) << tty.output;
  EXPECT_FALSE(contains(run_on_terminal("check " + file.string(), "NO_COLOR=1").output, "\033["));
  EXPECT_FALSE(contains(run_on_terminal("--color=never check " + file.string()).output, "\033["));
  EXPECT_TRUE(contains(run("check --color=always " + file.string()).output, red_error));
  EXPECT_TRUE(contains(run("--color always check " + file.string()).output, red_error));
  CliRun bad = run("--color=sometimes check " + file.string());
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_TRUE(contains(bad.output, "`--color` takes auto, always or never, not `sometimes`")) << bad.output;
}

TEST(CliConventions, TestResultsAreColouredOnRequest) {
  auto file = temp_file("colour_tests.dkt", kTests);
  CliRun r = run("--color=always test " + file.string(), false);
  EXPECT_TRUE(contains(r.output, "\033[32mPASS\033[0m  rural takes seven days")) << r.output;
  EXPECT_TRUE(contains(r.output, "\033[1;31mFAIL\033[0m  urban takes five days")) << r.output;
}

// --- usage errors, help, version ------------------------------------------------------------------

TEST(CliConventions, ArgumentErrorsAreInDocketsWordsWithExitTwo) {
  auto file = temp_file("usage_tests.dkt", kTests);
  CliRun format = run("test --format xml " + file.string());
  EXPECT_EQ(format.exit_code, 2);
  EXPECT_TRUE(contains(format.output, "error: `--format` takes text or json, not `xml`")) << format.output;
  CliRun option = run("check --formt json " + file.string());
  EXPECT_EQ(option.exit_code, 2);
  EXPECT_TRUE(contains(option.output, "error: `docket check` has no option `--formt`, did you mean `--format`?"))
      << option.output;
  EXPECT_TRUE(contains(option.output, "`docket help check`")) << option.output;
  CliRun command = run("chek " + file.string());
  EXPECT_EQ(command.exit_code, 2);
  EXPECT_TRUE(contains(command.output, "`docket` has no command `chek`, did you mean `check`?")) << command.output;
  CliRun missing = run("explain " + file.string() + " --input '{}'");
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_TRUE(contains(missing.output, "error: `docket explain` needs `--decision`")) << missing.output;
}

TEST(CliConventions, HelpCommandIsTheCommandsHelpAndVersionHasAShortFlag) {
  CliRun help = run("help check", false);
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_EQ(help.output, run("check --help", false).output);
  EXPECT_TRUE(contains(help.output, "--max-cost")) << help.output;
  CliRun outbox = run("help outbox list", false);
  EXPECT_EQ(outbox.exit_code, 0);
  EXPECT_TRUE(contains(outbox.output, "--state")) << outbox.output;
  EXPECT_EQ(run("help nonsense").exit_code, 2);
  CliRun version = run("-V", false);
  EXPECT_EQ(version.exit_code, 0);
  EXPECT_EQ(version.output, "docket 0.1.0\n");
  EXPECT_EQ(run("--version", false).output, "docket 0.1.0\n");
}

// --- audit's zone, test beside a docket.toml, a file named twice --------------------------------

TEST(CliConventions, AuditPrintsTimesInTheConfiguredZone) {
  const std::string store = temp_file("audit_zone.sqlite", "").string();
  std::filesystem::remove(store);
  const std::string config = examples("95598/docket.toml");
  ASSERT_EQ(run(fmt::format("run --config {} {} --store '{}'", config, examples("95598/scenarios/meter_install_A1.jsonl"),
                            store))
                .exit_code,
            0);
  CliRun configured = run(fmt::format("audit '{}' --config {}", store, config));
  EXPECT_EQ(configured.exit_code, 0) << configured.output;
  EXPECT_TRUE(contains(configured.output, "2025-09-26 09:00 (Fri)")) << configured.output;
  // ./docket.toml when present.
  CliRun beside = run_in(examples("95598"), fmt::format("audit '{}'", store));
  EXPECT_EQ(beside.output, configured.output);
  // --zone still wins.
  CliRun utc = run(fmt::format("audit '{}' --config {} --zone UTC", store, config));
  EXPECT_TRUE(contains(utc.output, "2025-09-26 01:00 (Fri)")) << utc.output;
  CliRun json = run(fmt::format("audit '{}' --config {} --format json", store, config), false);
  EXPECT_EQ(json_lines(json.output).at(0)["trail"][0]["at"], "2025-09-26T09:00:00+08:00") << json.output;
  // outbox list --format json: RFC 3339 too (UTC unless --zone).
  CliRun outbox = run(fmt::format("outbox list '{}' --format json", store), false);
  std::vector<nlohmann::json> actions = json_lines(outbox.output);
  ASSERT_FALSE(actions.empty()) << outbox.output;
  const std::regex rfc3339(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)");
  EXPECT_TRUE(std::regex_match(actions[0]["at"].get<std::string>(), rfc3339)) << outbox.output;
  EXPECT_TRUE(std::regex_match(actions[0]["delivered"].get<std::string>(), rfc3339)) << outbox.output;
}

TEST(CliConventions, TestOfAFileUsesTheDocketTomlBesideIt) {
  CliRun r = run_in(examples("95598"), "test tests.dkt");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_FALSE(contains(r.output, "FAIL")) << r.output;
  EXPECT_FALSE(contains(r.output, "declared twice")) << r.output;
  EXPECT_TRUE(contains(r.output, "0 failed")) << r.output;
}

TEST(CliConventions, AMissingCalendarIsExplainedInAnalystsTerms) {
  // Without the example's docket.toml the calendar `cn-national` is not loaded.
  std::string plugins;
  for (const char* p : {"site_district", "site_schedule_meter", "cn_calendar"}) {
    plugins += fmt::format(" --plugin {}/{}.so", DOCKET_PLUGIN_DIR, p);
  }
  CliRun r = run("test" + plugins + program_files());
  EXPECT_FALSE(contains(r.output, "Engine::")) << r.output;
  EXPECT_FALSE(contains(r.output, "use_calendars")) << r.output;
  EXPECT_TRUE(contains(r.output, "calendar `cn-national`, which is not loaded: run with the docket.toml")) << r.output;
}

TEST(CliConventions, AFileInTheConfigAndOnTheCommandLineIsReadOnce) {
  CliRun r = run(fmt::format("check --config {} {} {}", examples("95598/docket.toml"), examples("95598/customers.dkt"),
                             examples("95598/../95598/customers.dkt")));
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_FALSE(contains(r.output, "declared twice")) << r.output;
}

}  // namespace
}  // namespace docket::testing
