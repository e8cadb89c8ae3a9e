// PostgresStore's shared mode against a real server: ids, revisions, claims, leases and the fence, notices; two engines on one database.
#include <gtest/gtest.h>

#include <chrono>
#include <set>
#include <thread>
#include <vector>

#include "docket/core/postgres_store.hpp"
#include "postgres_server.hpp"
#include "store_fixture.hpp"

namespace docket {
namespace {

using namespace docket::test;
using namespace std::chrono_literals;

PostgresStore::SharedOptions lease_of(std::chrono::milliseconds ms) {
  PostgresStore::SharedOptions o;
  o.lease = ms;
  return o;
}

StoredInstance row(InstanceId id, std::uint64_t revision, const char* due, const std::string& snapshot) {
  StoredInstance i{id, "w", 1, true, std::nullopt, snapshot, revision};
  if (due != nullptr) i.next_due = sh(due);
  return i;
}

class SharedStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    PostgresServer& server = PostgresServer::get();
    ASSERT_TRUE(server.up()) << server.error();
    conninfo = server.fresh_database();
  }
  std::string conninfo;
};

TEST_F(SharedStoreTest, IdsComeFromTheDatabaseAndNeverCollide) {
  PostgresStore a(conninfo, lease_of(5s));
  PostgresStore b(conninfo, lease_of(5s));
  std::set<InstanceId> ids;
  for (int i = 0; i < 100; ++i) {
    EXPECT_TRUE(ids.insert(a.allocate_id()).second);
    EXPECT_TRUE(ids.insert(b.allocate_id()).second);
  }
  EXPECT_TRUE(a.shared());
  EXPECT_NE(a.lease_id(), b.lease_id());
}

TEST_F(SharedStoreTest, AWriteFromAStaleReadIsRefusedAndWritesNothing) {
  PostgresStore a(conninfo, lease_of(5s));
  PostgresStore b(conninfo, lease_of(5s));
  StoreBatch first;
  first.instances.push_back(row(1, 0, nullptr, "v1"));
  a.write(first);
  const StoredInstance read_by_a = *a.instance(1);
  const StoredInstance read_by_b = *b.instance(1);
  EXPECT_EQ(read_by_a.revision, 1U);
  StoreBatch by_b;
  by_b.instances.push_back(row(1, read_by_b.revision, nullptr, "v2 by b"));
  b.write(by_b);
  EXPECT_EQ(a.instance(1)->revision, 2U);
  StoreBatch by_a;
  by_a.instances.push_back(row(1, read_by_a.revision, nullptr, "v2 by a"));
  by_a.trail.push_back({sh("2025-09-22T09:00"), 1, TraceKind::entered, "x", "", std::nullopt, nullptr});
  by_a.meta["m"] = "a";
  try {
    a.write(by_a);
    FAIL() << "a stale write was accepted";
  } catch (const StoreConflict& e) {
    EXPECT_NE(std::string(e.what()).find("instance 1 was written by another process"), std::string::npos) << e.what();
  }
  EXPECT_EQ(a.instance(1)->snapshot, "v2 by b");
  EXPECT_TRUE(a.audit(1).empty());
  EXPECT_FALSE(a.meta("m").has_value());
  // A new instance whose id is taken, and a business key another process took first: conflicts too.
  StoreBatch clash;
  clash.instances.push_back(row(1, 0, nullptr, "new"));
  EXPECT_THROW(a.write(clash), StoreConflict);
  StoreBatch key1;
  key1.keys.push_back({"T-1", 1, "f"});
  b.write(key1);
  EXPECT_THROW(a.write(key1), StoreConflict);
}

TEST_F(SharedStoreTest, DueTimersAreClaimedByOneProcessEach) {
  PostgresStore a(conninfo, lease_of(5s));
  PostgresStore b(conninfo, lease_of(5s));
  StoreBatch batch;
  for (InstanceId id = 1; id <= 10; ++id) batch.instances.push_back(row(id, 0, "2025-09-22T10:00", "s"));
  a.write(batch);
  const std::vector<DueInstance> mine = a.claim_due(sh("2025-09-22T10:00"), 4, std::nullopt);
  const std::vector<DueInstance> theirs = b.claim_due(sh("2025-09-22T10:00"), 100, std::nullopt);
  ASSERT_EQ(mine.size(), 4U);
  ASSERT_EQ(theirs.size(), 6U);
  EXPECT_EQ(mine.front().id, 1U);  // in (due, id) order
  EXPECT_EQ(theirs.front().id, 5U);
  // What another process claimed is not this one's to wait for.
  EXPECT_TRUE(b.claim_due(sh("2025-09-22T10:00"), 100, std::nullopt).empty());
  EXPECT_EQ(a.due(sh("2025-09-22T10:00"), 100, std::nullopt).size(), 4U);
  // Writing an instance settles its claim; release_claims gives back the rest.
  StoreBatch fired;
  fired.instances.push_back(row(1, 1, nullptr, "fired"));
  a.write(fired);
  a.release_claims();
  const std::vector<DueInstance> again = b.claim_due(sh("2025-09-22T10:00"), 100, std::nullopt);
  ASSERT_EQ(again.size(), 3U);
  EXPECT_EQ(again.front().id, 2U);
}

TEST_F(SharedStoreTest, AProcessPastItsLeaseIsFencedAndItsWorkTakenOver) {
  PostgresStore stalled(conninfo, lease_of(300ms));
  PostgresStore other(conninfo, lease_of(5s));
  StoreBatch batch;
  batch.instances.push_back(row(1, 0, "2025-09-22T10:00", "before"));
  OutboxEntry action;
  action.action.idempotency_key = "1:x:1";
  action.action.instance = 1;
  action.action.name = "x";
  batch.actions.push_back(action);
  stalled.write(batch);
  ASSERT_EQ(stalled.claim_due(sh("2025-09-22T10:00"), 10, std::nullopt).size(), 1U);
  ASSERT_EQ(stalled.claim_actions(ActionChannel::host, sh("2025-09-22T10:00"), 10).size(), 1U);
  other.heartbeat();  // the lease is alive: nothing is taken over
  EXPECT_TRUE(other.claim_due(sh("2025-09-22T10:00"), 10, std::nullopt).empty());
  EXPECT_TRUE(other.claim_actions(ActionChannel::host, sh("2025-09-22T10:00"), 10).empty());

  std::this_thread::sleep_for(450ms);  // the stalled process misses its lease (SIGSTOP, a long pause)
  other.heartbeat();                   // ... and the other one takes over its claims
  EXPECT_EQ(other.claim_due(sh("2025-09-22T10:00"), 10, std::nullopt).size(), 1U);
  EXPECT_EQ(other.claim_actions(ActionChannel::host, sh("2025-09-22T10:00"), 10).size(), 1U);

  StoreBatch late;
  late.instances.push_back(row(1, 1, nullptr, "written after the lease ended"));
  late.meta["late"] = "yes";
  try {
    stalled.write(late);
    FAIL() << "a write after the lease ended was accepted";
  } catch (const StoreFenced& e) {
    EXPECT_NE(std::string(e.what()).find("has ended"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("nothing was written"), std::string::npos) << e.what();
  }
  EXPECT_EQ(other.instance(1)->snapshot, "before");
  EXPECT_FALSE(other.meta("late").has_value());
  EXPECT_THROW(stalled.heartbeat(), StoreFenced);
  EXPECT_THROW((void)stalled.claim_due(sh("2025-09-22T10:00"), 10, std::nullopt), StoreFenced);
  // The survivor still writes.
  StoreBatch by_other;
  by_other.instances.push_back(row(1, 1, nullptr, "fired by the other"));
  other.write(by_other);
  EXPECT_EQ(other.instance(1)->snapshot, "fired by the other");
}

TEST_F(SharedStoreTest, AWriteWakesAnIdleProcess) {
  PostgresStore waiting(conninfo, lease_of(5s));
  PostgresStore writer(conninfo, lease_of(5s));
  EXPECT_FALSE(waiting.wait_for_work(50ms).has_value());  // nothing yet: a timeout
  std::optional<Instant> woke;
  std::chrono::steady_clock::duration latency{};
  std::thread t([&] {
    const auto start = std::chrono::steady_clock::now();
    woke = waiting.wait_for_work(5s);
    latency = std::chrono::steady_clock::now() - start;
  });
  std::this_thread::sleep_for(100ms);
  const auto wrote = std::chrono::steady_clock::now();
  StoreBatch batch;
  batch.instances.push_back(row(1, 0, "2025-09-22T10:00", "s"));
  writer.write(batch);
  t.join();
  ASSERT_TRUE(woke.has_value());
  EXPECT_EQ(*woke, sh("2025-09-22T10:00"));
  EXPECT_LT(latency, 2s);
  std::cout << "[shared store] woken "
            << std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - wrote).count()
            << " us after the write returned\n";
}

TEST_F(SharedStoreTest, OneWriterAndSharedWritersExcludeEachOther) {
  {
    PostgresStore shared(conninfo, lease_of(5s));
    EXPECT_THROW(PostgresStore(conninfo, PostgresStore::Mode::write), StoreError);
    PostgresStore reader(conninfo, PostgresStore::Mode::read_only);
  }
  PostgresStore single(conninfo, PostgresStore::Mode::write);
  EXPECT_THROW(PostgresStore(conninfo, lease_of(5s)), StoreError);
}

// Two engines, each on its own connection and lease, on one database: any of them takes any instance.
class TwoEngines : public SlaTest {
 protected:
  void SetUp() override {
    PostgresServer& server = PostgresServer::get();
    ASSERT_TRUE(server.up()) << server.error();
    conninfo = server.fresh_database();
    load(kEverything);
    store_a = std::make_unique<PostgresStore>(conninfo, lease_of(5s));
    store_b = std::make_unique<PostgresStore>(conninfo, lease_of(5s));
    a = make(*store_a);
    b = make(*store_b);
  }
  std::unique_ptr<Engine> make(Store& store) {
    auto e = std::make_unique<Engine>(program, clock);
    e->use_calendars(calendars);
    e->use_store(store);
    (void)e->recover();
    return e;
  }
  std::string conninfo;
  std::unique_ptr<PostgresStore> store_a;
  std::unique_ptr<PostgresStore> store_b;
  std::unique_ptr<Engine> a;
  std::unique_ptr<Engine> b;
};

TEST_F(TwoEngines, EitherEngineTakesAnyInstanceAndNeverWritesFromAStaleCopy) {
  at("2025-09-22T09:00");
  const InstanceId id = a->start("w", {ticket("normal")});
  EXPECT_EQ(a->program_version(), b->program_version());
  b->complete(id, "accept", outcome("crews", Value(std::int64_t{2})));  // b reads what a wrote
  EXPECT_EQ(a->status(id).active, (std::vector<std::string>{"fix", "tell"}));
  a->complete(id, "fix");  // a's cached copy (before accept) is not used: read again
  b->complete(id, "tell");
  EXPECT_EQ(a->status(id).active, (std::vector<std::string>{"waiting"}));

  // Both change the instance at once (open batches): the second commit is refused, nothing of it
  // kept, and run again it sees the first one's change.
  {
    Engine::Batch in_a(*a);
    Engine::Batch in_b(*b);
    a->signal(id, "back");
    b->signal(id, "back");
    in_a.commit();
    EXPECT_THROW(in_b.commit(), StoreConflict);
  }
  EXPECT_EQ(b->status(id).active, (std::vector<std::string>{"close"}));  // b sees a's signal, not its own
  b->complete(id, "close", outcome("satisfied", Value(true)));
  EXPECT_TRUE(a->status(id).finished);
  std::size_t entered_close = 0;
  for (const TraceEntry& t : store_a->audit(id)) entered_close += t.kind == TraceKind::entered && t.node == "close" ? 1U : 0U;
  EXPECT_EQ(entered_close, 1U) << "a step was entered twice";
}

TEST_F(TwoEngines, TimersFireOnceBetweenTwoEngines) {
  at("2025-09-22T09:00");
  std::vector<InstanceId> ids;
  for (int i = 0; i < 20; ++i) ids.push_back(a->start("w", {ticket(i % 2 == 0 ? "normal" : "urgent")}));
  clock.set(sh("2025-09-22T11:30"));  // every accept's 2h deadline has passed
  auto missed = [&](InstanceId id) {
    std::size_t n = 0;
    for (const TraceEntry& t : store_a->audit(id)) n += t.kind == TraceKind::deadline_missed ? 1U : 0U;
    return n;
  };
  // b's process is in the middle of firing five of them (it claimed them): a fires the others only.
  const std::vector<DueInstance> held = store_b->claim_due(clock.now(), 5, std::nullopt);
  ASSERT_EQ(held.size(), 5U);
  EXPECT_EQ(a->next_timer(), sh("2025-09-22T11:00"));
  a->fire_due_timers();
  std::size_t fired = 0;
  for (InstanceId id : ids) fired += missed(id);
  EXPECT_EQ(fired, 15U);
  for (const DueInstance& d : held) EXPECT_EQ(missed(d.id), 0U) << "instance " << d.id << " was fired by a, claimed by b";
  store_b->release_claims();  // b's unit of work was rolled back, say: its claims are free again
  b->fire_due_timers();
  a->fire_due_timers();  // nothing left
  for (InstanceId id : ids) EXPECT_EQ(missed(id), 1U) << "instance " << id;
}

}  // namespace
}  // namespace docket
