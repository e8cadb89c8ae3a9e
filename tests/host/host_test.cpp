// docket::host::Host on the 95598 example: a configuration to a running engine, values by name, SQLite, recovery, errors.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "docket/core/json_value.hpp"
#include "docket/host/host.hpp"

namespace docket::host {
namespace {

namespace fs = std::filesystem;

const std::string kApp = R"({"app": {"id": "A1", "address": "张杨路 500 号", "customer": {"id": "C-1001",
    "voltage_kv": 0.38, "tariff": "commercial", "dual_source": false, "important": false, "load_level": 3,
    "contract_kva": 80, "area": "urban"}}})";

fs::path source_dir() { return fs::path(DOCKET_SOURCE_DIR); }

class HostTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // The example's plugins are in the build tree's plugins folder, not next to this test binary.
    ::setenv("DOCKET_PLUGIN_PATH", (fs::path(DOCKET_BINARY_DIR) / "plugins").c_str(), 1);
    dir = fs::temp_directory_path() /
          ("docket-host-" + std::to_string(::getpid()) + "-" +
           ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir);
    fs::create_directories(dir);
  }
  void TearDown() override { fs::remove_all(dir); }

  HostOptions options() const {
    HostOptions o;
    o.config = (source_dir() / "examples/95598").string();
    o.store = (dir / "docket.sqlite").string();
    o.start_text = "2025-09-26T09:00";
    return o;
  }

  fs::path dir;
};

nlohmann::json json(const std::string& text) { return nlohmann::json::parse(text); }

TEST_F(HostTest, RunsTheMeterInstallationByNameOnSqlite) {
  Host host(options());
  EXPECT_EQ(host.zone(), "Asia/Shanghai");  // [run] zone of the example's docket.toml
  const InstanceId ticket = host.start("meter_install", kApp, "A1");
  EXPECT_EQ(host.start("meter_install", kApp, "A1"), ticket) << "the same key and arguments: the same instance";
  host.advance_to(host.time("2025-09-26T10:30"));
  host.complete(ticket, "accept");
  host.advance_to(host.time("2025-09-29T16:00"));
  host.complete(ticket, "survey", R"({"feasible": true})");

  const nlohmann::json slas = json(host.slas_json(ticket));
  ASSERT_EQ(slas.size(), 1U);
  EXPECT_EQ(slas[0]["name"], "install");
  EXPECT_EQ(slas[0]["phase"], "running");
  EXPECT_EQ(slas[0]["started"], "2025-09-26T09:00:00+08:00");  // RFC 3339 in the host's zone
  EXPECT_FALSE(slas[0]["breached"].get<bool>());

  for (const char* step : {"install", "energize", "revisit"}) host.complete(ticket, step);
  const nlohmann::json status = json(host.status_json(ticket));
  EXPECT_EQ(status["state"], "finished");
  EXPECT_EQ(status["end"], "done");
  EXPECT_EQ(status["workflow"], "meter_install");

  const nlohmann::json trail = json(host.audit_json(ticket));
  ASSERT_FALSE(trail.empty());
  EXPECT_EQ(trail.front()["kind"], "started");
  EXPECT_EQ(trail.back()["kind"], "ended");
  // The scheduling plugin's action was delivered by the plugin itself: the host wired the outbox.
  bool scheduled = false;
  for (const auto& a : json(host.actions_json(ticket))) {
    if (a["name"] == "site.schedule_meter") scheduled = a["state"] == "delivered" && a["channel"] == "plugin";
  }
  EXPECT_TRUE(scheduled) << host.actions_json(ticket);
}

TEST_F(HostTest, SlaActionsReachTheHostsSinkAtTheirTime) {
  Host host(options());
  std::vector<std::string> received;
  host.on_action([&](const Action& a) { received.push_back(a.name + " " + a.role); });
  const InstanceId ticket = host.start("meter_install", kApp, "A1");
  host.complete(ticket, "accept");
  host.advance_to(host.time("2025-10-31T09:00"));  // weeks later: every warning and the breach fall due
  EXPECT_EQ(received, (std::vector<std::string>{"notify team_lead", "supervise supervisor", "escalate district_manager"}));
  EXPECT_TRUE(json(host.slas_json(ticket))[0]["breached"].get<bool>());
}

TEST_F(HostTest, ANewHostOnTheSameStoreCarriesOn) {
  InstanceId ticket = 0;
  {
    Host host(options());
    ticket = host.start("meter_install", kApp, "A1");
    host.complete(ticket, "accept");
  }
  HostOptions again = options();
  again.start_text = "2025-09-29T16:00";
  Host host(again);
  EXPECT_EQ(host.recovered(), 1U);
  EXPECT_EQ(host.find("A1"), ticket);
  host.complete(ticket, "survey", R"({"feasible": false})");
  EXPECT_EQ(json(host.status_json(ticket))["end"], "rejected");
}

TEST_F(HostTest, ValuesThatDoNotFitNameTheFieldAndChangeNothing) {
  Host host(options());
  try {
    (void)host.start("meter_install", R"({"application": {}})");
    FAIL() << "an unknown parameter must be refused";
  } catch (const ValueError& e) {
    EXPECT_NE(std::string(e.what()).find("no parameter `application`"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("it takes app"), std::string::npos) << e.what();
  }
  EXPECT_THROW((void)host.start("meter_install", "{}"), ValueError);
  EXPECT_THROW((void)host.start("meter_instal", kApp), EngineError);
  EXPECT_THROW((void)host.start("meter_install", "[1, 2]"), ValueError);
  const InstanceId ticket = host.start("meter_install", kApp);
  host.complete(ticket, "accept");
  EXPECT_THROW(host.complete(ticket, "survey", R"({"feasible": "yes"})"), ValueError);
  EXPECT_THROW(host.complete(ticket, "survey", R"({"feasable": true})"), EngineError);
  EXPECT_EQ(json(host.status_json(ticket))["active"], nlohmann::json::array({"survey"}));
}

TEST_F(HostTest, AConfigurationWithProblemsIsAHostErrorWithTheirPlaces) {
  const fs::path bad = dir / "docket.toml";
  std::ofstream(bad) << "[program]\nfiles = [\"flow.dkt\"]\n[run]\nzone = \"Mars/Olympus\"\n";
  std::ofstream(dir / "flow.dkt") << "workflow w() {\n  step a by role \"r\"\n  end done\n  flow { start -> a -> b }\n}\n";
  HostOptions o;
  o.config = bad.string();
  try {
    Host host(o);
    FAIL() << "the configuration has problems";
  } catch (const HostError& e) {
    EXPECT_NE(std::string(e.what()).find("docket.toml"), std::string::npos) << e.what();
  }
  EXPECT_THROW(Host(HostOptions{}), HostError);
}

TEST_F(HostTest, TimeMovesOnlyOnAVirtualClock) {
  HostOptions o = options();
  o.wall_clock = true;
  Host host(o);
  EXPECT_THROW(host.advance_to(host.now()), EngineError);
  EXPECT_NO_THROW(host.run_due());
  EXPECT_EQ(format_rfc3339(host.time("2025-09-26T09:00Z"), "Asia/Shanghai"), "2025-09-26T17:00:00+08:00");
  EXPECT_EQ(format_rfc3339(host.time("2025-09-26T09:00-05:00"), "UTC"), "2025-09-26T14:00:00Z");
  EXPECT_THROW((void)host.time("next tuesday"), ValueError);
}

}  // namespace
}  // namespace docket::host
