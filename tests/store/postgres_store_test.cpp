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
  Action action;
  action.instance = 3;
  action.name = "notify";
  action.args = {Value(std::int64_t{1}), Value(std::string("x"))};
  action.idempotency_key = "3:sla:reply:warn1:0";
  action.at = sh("2025-09-22T11:00");
  action.role = "lead";
  action.sla = "reply";
  {
    PostgresStore store(conninfo);
    StoreBatch batch;
    batch.instances.push_back({3, "w", true, R"({"format":1})"});
    batch.trail.push_back({sh("2025-09-22T09:00"), 3, TraceKind::entered, "accept", "role counter", sh("2025-09-22T11:00")});
    batch.trail.push_back({sh("2025-09-22T11:00"), 3, TraceKind::warned, "sla reply", "50%", std::nullopt});
    batch.actions.push_back(action);
    store.write(batch);
    store.write(StoreBatch{{{4, "w", false, R"({"format":1,"status":"finished"})"}}, {}, {action}});  // same key: kept once
  }
  PostgresStore store(conninfo);
  EXPECT_EQ(store.last_instance_id(), 4U);
  ASSERT_EQ(store.open_instances().size(), 1U);
  EXPECT_EQ(store.open_instances()[0].id, 3U);
  EXPECT_EQ(store.instance(4)->snapshot, R"({"format":1,"status":"finished"})");
  EXPECT_FALSE(store.instance(5).has_value());
  std::vector<TraceEntry> trail = store.audit(3);
  ASSERT_EQ(trail.size(), 2U);
  EXPECT_EQ(trail[0].due, sh("2025-09-22T11:00"));
  EXPECT_EQ(trail[1].kind, TraceKind::warned);
  EXPECT_FALSE(trail[1].due.has_value());
  std::vector<Action> stored = store.actions(3);
  ASSERT_EQ(stored.size(), 1U);
  EXPECT_EQ(stored[0].args, action.args);
  EXPECT_EQ(stored[0].role, "lead");
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
    EXPECT_NE(std::string(e.what()).find("its schema is version 7 and this docket writes version 1"), std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace docket
