// SqliteStore on real files: what it keeps across opening it again, its errors, and a writer killed mid-work.
#include <gtest/gtest.h>
#include <fmt/format.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <fstream>

#include "docket/core/sqlite_store.hpp"
#include "store_fixture.hpp"

namespace docket {
namespace {

using namespace docket::test;
namespace fs = std::filesystem;

class SqliteStoreTest : public SlaTest {
 protected:
  void SetUp() override {
    dir = fs::temp_directory_path() /
          fmt::format("docket-sqlite-{}-{}", ::testing::UnitTest::GetInstance()->current_test_info()->name(), ::getpid());
    fs::remove_all(dir);
    fs::create_directories(dir);
    path = (dir / "store.sqlite").string();
  }
  void TearDown() override { fs::remove_all(dir); }

  void expect_refused(const std::string& file, const std::string& part) {
    try {
      SqliteStore store(file);
      FAIL() << file << " was opened";
    } catch (const StoreError& e) {
      EXPECT_NE(std::string(e.what()).find(file), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find(part), std::string::npos) << e.what();
    }
  }

  fs::path dir;
  std::string path;
};

TEST_F(SqliteStoreTest, KeepsWhatWasWrittenAcrossOpeningItAgain) {
  StoreBatch batch;
  batch.instances.push_back({7, "w", true, R"({"format":1})"});
  batch.trail.push_back({sh("2025-09-22T09:00"), 7, TraceKind::entered, "accept", "role counter", sh("2025-09-22T11:00")});
  batch.trail.push_back({sh("2025-09-22T09:05"), 7, TraceKind::deadline_missed, "accept", "late", std::nullopt});
  Action action;
  action.instance = 7;
  action.name = "escalate";
  action.args = {Value(std::int64_t{2}), Value(std::string("x")), Value(true), Value(1.5)};
  action.idempotency_key = "7:sla:reply:breach:0";
  action.at = sh("2025-09-22T15:00");
  action.role = "manager";
  action.sla = "reply";
  action.level = 1;
  batch.actions.push_back(action);
  {
    SqliteStore store(path);
    store.write(batch);
    store.write(StoreBatch{{{7, "w", false, R"({"format":1,"status":"finished"})"}}, {}, {action}});  // same key: kept once
  }
  SqliteStore store(path);
  ASSERT_TRUE(store.instance(7).has_value());
  EXPECT_FALSE(store.instance(7)->open);
  EXPECT_EQ(store.instance(7)->snapshot, R"({"format":1,"status":"finished"})");
  EXPECT_FALSE(store.instance(8).has_value());
  EXPECT_TRUE(store.open_instances().empty());
  EXPECT_EQ(store.last_instance_id(), 7U);
  std::vector<TraceEntry> trail = store.audit(7);
  ASSERT_EQ(trail.size(), 2U);
  EXPECT_EQ(trail[0].kind, TraceKind::entered);
  EXPECT_EQ(trail[0].due, sh("2025-09-22T11:00"));
  EXPECT_EQ(trail[1].kind, TraceKind::deadline_missed);
  EXPECT_FALSE(trail[1].due.has_value());
  std::vector<Action> stored = store.actions(7);
  ASSERT_EQ(stored.size(), 1U);
  EXPECT_EQ(stored[0].idempotency_key, action.idempotency_key);
  EXPECT_EQ(stored[0].args, action.args);
  EXPECT_EQ(stored[0].at, action.at);
  EXPECT_EQ(stored[0].level, 1);
}

TEST_F(SqliteStoreTest, RefusesWhatItCannotUseAndSaysWhy) {
  expect_refused((dir / "no" / "such" / "dir.sqlite").string(), "check that its directory exists");
  const std::string text = (dir / "notes.txt").string();
  std::ofstream(text) << "this is not a database, just some notes that go on for a while...........................\n";
  expect_refused(text, "give a new file, or one a docket store wrote");
  {
    SqliteStore store(path);
  }
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "UPDATE docket_store SET value = '99' WHERE key = 'schema'", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);
  expect_refused(path, "its schema is version 99 and this docket writes version 1");
}

// A writer killed with SIGKILL in the middle of the script loses nothing it had finished: a new
// engine recovers from the file and ends exactly as an engine that ran the whole script.
TEST_F(SqliteStoreTest, AWriterKilledMidWayLosesNothingItHadDone) {
  load(kEverything);
  auto make_ticket = [this](const char* kind) { return ticket(kind); };
  auto start = [&](Engine& e, std::vector<InstanceId>& ids, const char* kind) { ids.push_back(e.start("w", {make_ticket(kind)})); };
  auto first_half = [&](Engine& e, std::vector<InstanceId>& ids) {
    clock.set(sh("2025-09-22T09:00"));
    start(e, ids, "urgent");
    start(e, ids, "normal");
    advance_to(e, clock, sh("2025-09-22T09:30"));
    e.complete(ids[0], "accept", outcome("crews", std::int64_t{2}));
    e.complete(ids[1], "accept", outcome("crews", std::int64_t{1}));
    advance_to(e, clock, sh("2025-09-22T10:00"));
    e.complete(ids[1], "fix");
    e.complete(ids[1], "tell");  // waiting
  };
  auto second_half = [&](Engine& e, const std::vector<InstanceId>& ids) {
    advance_to(e, clock, sh("2025-09-23T09:00"));  // ticket 0: warned, breached, escalated; fix's deadline passed
    e.signal(ids[1], "back");
    e.complete(ids[1], "close", outcome("satisfied", true));
    advance_to(e, clock, sh("2025-09-24T09:00"));
  };
  auto trail_of = [](const Store& s, const std::vector<InstanceId>& ids) {
    std::vector<std::string> out;
    for (InstanceId id : ids) {
      for (const TraceEntry& t : s.audit(id)) out.push_back(fmt::format("{} {} {}", t.instance, t.node, t.detail));
      out.push_back(s.instance(id)->snapshot);
    }
    return out;
  };

  MemoryStore reference_store;
  std::vector<InstanceId> ids;
  {
    Engine reference(program, clock);
    reference.use_calendars(calendars);
    reference.use_store(reference_store);
    first_half(reference, ids);
    second_half(reference, ids);
  }

  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    SqliteStore store(path);
    Engine e(program, clock);
    e.use_calendars(calendars);
    e.use_store(store);
    std::vector<InstanceId> mine;
    first_half(e, mine);
    std::raise(SIGKILL);  // no destructor, no close: the file is as the last commit left it
  }
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFSIGNALED(status));
  EXPECT_EQ(WTERMSIG(status), SIGKILL);

  SqliteStore store(path);
  Engine recovered(program, clock);
  recovered.use_calendars(calendars);
  recovered.use_store(store);
  clock.set(sh("2025-09-22T10:00"));
  EXPECT_EQ(recovered.recover(), 2U);
  second_half(recovered, ids);
  EXPECT_EQ(trail_of(store, ids), trail_of(reference_store, ids));
}

}  // namespace
}  // namespace docket
