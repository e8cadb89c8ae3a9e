// End-to-end: an operator's commands on a store — `docket outbox` (list, retry, dead), `docket deploy`, `docket migrate`.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "cli_support.hpp"

namespace docket::testing {
namespace {

// The A1 meter installation with an empty application id: the scheduling plugin refuses it for good.
std::string empty_id_scenario() {
  std::ifstream in(examples("95598/scenarios/meter_install_A1.jsonl"));
  std::stringstream all;
  all << in.rdbuf();
  std::string text = all.str();
  const std::string id = R"("id": "A1")";
  text.replace(text.find(id), id.size(), R"("id": "")");
  return temp_file("empty_id.jsonl", text).string();
}

nlohmann::json action_of(const std::string& store, const std::string& key) {
  CliRun list = run(fmt::format("outbox list '{}' --format json", store), false);
  std::istringstream lines(list.output);
  for (std::string line; std::getline(lines, line);) {
    nlohmann::json j = nlohmann::json::parse(line);
    if (j["key"] == key) return j;
  }
  return nullptr;
}

TEST(OperateCli, AnOperatorSeesADeadActionRetriesItAndGivesItUp) {
  const std::string store = temp_file("outbox.sqlite", "").string();
  std::filesystem::remove(store);
  CliRun played = run(fmt::format("run --config {} '{}' --store '{}'", examples("95598/docket.toml"), empty_id_scenario(), store));
  ASSERT_EQ(played.exit_code, 0) << played.output;

  CliRun dead = run(fmt::format("outbox list '{}' --state dead", store));
  EXPECT_EQ(dead.exit_code, 0) << dead.output;
  EXPECT_NE(dead.output.find("1:install:1"), std::string::npos) << dead.output;
  EXPECT_NE(dead.output.find("site.schedule_meter: the application id is empty"), std::string::npos) << dead.output;
  EXPECT_EQ(dead.output.find("delivered "), std::string::npos) << dead.output;  // only the dead one

  CliRun retry = run(fmt::format("outbox retry '{}' 1:install:1", store));
  EXPECT_EQ(retry.exit_code, 0) << retry.output;
  EXPECT_EQ(action_of(store, "1:install:1")["state"], "pending");
  EXPECT_EQ(action_of(store, "1:install:1")["attempts"], 1);  // the attempts so far are kept

  CliRun unknown = run(fmt::format("outbox dead '{}' 1:install:1 9:nothing:1", store));
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_NE(unknown.output.find("has no action with key `9:nothing:1`; nothing was changed"), std::string::npos)
      << unknown.output;
  EXPECT_EQ(action_of(store, "1:install:1")["state"], "pending");

  CliRun give_up = run(fmt::format("outbox dead '{}' 1:install:1", store));
  EXPECT_EQ(give_up.exit_code, 0) << give_up.output;
  EXPECT_EQ(action_of(store, "1:install:1")["state"], "dead");
  EXPECT_EQ(action_of(store, "1:install:1")["error"], "given up by an operator (docket outbox dead)");

  const nlohmann::json warned = action_of(store, "1:sla:install:warn1:0");
  ASSERT_FALSE(warned.is_null());
  CliRun delivered = run(fmt::format("outbox retry '{}' 1:sla:install:warn1:0", store));
  EXPECT_EQ(delivered.exit_code, 1);
  EXPECT_NE(delivered.output.find("was delivered"), std::string::npos) << delivered.output;

  CliRun nowhere = run(fmt::format("outbox retry '{}' 1:install:1", store + ".typo"));
  EXPECT_EQ(nowhere.exit_code, 1);
  EXPECT_NE(nowhere.output.find("there is no such file; check the path"), std::string::npos) << nowhere.output;
  EXPECT_FALSE(std::filesystem::exists(store + ".typo"));  // a typo creates no empty store
}

// A changed program is a new version; the open instance stays on its own until moved.
TEST(OperateCli, ANewProgramVersionIsDeployedAndAnOpenInstanceMovedToIt) {
  const std::filesystem::path dir = temp_file("versions/.keep", "").parent_path();
  std::filesystem::create_directories(dir);
  std::filesystem::remove_all(dir / "95598");
  std::filesystem::remove_all(dir / "calendars");
  std::filesystem::copy(examples("95598"), dir / "95598", std::filesystem::copy_options::recursive);
  std::filesystem::copy(examples("calendars"), dir / "calendars", std::filesystem::copy_options::recursive);
  const std::string config = (dir / "95598/docket.toml").string();
  const std::string store = (dir / "s.sqlite").string();
  std::filesystem::remove(store);

  std::ifstream in(examples("95598/scenarios/meter_install_A1.jsonl"));
  std::string start, accept;
  std::getline(in, start);
  std::getline(in, accept);
  const std::string two = temp_file("versions/two.jsonl", start + "\n" + accept + "\n").string();
  CliRun played = run(fmt::format("run --config '{}' '{}' --store '{}'", config, two, store));
  ASSERT_EQ(played.exit_code, 0) << played.output;
  EXPECT_NE(played.output.find("still open"), std::string::npos) << played.output;

  CliRun same = run(fmt::format("deploy --config '{}' --store '{}'", config, store));
  EXPECT_EQ(same.exit_code, 0) << same.output;
  EXPECT_NE(same.output.find("already deployed as program version 1"), std::string::npos) << same.output;

  {  // a new label for the installation step: a new program
    const std::filesystem::path file = dir / "95598/meter_install.dkt";
    std::ifstream src(file);
    std::stringstream all;
    all << src.rdbuf();
    std::string text = all.str();
    const std::string label = "\"装表\"";
    ASSERT_NE(text.find(label), std::string::npos);
    text.replace(text.find(label), label.size(), "\"装表接电\"");
    std::ofstream(file) << text;
  }
  CliRun deployed = run(fmt::format("deploy --config '{}' --store '{}'", config, store));
  EXPECT_EQ(deployed.exit_code, 0) << deployed.output;
  EXPECT_NE(deployed.output.find("deployed program version 2"), std::string::npos) << deployed.output;
  CliRun listed = run(fmt::format("deploy --config '{}' --store '{}' --list", config, store));
  EXPECT_NE(listed.output.find("version 1"), std::string::npos) << listed.output;
  EXPECT_NE(listed.output.find("1 open instance(s)"), std::string::npos) << listed.output;

  CliRun missing = run(fmt::format("migrate --config '{}' --store '{}' -i 1 --to 7", config, store));
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.output.find("has no program version 7"), std::string::npos) << missing.output;

  CliRun moved = run(fmt::format("migrate --config '{}' --store '{}' -i 1", config, store));
  EXPECT_EQ(moved.exit_code, 0) << moved.output;
  EXPECT_NE(moved.output.find("instance 1: moved from program version 1 to 2"), std::string::npos) << moved.output;
  CliRun audit = run(fmt::format("audit '{}' --format json", store), false);
  ASSERT_EQ(audit.exit_code, 0) << audit.output;
  EXPECT_EQ(nlohmann::json::parse(audit.output.substr(0, audit.output.find('\n')))["version"], 2) << audit.output;
}

}  // namespace
}  // namespace docket::testing
