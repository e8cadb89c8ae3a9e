// Recovery: an engine stopped after any line of a script and recovered from its store ends exactly as one never stopped.
#include <gtest/gtest.h>
#include <fmt/format.h>

#include <filesystem>

#include "docket/core/sqlite_store.hpp"
#include "store_fixture.hpp"
#ifdef DOCKET_WITH_POSTGRES
#include "docket/core/postgres_store.hpp"
#include "postgres_server.hpp"
#endif

namespace docket {
namespace {

using namespace docket::test;

std::string shown(const TraceEntry& e) {
  return fmt::format("{} #{} {} {} | {} | {}", e.at.time_since_epoch().count(), e.instance, trace_kind_name(e.kind),
                     e.node, e.detail, e.due ? e.due->time_since_epoch().count() : 0);
}

std::string shown(const Action& a) {
  return fmt::format("{} {} {} role={} sla={} level={} at={}", a.idempotency_key, a.instance, a.name, a.role, a.sla,
                     a.level, a.at.time_since_epoch().count());
}

std::string shown(const InstanceStatus& s) {
  return fmt::format("{} active={} finished={} end={} error={} retries={} retry_at={} level={}", s.workflow,
                     fmt::join(s.active, ","), s.finished, s.end, s.error, s.retries,
                     s.retry_at ? s.retry_at->time_since_epoch().count() : 0, s.escalation_level);
}

// The script: three tickets through every part of the workflow (see store_fixture.hpp).
using MakeTicket = std::function<Value(const char*)>;

std::vector<ScriptLine> script(const MakeTicket& ticket) {
  auto start = [ticket](const char* kind) {
    return [ticket, kind](Engine& e, std::vector<InstanceId>& ids) { ids.push_back(e.start("w", {ticket(kind)})); };
  };
  auto complete = [](std::size_t who, const char* step, std::map<std::string, Value, std::less<>> outcomes = {}) {
    return [=](Engine& e, std::vector<InstanceId>& ids) { e.complete(ids.at(who), step, outcomes); };
  };
  auto signal = [](std::size_t who, const char* event) {
    return [=](Engine& e, std::vector<InstanceId>& ids) { e.signal(ids.at(who), event); };
  };
  return {
      {"2025-09-22T09:00", start("urgent")},
      {"2025-09-22T09:10", start("normal")},
      {"2025-09-22T09:30", complete(0, "accept", outcome("crews", std::int64_t{2}))},
      {"2025-09-22T09:35", complete(1, "accept", outcome("crews", std::int64_t{0}))},  // 12 / 0: fails, retried
      {"2025-09-22T09:40", start("normal")},
      {"2025-09-22T10:00", complete(0, "tell")},
      {"2025-09-22T10:20", complete(2, "accept", outcome("crews", std::int64_t{1}))},
      {"2025-09-22T10:30", complete(2, "fix")},
      {"2025-09-22T10:40", complete(2, "tell")},  // waiting: its SLA pauses
      {"2025-09-22T11:05", nullptr},             // ticket 0 warned at 11:00
      {"2025-09-22T15:30", nullptr},             // ticket 0 breached at 15:00
      {"2025-09-22T17:10", nullptr},             // ticket 0 escalated to level 2 at 17:00
      {"2025-09-23T08:45", [ticket](Engine& e, std::vector<InstanceId>& ids) { e.update(ids.at(2), "t", ticket("urgent")); }},
      {"2025-09-23T09:00", signal(2, "back")},
      {"2025-09-23T09:30", complete(2, "close", outcome("satisfied", false))},  // reopened: the SLA resets
      {"2025-09-23T10:00", complete(2, "reopen")},
      {"2025-09-23T10:30", complete(2, "close", outcome("satisfied", true))},
      {"2025-09-24T09:00", complete(0, "fix")},  // its 1-workday deadline passed on Tuesday at 17:30
      {"2025-09-24T09:30", signal(0, "back")},
      {"2025-09-24T10:05", complete(0, "close", outcome("satisfied", true))},
      {"2025-09-26T18:00", nullptr},
  };
}

class RecoveryTest : public SlaTest, public ::testing::WithParamInterface<std::string> {
 protected:
  void SetUp() override {
    load(kEverything);
    dir = std::filesystem::temp_directory_path() /
          fmt::format("docket-recovery-{}-{}", ::testing::UnitTest::GetInstance()->current_test_info()->name(), ::getpid());
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
  }
  void TearDown() override { std::filesystem::remove_all(dir); }

  std::unique_ptr<Store> make_store(const std::string& name) {
    if (GetParam() == "memory") return std::make_unique<MemoryStore>();
#ifdef DOCKET_WITH_POSTGRES
    if (GetParam() == "postgres") {
      PostgresServer& server = PostgresServer::get();
      if (!server.up()) throw std::runtime_error(server.error());
      const std::string db = fmt::format("{}_{}", ::testing::UnitTest::GetInstance()->current_test_info()->name(), name);
      if (!reopening_) databases_[db] = server.fresh_database();
      return std::make_unique<PostgresStore>(databases_.at(db));
    }
#endif
    return std::make_unique<SqliteStore>((dir / (name + ".sqlite")).string());
  }

  std::unique_ptr<Engine> fresh_engine(Store& store) {
    auto e = std::make_unique<Engine>(program, clock);
    e->use_calendars(calendars);
    e->use_store(store);
    return e;
  }

  // Plays lines [from, to) of the script.
  void play(Engine& e, const std::vector<ScriptLine>& lines, std::size_t from, std::size_t to) {
    for (std::size_t i = from; i < to; ++i) {
      advance_to(e, clock, sh(lines[i].at));
      if (lines[i].op) lines[i].op(e, ids);
    }
  }

  // Everything the store and the engine say about every ticket, as text.
  std::vector<std::string> outcome_of(const Engine& e, const Store& store) const {
    std::vector<std::string> out;
    for (InstanceId id : ids) {
      for (const TraceEntry& t : store.audit(id)) out.push_back(shown(t));
      for (const OutboxEntry& a : store.outbox(id, std::nullopt)) out.push_back(shown(a.action));
      out.push_back(shown(e.status(id)));
      for (const SlaStatus& s : e.slas(id)) {
        out.push_back(fmt::format("sla {} {} breached={} level={} elapsed={} clock={} ledger={}", s.name,
                                  sla_phase_name(s.phase), s.breached, s.level, s.elapsed.count(),
                                  s.clock_elapsed.count(), s.ledger.size()));
      }
      out.push_back(store.instance(id)->snapshot);
    }
    return out;
  }

  std::filesystem::path dir;
  std::vector<InstanceId> ids;
  bool reopening_ = false;
  std::map<std::string, std::string> databases_;
};

TEST_P(RecoveryTest, StoppedAfterAnyLineAndRecoveredItEndsAsIfNeverStopped) {
  const std::vector<ScriptLine> lines = script([this](const char* kind) { return ticket(kind); });
  clock.set(sh("2025-09-22T08:00"));
  std::unique_ptr<Store> reference_store = make_store("reference");
  std::unique_ptr<Engine> reference = fresh_engine(*reference_store);
  play(*reference, lines, 0, lines.size());
  const std::vector<std::string> expected = outcome_of(*reference, *reference_store);
  ASSERT_EQ(ids.size(), 3U);
  // The script reaches what it is meant to: a warning, both rungs, a missed deadline, a reset, a failure.
  const std::string all = fmt::format("{}", fmt::join(expected, "\n"));
  for (const char* part : {"warned", "escalated", "deadline_missed", "SLA reply reset", "division by zero",
                           "re-targeted", "attempt 3 of 3"}) {
    EXPECT_NE(all.find(part), std::string::npos) << part << " is not in\n" << all;
  }

  for (std::size_t cut = 0; cut <= lines.size(); ++cut) {
    SCOPED_TRACE(fmt::format("stopped after line {}", cut));
    ids.clear();
    clock.set(sh("2025-09-22T08:00"));
    std::unique_ptr<Store> store = make_store(fmt::format("cut{}", cut));
    {
      std::unique_ptr<Engine> first = fresh_engine(*store);
      play(*first, lines, 0, cut);
    }
    if (GetParam() != "memory") {  // the file or database, opened afresh (by one writer at a time)
      reopening_ = true;
      store.reset();
      store = make_store(fmt::format("cut{}", cut));
      reopening_ = false;
    }
    std::unique_ptr<Engine> second = fresh_engine(*store);
    std::size_t open = second->recover();
    EXPECT_LE(open, ids.size());
    play(*second, lines, cut, lines.size());
    EXPECT_EQ(outcome_of(*second, *store), expected);
  }
}

TEST_P(RecoveryTest, ARecoveredEngineNeverReusesAnId) {
  std::unique_ptr<Store> store = make_store("ids");
  {
    std::unique_ptr<Engine> first = fresh_engine(*store);
    clock.set(sh("2025-09-22T09:00"));
    ids.push_back(first->start("w", {ticket("normal")}));
    ids.push_back(first->start("w", {ticket("normal")}));
    first->complete(ids[0], "accept", outcome("crews", std::int64_t{0}));  // 12 / 0
    first->complete(ids[1], "accept", outcome("crews", std::int64_t{-1}));  // dropped: finished
  }
  std::unique_ptr<Engine> second = fresh_engine(*store);
  EXPECT_EQ(second->recover(), 1U);  // the failed one; the finished one stays in the store
  EXPECT_FALSE(second->status(ids[0]).error.empty());
  EXPECT_EQ(second->status(ids[1]).end, "dropped");  // read back from the store
  EXPECT_FALSE(second->audit(ids[1]).empty());
  EXPECT_EQ(second->start("w", {ticket("normal")}), ids[1] + 1);
  EXPECT_THROW((void)second->recover(), EngineError);  // only into a new engine
  // An engine given the store without recovering it still starts after the stored ids.
  std::unique_ptr<Engine> third = fresh_engine(*store);
  EXPECT_EQ(third->start("w", {ticket("normal")}), ids[1] + 2);
}

TEST_P(RecoveryTest, AnInstanceAtAStepTheDefinitionsNoLongerHaveIsNamed) {
  std::unique_ptr<Store> store = make_store("renamed");
  const std::vector<ScriptLine> lines = script([this](const char* kind) { return ticket(kind); });
  clock.set(sh("2025-09-22T08:00"));
  {
    std::unique_ptr<Engine> first = fresh_engine(*store);
    play(*first, lines, 0, 9);  // ticket 2 waits at `waiting`
  }
  std::string renamed = kEverything;
  for (std::size_t at = renamed.find("waiting"); at != std::string::npos; at = renamed.find("waiting", at)) {
    renamed.replace(at, 7, "on_hold");
  }
  load(renamed);
  std::unique_ptr<Engine> second = fresh_engine(*store);
  (void)second->recover();  // reads nothing up front: the instance is read when it is needed
  try {
    (void)second->status(ids.at(2));
    FAIL() << "read an instance at a step that is gone";
  } catch (const EngineError& e) {
    EXPECT_NE(std::string(e.what()).find(fmt::format("cannot read instance {}", ids.at(2))), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("`waiting`, which workflow `w` no longer has"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("load the definitions it was started with"), std::string::npos) << e.what();
  }
}

#ifdef DOCKET_WITH_POSTGRES
INSTANTIATE_TEST_SUITE_P(Stores, RecoveryTest, ::testing::Values("memory", "sqlite", "postgres"),
                         [](const auto& param_info) { return param_info.param; });
#else
INSTANTIATE_TEST_SUITE_P(Stores, RecoveryTest, ::testing::Values("memory", "sqlite"),
                         [](const auto& param_info) { return param_info.param; });
#endif

// A store whose writes fail when told to: what the engine does then.
class FailingStore final : public Store {
 public:
  bool broken = false;
  void write(const StoreBatch& batch) override {
    if (broken) throw StoreError("store test: disk full");
    inner.write(batch);
  }
  InstanceId allocate_id() override { return inner.allocate_id(); }
  std::optional<StoredInstance> instance(InstanceId id) const override { return inner.instance(id); }
  std::vector<StoredInstance> instances() const override { return inner.instances(); }
  std::size_t open_count() const override { return inner.open_count(); }
  std::vector<DueInstance> due(Instant until, std::size_t limit, std::optional<DueInstance> after) const override {
    return inner.due(until, limit, after);
  }
  std::optional<Instant> next_due() const override { return inner.next_due(); }
  std::optional<InstanceKey> find_key(const std::string& key) const override { return inner.find_key(key); }
  std::vector<TraceEntry> audit(InstanceId id) const override { return inner.audit(id); }
  std::vector<OutboxEntry> due_actions(ActionChannel c, Instant until, std::size_t limit) const override {
    return inner.due_actions(c, until, limit);
  }
  std::optional<Instant> next_retry(ActionChannel c) const override { return inner.next_retry(c); }
  std::vector<OutboxEntry> outbox(InstanceId id, std::optional<DeliveryState> s) const override { return inner.outbox(id, s); }
  std::optional<OutboxEntry> action(const std::string& key) const override { return inner.action(key); }
  std::uint32_t deploy(const ProgramVersion& v) override { return inner.deploy(v); }
  std::vector<ProgramVersion> versions() const override { return inner.versions(); }
  std::optional<std::string> meta(const std::string& key) const override { return inner.meta(key); }
  MemoryStore inner;
};

// The store is the source of truth: a write that fails leaves the operation undone, in the store and
// in the engine, which carries on from what the store has once it can write again.
TEST_F(SlaTest, AFailedStoreWriteLeavesNothingBehind) {
  load(kEverything);
  FailingStore store;
  engine->use_store(store);
  clock.set(sh("2025-09-22T09:00"));
  InstanceId id = engine->start("w", {ticket("normal")});
  const std::size_t trail_before = store.audit(id).size();
  store.broken = true;
  try {
    engine->complete(id, "accept", outcome("crews", std::int64_t{1}));
    FAIL() << "a lost write went unnoticed";
  } catch (const StoreError& e) {
    EXPECT_NE(std::string(e.what()).find("disk full"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("so it did not happen"), std::string::npos) << e.what();
  }
  EXPECT_EQ(store.audit(id).size(), trail_before);
  EXPECT_EQ(engine->status(id).active, std::vector<std::string>{"accept"});  // as the store has it
  store.broken = false;
  engine->complete(id, "accept", outcome("crews", std::int64_t{1}));  // the host submits it again
  EXPECT_EQ(engine->status(id).active, (std::vector<std::string>{"fix", "tell"}));
  Engine again(program, clock);
  again.use_calendars(calendars);
  again.use_store(store);
  EXPECT_EQ(again.recover(), 1U);
  EXPECT_EQ(again.status(id).active, (std::vector<std::string>{"fix", "tell"}));
}

}  // namespace
}  // namespace docket
