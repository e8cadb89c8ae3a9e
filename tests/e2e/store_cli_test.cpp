// End-to-end: `docket run --store` keeps the meter installation in a SQLite file, and `docket audit` reads it back.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sqlite3.h>
#include <fstream>
#include <sstream>

#include "cli_support.hpp"
#ifdef DOCKET_WITH_POSTGRES
#include "postgres_server.hpp"
#endif

namespace docket::testing {
namespace {

TEST(StoreCli, TheAuditOfAStoredRunHoldsEveryLineTheRunPrinted) {
  const std::string store = temp_file("run.sqlite", "").string();
  std::filesystem::remove(store);
  const std::string config = "--config " + examples("95598/docket.toml");
  const std::string scenario = examples("95598/scenarios/meter_install_A1.jsonl");
  CliRun played = run(fmt::format("run {} {} --format json --store '{}'", config, scenario, store), false);
  ASSERT_EQ(played.exit_code, 0) << played.output;
  std::size_t traced = 0;
  for (const nlohmann::json& j : json_lines(played.output)) {
    if (j["kind"] != "delivered" && j["kind"] != "retry" && j["kind"] != "undelivered") ++traced;
  }

  CliRun audit = run(fmt::format("audit '{}' --format json --zone Asia/Shanghai", store), false);
  ASSERT_EQ(audit.exit_code, 0) << audit.output;
  std::vector<nlohmann::json> instances = json_lines(audit.output);
  ASSERT_EQ(instances.size(), 1U);
  EXPECT_EQ(instances[0]["workflow"], "meter_install");
  EXPECT_EQ(instances[0]["open"], false);
  EXPECT_EQ(instances[0]["state"]["end"], "done");
  EXPECT_EQ(instances[0]["trail"].size(), traced);
  EXPECT_EQ(instances[0]["trail"][0]["at"], "2025-09-26T09:00:00+08:00");

  CliRun text = run(fmt::format("audit '{}' --instance 1 --zone Asia/Shanghai", store));
  EXPECT_EQ(text.exit_code, 0);
  EXPECT_NE(text.output.find("instance 1: meter_install finished at `done`"), std::string::npos) << text.output;
  EXPECT_NE(text.output.find("survey_team = \"field_crew_east\" by rule 1"), std::string::npos) << text.output;

  // The same command again carries on where the store says the run got to: here, the end, so it
  // plays nothing twice and starts no second instance.
  CliRun again = run(fmt::format("run {} {} --store '{}'", config, scenario, store));
  ASSERT_EQ(again.exit_code, 0) << again.output;
  EXPECT_NE(again.output.find("resuming the run kept in"), std::string::npos) << again.output;
  EXPECT_NE(again.output.find("carrying on from the end"), std::string::npos) << again.output;
  EXPECT_EQ(again.output.find("started"), std::string::npos) << again.output;
  EXPECT_NE(again.output.find("A1: meter_install finished at `done` (instance 1 in"), std::string::npos) << again.output;
  EXPECT_EQ(json_lines(run(fmt::format("audit '{}' --format json", store), false).output).size(), 1U);

  // Another scenario on that store is refused: it holds the run of this one.
  const std::string other = temp_file("other.jsonl", R"({"at": "2025-09-26T09:00", "start": "meter_install", "ticket": "B1", "input": {}})" "\n").string();
  CliRun refused = run(fmt::format("run {} '{}' --store '{}'", config, other, store));
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.output.find("holds a run of another scenario"), std::string::npos) << refused.output;
}

// A snapshot whose counter is out of range (a damaged store: `visits: -5`) is an error naming the instance
// and the field, also when no event is left to play and only the summary reads it (it aborted once).
TEST(StoreCli, ADamagedSnapshotIsAnErrorNamingTheFieldNotAnAbort) {
  const std::string store = temp_file("damaged.sqlite", "").string();
  std::filesystem::remove(store);
  const std::string config = "--config " + examples("95598/docket.toml");
  const std::string scenario = temp_file("open.jsonl", R"({"at": "2025-09-26T09:00", "start": "meter_install", "ticket": "A1", "input": {"app": {"id": "A1", "address": "x", "customer": {"id": "C-1", "voltage_kv": 0.38, "tariff": "commercial", "dual_source": false, "important": false, "load_level": 3, "contract_kva": 80, "area": "urban"}}}})" "\n"
                                                       R"({"at": "2025-09-26T10:30", "complete": "accept"})" "\n").string();
  ASSERT_EQ(run(fmt::format("run {} '{}' --store '{}'", config, scenario, store), false).exit_code, 0);
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(store.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* read = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db, "SELECT snapshot FROM instances WHERE id = 1", -1, &read, nullptr), SQLITE_OK);
  ASSERT_EQ(sqlite3_step(read), SQLITE_ROW);
  nlohmann::json snapshot = nlohmann::json::parse(reinterpret_cast<const char*>(sqlite3_column_text(read, 0)));
  sqlite3_finalize(read);
  ASSERT_TRUE(snapshot.contains("visits")) << snapshot.dump();
  snapshot["visits"]["accept"] = -5;
  const std::string text = snapshot.dump();
  sqlite3_stmt* write = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db, "UPDATE instances SET snapshot = ?1 WHERE id = 1", -1, &write, nullptr), SQLITE_OK);
  sqlite3_bind_text(write, 1, text.c_str(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
  ASSERT_EQ(sqlite3_step(write), SQLITE_DONE);
  sqlite3_finalize(write);
  sqlite3_close(db);

  CliRun again = run(fmt::format("run {} '{}' --store '{}'", config, scenario, store), false);
  EXPECT_EQ(again.exit_code, 1) << again.output;
  EXPECT_NE(again.output.find("visits.accept"), std::string::npos) << again.output;
  EXPECT_NE(again.output.find("the store is damaged"), std::string::npos) << again.output;
  EXPECT_EQ(again.output.find("terminate called"), std::string::npos) << again.output;
}

TEST(StoreCli, AScenarioThatStartsATicketTwiceIsRefusedWithTheLine) {
  std::ifstream in(examples("95598/scenarios/meter_install_A1.jsonl"));
  std::string first;
  std::getline(in, first);  // the start of ticket A1
  const std::string twice = temp_file("twice.jsonl", first + "\n" + first + "\n").string();
  CliRun r = run(fmt::format("run --config {} '{}'", examples("95598/docket.toml"), twice));
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find("twice.jsonl:2: error: ticket `A1` was started at line 1: a ticket is started once"),
            std::string::npos)
      << r.output;
}

#ifdef DOCKET_WITH_POSTGRES
TEST(StoreCli, RunAndAuditWorkOnAPostgresqlServerToo) {
  test::PostgresServer& server = test::PostgresServer::get();
  ASSERT_TRUE(server.up()) << server.error();
  (void)server.fresh_database();  // docket_1
  const std::string url = fmt::format("postgresql://docket@127.0.0.1:{}/docket_1", server.port());
  CliRun played = run(fmt::format("run --config {} {} --store '{}'", examples("95598/docket.toml"),
                                  examples("95598/scenarios/meter_install_A1.jsonl"), url), false);
  ASSERT_EQ(played.exit_code, 0) << played.output;
  EXPECT_NE(played.output.find("(instance 1 in postgresql://"), std::string::npos) << played.output;
  CliRun audit = run(fmt::format("audit '{}' --format json", url), false);
  ASSERT_EQ(audit.exit_code, 0) << audit.output;
  std::vector<nlohmann::json> instances = json_lines(audit.output);
  ASSERT_EQ(instances.size(), 1U);
  EXPECT_EQ(instances[0]["state"]["end"], "done");
  EXPECT_GT(instances[0]["trail"].size(), 20U);
  CliRun nowhere = run(fmt::format("audit 'postgresql://docket@127.0.0.1:{}/no_such_db'", server.port()));
  EXPECT_EQ(nowhere.exit_code, 1);
  EXPECT_NE(nowhere.output.find("check the host, port, database and user"), std::string::npos) << nowhere.output;
}
#else
TEST(StoreCli, APostgresqlUrlNamesTheMissingBuildOption) {
  CliRun played = run(fmt::format("run --config {} {} --store postgresql://docket@127.0.0.1:1/docket_1",
                                  examples("95598/docket.toml"), examples("95598/scenarios/meter_install_A1.jsonl")));
  EXPECT_EQ(played.exit_code, 1);
  EXPECT_NE(played.output.find("this docket was built without PostgreSQL (DOCKET_WITH_POSTGRES=OFF)"), std::string::npos)
      << played.output;
}
#endif

TEST(StoreCli, StoresThatCannotBeUsedAreNamedWithTheFix) {
  const std::string notes = temp_file("notes.txt", "just some notes, not a database at all..........\n").string();
  CliRun bad = run(fmt::format("audit '{}'", notes));
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.output.find("cannot read it as a docket store: file is not a database"), std::string::npos) << bad.output;
  EXPECT_NE(bad.output.find("or one a docket store wrote"), std::string::npos) << bad.output;

  CliRun nowhere = run(fmt::format("run --config {} {} --store /nonexistent-dir/x.sqlite", examples("95598/docket.toml"),
                                   examples("95598/scenarios/meter_install_A1.jsonl")));
  EXPECT_EQ(nowhere.exit_code, 1);
  EXPECT_NE(nowhere.output.find("check that its directory exists and is writable"), std::string::npos) << nowhere.output;

  const std::string store = temp_file("one.sqlite", "").string();
  std::filesystem::remove(store);
  ASSERT_EQ(run(fmt::format("run --config {} {} --store '{}'", examples("95598/docket.toml"),
                            examples("95598/scenarios/meter_install_A1.jsonl"), store)).exit_code, 0);
  CliRun absent = run("audit /nonexistent-dir/x.sqlite");
  EXPECT_EQ(absent.exit_code, 1);
  EXPECT_NE(absent.output.find("does not exist: give the file `docket run --store` wrote"), std::string::npos) << absent.output;

  CliRun missing = run(fmt::format("audit '{}' --instance 9", store));
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.output.find("has no instance 9 (run without --instance to list them)"), std::string::npos)
      << missing.output;
}

}  // namespace
}  // namespace docket::testing
