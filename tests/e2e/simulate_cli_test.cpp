// End-to-end: `docket simulate` on the 95598 examples: the report, determinism, formats, what-if, errors.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli_support.hpp"

namespace {

using namespace docket::testing;

std::string simulate(const std::string& extra) {
  return fmt::format("simulate --config {} --profile {} {}", examples("95598/docket.toml"),
                     examples("95598/simulate.toml"), extra);
}

std::string read(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(SimulateCli, PrintsTheSlaReportOfTheExampleMonth) {
  CliRun r = run(simulate(""));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("SLA report: profile"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("30 days from 2025-09-15, seed 20250915"), std::string::npos) << r.output;
  for (const char* row : {"by workflow", "  meter_install", "  fault_repair", "by SLA", "  meter_install.install",
                          "by segment", "  lv_res_urban", "  rural"}) {
    EXPECT_NE(r.output.find(row), std::string::npos) << row << "\n" << r.output;
  }
}

TEST(SimulateCli, TwoRunsWithTheSameSeedPrintTheSameReport) {
  CliRun a = run(simulate("--format json"), false);
  CliRun b = run(simulate("--format json"), false);
  ASSERT_EQ(a.exit_code, 0) << a.output;
  EXPECT_EQ(a.output, b.output);
  nlohmann::json j = nlohmann::json::parse(a.output);
  // About 120 + 200 + 60 + 110 tickets a day for 30 days (Poisson arrivals), and 9 proactive visit plans a
  // day, each simulated to its last visit (A 13, B 3, C 2: about 900 visits).
  EXPECT_NEAR(j["report"]["total"]["tickets"].get<double>(), 15600, 500);
  EXPECT_GT(j["report"]["total"]["clocks"].get<int>(), 3000);
}

TEST(SimulateCli, CsvHasOneRowPerGroup) {
  CliRun r = run(simulate("--format csv"), false);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(r.output.rfind("run,section,key,tickets,", 0), 0u) << r.output;
  EXPECT_NE(r.output.find("\nbase,sla,meter_install.install,"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("\nbase,segment,critical,"), std::string::npos) << r.output;
}

TEST(SimulateCli, WhatIfWithoutMakeUpDaysReportsBothAndTheDifference) {
  CliRun r = run(simulate("--what-if-config " + examples("95598/what-if/no_makeup_days.toml") + " --format json"), false);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  nlohmann::json j = nlohmann::json::parse(r.output);
  EXPECT_EQ(j["base"]["total"]["tickets"], j["what_if_report"]["total"]["tickets"]);
  // Without the make-up working days (Sunday 09-28, Saturday 10-11) fewer working hours pass, so some
  // business clocks that breached in the base are met: the verdicts differ, the tickets do not.
  std::uint64_t changed = j["met_to_breached"].get<std::uint64_t>() + j["breached_to_met"].get<std::uint64_t>();
  EXPECT_GT(changed, 0u) << r.output.substr(0, 2000);
  EXPECT_EQ(j["difference"][0]["key"], "all");
}

TEST(SimulateCli, WhatIfWithAShorterInstallLimitBreachesMore) {
  std::string customers = read(examples("95598/customers.dkt"));
  const std::string from = R"("lv_res_urban" | -             || 3 workdays)";
  auto at = customers.find(from);
  ASSERT_NE(at, std::string::npos) << "the example's install_limit table changed; update this test";
  customers.replace(at, from.size(), R"("lv_res_urban" | -             || 2 workdays)");
  auto file = temp_file("customers.dkt", customers);
  CliRun r = run(simulate("--what-if " + file.string() + " --format json"), false);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  nlohmann::json j = nlohmann::json::parse(r.output);
  EXPECT_GT(j["what_if_report"]["total"]["breached"].get<int>(), j["base"]["total"]["breached"].get<int>());
  EXPECT_GT(j["met_to_breached"].get<int>(), 0);
  EXPECT_EQ(j["breached_to_met"].get<int>(), 0);
}

TEST(SimulateCli, ReplaysRecordedEvents) {
  CliRun r = run(fmt::format("simulate --config {} --events {}", examples("95598/docket.toml"),
                             examples("95598/scenarios/meter_install_A1.jsonl")));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("SLA report: events"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("  meter_install.install"), std::string::npos) << r.output;
}

TEST(SimulateCli, RecordedEventsGetSegmentsWithoutAProfile) {
  const std::string events = fmt::format("simulate --config {} --events {}", examples("95598/docket.toml"),
                                         examples("95598/scenarios/meter_install_A1.jsonl"));
  CliRun plain = run(events + " --format json", false);
  CliRun segmented = run(events + " --segment 'meter_install=segment(app.customer)' --format json", false);
  ASSERT_EQ(plain.exit_code, 0) << plain.output;
  ASSERT_EQ(segmented.exit_code, 0) << segmented.output;
  nlohmann::json a = nlohmann::json::parse(plain.output);
  nlohmann::json b = nlohmann::json::parse(segmented.output);
  EXPECT_TRUE(a["report"]["segments"].empty());
  ASSERT_EQ(b["report"]["segments"].size(), 1u) << segmented.output;
  EXPECT_EQ(b["report"]["segments"][0]["tickets"], b["report"]["total"]["tickets"]);
  EXPECT_EQ(b["report"]["segments"][0]["clocks"], b["report"]["total"]["clocks"]);
  // A field path works too.
  CliRun by_area = run(events + " --segment meter_install=app.customer.area");
  EXPECT_EQ(by_area.exit_code, 0) << by_area.output;
  EXPECT_NE(by_area.output.find("by segment"), std::string::npos) << by_area.output;
}

TEST(SimulateCli, ABadSegmentOptionSaysHowToWriteIt) {
  const std::string events = fmt::format("simulate --config {} --events {}", examples("95598/docket.toml"),
                                         examples("95598/scenarios/meter_install_A1.jsonl"));
  CliRun shape = run(events + " --segment meter_install");
  EXPECT_EQ(shape.exit_code, 1) << shape.output;
  EXPECT_NE(shape.output.find("write WORKFLOW=RULE"), std::string::npos) << shape.output;
  CliRun workflow = run(events + " --segment meter_instal=app.customer.area");
  EXPECT_EQ(workflow.exit_code, 1) << workflow.output;
  EXPECT_NE(workflow.output.find("--segment meter_instal: the program has no workflow"), std::string::npos) << workflow.output;
  CliRun field = run(events + " --segment meter_install=app.customer.aera");
  EXPECT_EQ(field.exit_code, 1) << field.output;
  EXPECT_NE(field.output.find("aera"), std::string::npos) << field.output;
}

TEST(SimulateCli, TheHtmlReportIsOneSelfContainedPage) {
  CliRun r = run(simulate("--format html"), false);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(r.output.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_NE(r.output.find("</html>"), std::string::npos);
  for (const char* outside : {"<script", "<link", " src=", "https:", "@import", "url("}) {
    EXPECT_EQ(r.output.find(outside), std::string::npos) << outside;
  }
  for (const char* part : {"id=\"on-time\"", "id=\"distribution\"", "id=\"days\"", "id=\"workflows\"", "投诉处理流程"}) {
    EXPECT_NE(r.output.find(part), std::string::npos) << part;
  }
}

TEST(SimulateCli, AProfileMistakeNamesFileLineColumnAndTheFix) {
  auto profile = temp_file("bad.toml", "[simulate]\nstart = 2025-09-15\n[simulate.workflows.meter_install]\n"
                                       "tickets_per_day = 10\nhours = [\"17:00\", \"09:00\"]\n");
  CliRun r = run(fmt::format("simulate --config {} --profile {}", examples("95598/docket.toml"), profile.string()));
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find("bad.toml:5:9: error: `hours` must be the daily window"), std::string::npos) << r.output;
}

TEST(SimulateCli, AnInputOfTheWrongTypeIsNamedWithItsPath) {
  auto profile = temp_file("bad_input.toml", "[simulate]\nstart = 2025-09-15\n[simulate.workflows.revisit]\n"
                                             "tickets_per_day = 10\n[[simulate.workflows.revisit.inputs]]\n"
                                             "r = { id = 5, phone = \"1\" }\n");
  CliRun r = run(fmt::format("simulate --config {} --profile {}", examples("95598/docket.toml"), profile.string()));
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find("bad_input.toml:6:5: error: r.id: expected text (a JSON string), got 5"), std::string::npos)
      << r.output;
}

TEST(SimulateCli, ADistributionWithoutItsParametersIsRefused) {
  auto profile = temp_file("bad_dist.toml", "[simulate]\nstart = 2025-09-15\n[simulate.workflows.revisit]\n"
                                            "tickets_per_day = 10\n[[simulate.workflows.revisit.inputs]]\n"
                                            "r = { id = \"R\", phone = \"1\", customer = { id = \"C\", voltage_kv = 0.22, "
                                            "tariff = \"residential\", dual_source = false, important = false, "
                                            "load_level = 3, contract_kva = 8, area = \"urban\" } }\n"
                                            "[simulate.workflows.revisit.steps.sms]\n"
                                            "duration = { dist = \"lognormal\", median = \"1h\" }\n");
  CliRun r = run(fmt::format("simulate --config {} --profile {}", examples("95598/docket.toml"), profile.string()));
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find("bad_dist.toml:8:12: error: `duration`: a lognormal distribution needs `p95`"),
            std::string::npos)
      << r.output;
}

TEST(SimulateCli, NothingToSimulateIsAUsageError) {
  auto config = temp_file("docket.toml", fmt::format("[program]\nfiles = [\"{}\"]\n", examples("95598/customers.dkt")));
  CliRun r = run("simulate --config " + config.string());
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("give --profile FILE.toml or --events FILE.jsonl"), std::string::npos) << r.output;
}

}  // namespace
