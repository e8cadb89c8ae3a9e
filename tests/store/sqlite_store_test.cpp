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

  void expect_refused_read_only(const std::string& file, const std::string& part) {
    try {
      SqliteStore store(file, SqliteStore::Sync::full, SqliteStore::Mode::read_only);
      FAIL() << file << " was opened";
    } catch (const StoreError& e) {
      EXPECT_NE(std::string(e.what()).find(part), std::string::npos) << e.what();
    }
  }

  fs::path dir;
  std::string path;
};

TEST_F(SqliteStoreTest, KeepsWhatWasWrittenAcrossOpeningItAgain) {
  StoreBatch batch;
  batch.instances.push_back({7, "w", 1, true, sh("2025-09-22T11:00"), R"({"format":2})"});
  batch.trail.push_back({sh("2025-09-22T09:00"), 7, TraceKind::entered, "accept", "role counter", sh("2025-09-22T11:00"), nullptr});
  batch.trail.push_back({sh("2025-09-22T09:05"), 7, TraceKind::deadline_missed, "accept", "late", std::nullopt, nullptr});
  OutboxEntry entry;
  Action& action = entry.action;
  action.instance = 7;
  action.name = "escalate";
  action.args = {Value(std::int64_t{2}), Value(std::string("x")), Value(true), Value(1.5)};
  action.idempotency_key = "7:sla:reply:breach:0";
  action.at = sh("2025-09-22T15:00");
  action.role = "manager";
  action.sla = "reply";
  action.level = 1;
  entry.next_at = action.at;
  batch.actions.push_back(entry);
  batch.keys.push_back({"T-7", 7, "abc"});
  batch.meta["run.line"] = "3";
  {
    SqliteStore store(path);
    EXPECT_EQ(store.deploy({0, "h1", R"({"files":[]})", sh("2025-09-22T08:00")}), 1U);
    EXPECT_EQ(store.deploy({0, "h2", R"({"files":[]})", sh("2025-09-22T08:00")}), 2U);
    EXPECT_EQ(store.deploy({0, "h1", "", sh("2025-09-22T08:00")}), 1U);  // the same sources: the same version
    store.write(batch);
    StoreBatch later;
    later.instances.push_back({7, "w", 2, false, std::nullopt, R"({"format":2,"status":"finished"})"});
    later.actions.push_back(entry);  // the same key: kept once
    later.deliveries.push_back({entry.action.idempotency_key, DeliveryState::failed, 1, sh("2025-09-22T15:01"), "busy", {}});
    store.write(later);
  }
  SqliteStore store(path);
  ASSERT_TRUE(store.instance(7).has_value());
  EXPECT_FALSE(store.instance(7)->open);
  EXPECT_EQ(store.instance(7)->version, 2U);
  EXPECT_FALSE(store.instance(7)->next_due.has_value());
  EXPECT_EQ(store.instance(7)->snapshot, R"({"format":2,"status":"finished"})");
  EXPECT_FALSE(store.instance(8).has_value());
  EXPECT_EQ(store.open_count(), 0U);
  EXPECT_EQ(store.allocate_id(), 8U);  // after the highest id stored
  EXPECT_EQ(store.find_key("T-7")->instance, 7U);
  EXPECT_FALSE(store.find_key("T-8").has_value());
  EXPECT_EQ(store.meta("run.line"), "3");
  ASSERT_EQ(store.versions().size(), 2U);
  EXPECT_EQ(store.versions()[1].hash, "h2");
  std::vector<TraceEntry> trail = store.audit(7);
  ASSERT_EQ(trail.size(), 2U);
  EXPECT_EQ(trail[0].kind, TraceKind::entered);
  EXPECT_EQ(trail[0].due, sh("2025-09-22T11:00"));
  EXPECT_EQ(trail[1].kind, TraceKind::deadline_missed);
  EXPECT_FALSE(trail[1].due.has_value());
  std::vector<OutboxEntry> stored = store.outbox(7, std::nullopt);
  ASSERT_EQ(stored.size(), 1U);
  EXPECT_EQ(stored[0].action.idempotency_key, action.idempotency_key);
  EXPECT_EQ(stored[0].action.args, action.args);
  EXPECT_EQ(stored[0].action.at, action.at);
  EXPECT_EQ(stored[0].action.level, 1);
  EXPECT_EQ(stored[0].state, DeliveryState::failed);
  EXPECT_EQ(stored[0].attempts, 1U);
  EXPECT_EQ(stored[0].last_error, "busy");
  EXPECT_TRUE(store.due_actions(ActionChannel::host, sh("2025-09-22T15:00"), 10).empty());  // not before its next attempt
  EXPECT_EQ(store.due_actions(ActionChannel::host, sh("2025-09-22T15:01"), 10).size(), 1U);
  EXPECT_EQ(store.next_retry(ActionChannel::host), sh("2025-09-22T15:01"));
  EXPECT_FALSE(store.next_retry(ActionChannel::plugin).has_value());
}

TEST_F(SqliteStoreTest, TheDueIndexAnswersInDueThenIdOrder) {
  SqliteStore store(path);
  StoreBatch batch;
  for (InstanceId id : {InstanceId{5}, InstanceId{3}, InstanceId{9}, InstanceId{4}}) {
    batch.instances.push_back({id, "w", 1, true, sh(id == 9 ? "2025-09-22T09:00" : "2025-09-22T10:00"), "{}"});
  }
  batch.instances.push_back({6, "w", 1, true, std::nullopt, "{}"});  // no timer
  store.write(batch);
  std::vector<DueInstance> due = store.due(sh("2025-09-22T10:00"), 10, std::nullopt);
  std::vector<InstanceId> ids;
  for (const DueInstance& d : due) ids.push_back(d.id);
  EXPECT_EQ(ids, (std::vector<InstanceId>{9, 3, 4, 5}));
  std::vector<DueInstance> page = store.due(sh("2025-09-22T10:00"), 2, due[1]);  // after (10:00, 3)
  ASSERT_EQ(page.size(), 2U);
  EXPECT_EQ(page[0].id, 4U);
  EXPECT_EQ(page[1].id, 5U);
  EXPECT_TRUE(store.due(sh("2025-09-22T08:59"), 10, std::nullopt).empty());
  EXPECT_EQ(store.next_due(), sh("2025-09-22T09:00"));
}

// Item 6 of issue 12: a file is docket's only if docket made it; anything else is refused, never written.
TEST_F(SqliteStoreTest, RefusesWhatItCannotUseAndSaysWhy) {
  expect_refused((dir / "no" / "such" / "dir.sqlite").string(), "check that its directory exists");
  expect_refused(dir.string(), "it is a directory");

  const std::string empty = (dir / "empty.sqlite").string();
  std::ofstream(empty).close();
  expect_refused(empty, "the file is empty");
  EXPECT_EQ(fs::file_size(empty), 0U) << "an empty file must not be given docket's tables";

  const std::string text = (dir / "notes.txt").string();
  std::ofstream(text) << "this is not a database, just some notes that go on for a while...........................\n";
  expect_refused(text, "cannot read it as a docket store");

  const std::string foreign = (dir / "crm.sqlite").string();
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(foreign.c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db, "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)", nullptr, nullptr, nullptr),
              SQLITE_OK);
    sqlite3_close(db);
  }
  const auto before = fs::last_write_time(foreign);
  const auto size = fs::file_size(foreign);
  expect_refused(foreign, "a SQLite database of another application");
  EXPECT_EQ(fs::last_write_time(foreign), before);
  EXPECT_EQ(fs::file_size(foreign), size);

  const std::string other_app = (dir / "other.sqlite").string();
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(other_app.c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db, "PRAGMA application_id = 1234; CREATE TABLE t (x)", nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(db);
  }
  expect_refused(other_app, "application_id 0x000004D2");

  { SqliteStore store(path); }
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "PRAGMA user_version = 99", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);
  expect_refused(path, "its schema is version 99 and this docket knows versions 1 to 2");
}

TEST_F(SqliteStoreTest, RefusesADamagedFileNamingItAndTheFix) {
  {
    SqliteStore store(path);
    StoreBatch batch;
    for (InstanceId id = 1; id <= 400; ++id) {
      batch.instances.push_back({id, "w", 1, true, sh("2025-09-22T10:00"), std::string(300, 'x')});
    }
    store.write(batch);
  }
  { SqliteStore checkpointed(path, SqliteStore::Sync::full); }  // closing the last connection checkpoints the WAL
  // Garbage over a page in the middle of the file (not the header): SQLite's quick_check finds it.
  {
    std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(static_cast<std::streamoff>(fs::file_size(path) / 2));
    const std::string garbage(4096, '\x5a');
    f.write(garbage.data(), static_cast<std::streamsize>(garbage.size()));
  }
  expect_refused(path, "it is damaged");
  expect_refused(path, "restore it from a backup");
}

TEST_F(SqliteStoreTest, OneProcessWritesAFileAtATime) {
  SqliteStore writer(path);
  expect_refused(path, "another process is writing it");
  SqliteStore reader(path, SqliteStore::Sync::full, SqliteStore::Mode::read_only);  // audit meanwhile
  EXPECT_EQ(reader.open_count(), 0U);
  EXPECT_THROW(reader.write(StoreBatch{}), StoreError);
}

// A store written by the docket before program versions and the durable outbox (schema 1) is
// brought up to date when opened for writing: its instances keep running, its actions are kept.
TEST_F(SqliteStoreTest, BringsASchemaOneStoreUpToDate) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, R"sql(
    CREATE TABLE docket_store (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    INSERT INTO docket_store VALUES ('schema', '1');
    CREATE TABLE instances (id INTEGER PRIMARY KEY, workflow TEXT NOT NULL, open INTEGER NOT NULL, snapshot TEXT NOT NULL);
    CREATE INDEX instances_open ON instances (id) WHERE open = 1;
    CREATE TABLE trail (seq INTEGER PRIMARY KEY, instance INTEGER NOT NULL, at INTEGER NOT NULL, kind TEXT NOT NULL,
                        node TEXT NOT NULL, detail TEXT NOT NULL, due INTEGER);
    CREATE TABLE actions (key TEXT PRIMARY KEY, instance INTEGER NOT NULL, name TEXT NOT NULL, args TEXT NOT NULL,
                          at INTEGER NOT NULL, role TEXT NOT NULL, sla TEXT NOT NULL, level INTEGER NOT NULL);
    INSERT INTO instances VALUES (1, 'w', 1, '{}'), (2, 'w', 0, '{}');
    INSERT INTO actions VALUES ('1:sla:reply:warn1:0', 1, 'notify', '[]', 100, 'lead', 'reply', 0);
  )sql", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);
  expect_refused_read_only(path, "open it for writing once");
  SqliteStore store(path);
  EXPECT_EQ(store.open_count(), 1U);
  EXPECT_EQ(store.instance(1)->version, 1U);
  EXPECT_EQ(store.next_due(), Instant{});  // looked at by the first timer sweep, which sets its real due time
  ASSERT_EQ(store.versions().size(), 1U);
  EXPECT_EQ(store.versions()[0].hash, "");  // unversioned: runs on the engine's program, as before
  ASSERT_EQ(store.outbox(1, std::nullopt).size(), 1U);
  EXPECT_EQ(store.outbox(1, std::nullopt)[0].state, DeliveryState::delivered);
  EXPECT_EQ(store.allocate_id(), 3U);
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
  EXPECT_EQ(recovered.recover(), 2U);  // open instances in the store; none is read until needed
  second_half(recovered, ids);
  EXPECT_EQ(trail_of(store, ids), trail_of(reference_store, ids));
}

}  // namespace
}  // namespace docket
