// PostgresStore against a real server on loopback: what it keeps across connections, and its errors.
#include <gtest/gtest.h>

#include "docket/core/postgres_store.hpp"
#include "postgres_server.hpp"
#include "sla_fixture.hpp"

namespace docket {
namespace {

using namespace docket::test;

class PostgresStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    PostgresServer& server = PostgresServer::get();
    ASSERT_TRUE(server.up()) << server.error();
    conninfo = server.fresh_database();
  }
  std::string conninfo;
};

TEST_F(PostgresStoreTest, KeepsWhatWasWrittenAcrossConnections) {
  OutboxEntry entry;
  Action& action = entry.action;
  action.instance = 3;
  action.name = "notify";
  action.args = {Value(std::int64_t{1}), Value(std::string("x \"quoted\" \\ back")), Value(true)};
  action.idempotency_key = "3:sla:reply:warn1:0";
  action.at = sh("2025-09-22T11:00");
  action.role = "lead";
  action.sla = "reply";
  entry.next_at = action.at;
  {
    PostgresStore store(conninfo);
    EXPECT_EQ(store.deploy({0, "h1", R"({"files":[]})", sh("2025-09-22T08:00")}), 1U);
    EXPECT_EQ(store.deploy({0, "h2", "", sh("2025-09-22T08:00")}), 2U);
    EXPECT_EQ(store.deploy({0, "h1", "", sh("2025-09-22T08:00")}), 1U);
    StoreBatch batch;
    batch.instances.push_back({3, "w", 1, true, sh("2025-09-22T11:00"), R"({"format":2, "a": "{\"x\"}"})"});
    batch.trail.push_back({sh("2025-09-22T09:00"), 3, TraceKind::entered, "accept", "role counter", sh("2025-09-22T11:00"), nullptr});
    batch.trail.push_back({sh("2025-09-22T11:00"), 3, TraceKind::warned, "sla reply", "50%, with \"quotes\" and {braces}", std::nullopt, nullptr});
    batch.actions.push_back(entry);
    batch.keys.push_back({"T-3", 3, "fp"});
    batch.meta["run.line"] = "9";
    store.write(batch);
    StoreBatch later;
    later.instances.push_back({4, "w", 2, false, std::nullopt, R"({"format":2,"status":"finished"})"});
    later.actions.push_back(entry);  // the same key: kept once
    later.deliveries.push_back({action.idempotency_key, DeliveryState::delivered, 1, action.at, "", action.at});
    store.write(later);
  }
  PostgresStore store(conninfo);
  EXPECT_EQ(store.allocate_id(), 5U);
  EXPECT_EQ(store.open_count(), 1U);
  EXPECT_EQ(store.instance(3)->snapshot, R"({"format":2, "a": "{\"x\"}"})");
  EXPECT_EQ(store.instance(3)->next_due, sh("2025-09-22T11:00"));
  EXPECT_EQ(store.instance(4)->version, 2U);
  EXPECT_FALSE(store.instance(5).has_value());
  EXPECT_EQ(store.next_due(), sh("2025-09-22T11:00"));
  ASSERT_EQ(store.due(sh("2025-09-22T11:00"), 10, std::nullopt).size(), 1U);
  EXPECT_TRUE(store.due(sh("2025-09-22T11:00"), 10, DueInstance{sh("2025-09-22T11:00"), 3}).empty());
  EXPECT_EQ(store.find_key("T-3")->instance, 3U);
  EXPECT_EQ(store.meta("run.line"), "9");
  std::vector<TraceEntry> trail = store.audit(3);
  ASSERT_EQ(trail.size(), 2U);
  EXPECT_EQ(trail[0].due, sh("2025-09-22T11:00"));
  EXPECT_EQ(trail[1].kind, TraceKind::warned);
  EXPECT_EQ(trail[1].detail, "50%, with \"quotes\" and {braces}");
  EXPECT_FALSE(trail[1].due.has_value());
  std::vector<OutboxEntry> stored = store.outbox(3, std::nullopt);
  ASSERT_EQ(stored.size(), 1U);
  EXPECT_EQ(stored[0].action.args, action.args);
  EXPECT_EQ(stored[0].action.role, "lead");
  EXPECT_EQ(stored[0].state, DeliveryState::delivered);
  EXPECT_TRUE(store.due_actions(ActionChannel::host, sh("2025-09-23T00:00"), 10).empty());
}

TEST_F(PostgresStoreTest, ServersAndDatabasesItCannotUseAreNamedWithTheFix) {
  const int port = PostgresServer::get().port();
  try {
    PostgresStore store(fmt::format("host=127.0.0.1 port={} user=docket dbname=no_such_db connect_timeout=5", port));
    FAIL() << "connected to a database that does not exist";
  } catch (const StoreError& e) {
    EXPECT_NE(std::string(e.what()).find("no_such_db"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("check the host, port, database and user"), std::string::npos) << e.what();
  }
  {
    PostgresStore store(conninfo);
  }
  PGconn* c = PQconnectdb(conninfo.c_str());
  PQclear(PQexec(c, "UPDATE docket_store SET value = '7' WHERE key = 'schema'"));
  PQfinish(c);
  try {
    PostgresStore store(conninfo);
    FAIL() << "opened tables of another schema version";
  } catch (const StoreError& e) {
    EXPECT_NE(std::string(e.what()).find("its schema is version 7 and this docket knows versions 1 to 2"), std::string::npos)
        << e.what();
  }
}

TEST_F(PostgresStoreTest, NeverAdoptsTablesItDidNotMakeAndWritesAloneWhileOthersRead) {
  PGconn* c = PQconnectdb(conninfo.c_str());
  PQclear(PQexec(c, "CREATE TABLE instances (id BIGINT PRIMARY KEY, owner TEXT)"));
  PQfinish(c);
  try {
    PostgresStore store(conninfo);
    FAIL() << "adopted a table named instances that docket did not make";
  } catch (const StoreError& e) {
    EXPECT_NE(std::string(e.what()).find("tables named like docket's (instances)"), std::string::npos) << e.what();
  }
  const std::string fresh = PostgresServer::get().fresh_database();
  PostgresStore writer(fresh);
  try {
    PostgresStore second(fresh);
    FAIL() << "two writers on one database";
  } catch (const StoreError& e) {
    EXPECT_NE(std::string(e.what()).find("another process is writing this database"), std::string::npos) << e.what();
  }
  PostgresStore reader(fresh, PostgresStore::Mode::read_only);
  EXPECT_EQ(reader.open_count(), 0U);
}

}  // namespace
}  // namespace docket
