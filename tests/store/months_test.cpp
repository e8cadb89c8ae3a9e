// Calendar months through a store: an SLA due a month after its start keeps its due time, warning and
// ladder across restarts of the engine on the same SQLite file.
#include <gtest/gtest.h>
#include <fmt/format.h>

#include <filesystem>

#include "docket/core/sqlite_store.hpp"
#include "sla_fixture.hpp"

namespace docket {
namespace {

using namespace docket::test;

const std::string kVisits = std::string(R"(module t
enum Kind { normal, urgent }
record Ticket { id: text  kind: Kind }
table visit_limit(k: Kind) -> duration {
  hit first
  | k      || limit    |
  | urgent || 7d       |
  | -      || 1 month  |
}
workflow w(t: Ticket) {
  calendar "cn"
  sla visit {
    target visit_limit(t.kind)
    from start until report
    warn at 2d before      -> notify role "account_manager"
    breach                 -> supervise role "service_manager"
    breach after 1 month   -> escalate level 2 to role "director"
  }
  step visit  by role "account_manager" within 2 months
  step report by role "account_manager"
  end done
  flow {
    start -> visit -> report -> done
  }
}
)");

class MonthsThroughAStore : public SlaTest {
 protected:
  void SetUp() override {
    load(kVisits);
    path = std::filesystem::temp_directory_path() / fmt::format("docket-months-{}.sqlite", ::getpid());
    std::filesystem::remove(path);
  }
  void TearDown() override {
    engine.reset();  // before its store
    store.reset();
    std::filesystem::remove(path);
  }

  // A fresh engine on the same file, as after a restart.
  std::unique_ptr<Engine> reopen() {
    engine.reset();
    store.reset();
    store = std::make_unique<SqliteStore>(path.string());
    auto e = std::make_unique<Engine>(program, clock);
    e->use_calendars(calendars);
    e->use_store(*store);
    e->on_action([this](const Action& a) { actions.push_back(a); });
    return e;
  }

  std::filesystem::path path;
  std::unique_ptr<SqliteStore> store;
};

TEST_F(MonthsThroughAStore, AnInstanceStartedBeforeARestartKeepsItsDueTimeWarningAndLadder) {
  engine = reopen();
  clock.set(sh("2025-01-31T10:00"));
  const InstanceId id = engine->start("w", {ticket("normal")});
  SlaStatus s = engine->slas(id).at(0);
  EXPECT_EQ(s.target, (Duration{1, DurationUnit::months}));
  EXPECT_FALSE(s.business);
  ASSERT_TRUE(s.due.has_value());
  EXPECT_EQ(*s.due, sh("2025-02-28T10:00"));  // 31 January + 1 month, clamped, in Shanghai
  EXPECT_EQ(s.budget.count(), 28 * 86400);

  engine = reopen();
  s = engine->slas(id).at(0);
  EXPECT_EQ(s.target, (Duration{1, DurationUnit::months}));
  ASSERT_TRUE(s.due.has_value());
  EXPECT_EQ(*s.due, sh("2025-02-28T10:00"));
  EXPECT_EQ(store->next_due(), sh("2025-02-26T10:00"));  // the warning, 2 days before

  advance_to(*engine, clock, sh("2025-02-27T00:00"));
  engine = reopen();
  advance_to(*engine, clock, sh("2025-03-01T00:00"));
  engine = reopen();
  s = engine->slas(id).at(0);
  EXPECT_TRUE(s.breached);
  // The ladder's rung a month after the due time: 28 March, not 31 March or 30 days later.
  EXPECT_EQ(store->next_due(), sh("2025-03-28T10:00"));
  advance_to(*engine, clock, sh("2025-03-29T00:00"));
  ASSERT_EQ(actions.size(), 3U);
  EXPECT_EQ(actions[0].at, sh("2025-02-26T10:00"));
  EXPECT_EQ(actions[1].at, sh("2025-02-28T10:00"));
  EXPECT_EQ(actions[2].at, sh("2025-03-28T10:00"));
  EXPECT_EQ(actions[2].level, 2);
  EXPECT_EQ(engine->slas(id).at(0).level, 2);
  // The step's `within 2 months` deadline (31 March) is the next timer.
  EXPECT_EQ(store->next_due(), sh("2025-03-31T10:00"));
  const std::string snapshot = store->instance(id)->snapshot;
  EXPECT_NE(snapshot.find("\"1 month\""), std::string::npos) << snapshot;
}

const std::string kSeries = std::string(R"(module t
enum Kind { normal, urgent }
record Ticket { id: text  kind: Kind }
table visit_every(k: Kind) -> duration {
  hit first
  | k      || every    |
  | urgent || 7d       |
  | -      || 1 month  |
}
workflow w(t: Ticket) {
  calendar "cn"
  repeat every visit_every(t.kind) for 3 months
  step visit by role "account_manager"
  end done
  flow {
    start -> visit -> done
  }
}
)");

class SeriesThroughAStore : public MonthsThroughAStore {
 protected:
  void SetUp() override {
    load(kSeries);
    path = std::filesystem::temp_directory_path() / fmt::format("docket-series-{}.sqlite", ::getpid());
    std::filesystem::remove(path);
  }
  std::vector<StoredInstance> stored(const SqliteStore& s) const { return s.instances(); }
};

TEST_F(SeriesThroughAStore, TheNextStartIsATimerThatOutlivesTheInstanceAndARestartAndFiresOnce) {
  engine = reopen();
  clock.set(sh("2025-01-31T10:00"));
  const InstanceId first = engine->start("w", {ticket("normal")});
  InstanceStatus s = engine->status(first);
  EXPECT_EQ(s.occurrence, 0U);
  EXPECT_EQ(s.repeated_from, 0U);
  ASSERT_TRUE(s.next_start.has_value());
  EXPECT_EQ(*s.next_start, sh("2025-02-28T10:00"));
  clock.set(sh("2025-02-03T09:00"));
  engine->complete(first, "visit");
  EXPECT_TRUE(engine->status(first).finished);

  // Ended, and restarted: the series' next start is still the store's next timer.
  engine = reopen();
  EXPECT_EQ(store->next_due(), sh("2025-02-28T10:00"));
  EXPECT_EQ(store->open_count(), 0U);
  advance_to(*engine, clock, sh("2025-02-28T10:00"));
  ASSERT_EQ(stored(*store).size(), 2U);
  const InstanceId second = stored(*store).at(1).id;
  s = engine->status(second);
  EXPECT_EQ(s.occurrence, 1U);
  EXPECT_EQ(s.repeated_from, first);
  ASSERT_TRUE(s.next_start.has_value());
  EXPECT_EQ(*s.next_start, sh("2025-03-31T10:00"));  // counted from 31 January, not from 28 February
  EXPECT_FALSE(engine->status(first).next_start.has_value());

  // Fired once: another restart and more time start nothing more before 31 March.
  engine = reopen();
  advance_to(*engine, clock, sh("2025-03-30T00:00"));
  EXPECT_EQ(stored(*store).size(), 2U);
  advance_to(*engine, clock, sh("2025-05-01T00:00"));
  const std::vector<StoredInstance> all = stored(*store);
  ASSERT_EQ(all.size(), 3U);  // 31 January, 28 February, 31 March: 30 April is the end of the quarter
  EXPECT_FALSE(engine->status(all[2].id).next_start.has_value());
  EXPECT_FALSE(store->next_due().has_value());
  // The trail of the third names its place in the series.
  bool named = false;
  for (const TraceEntry& t : store->audit(all[2].id)) {
    if (t.kind == TraceKind::started) {
      named = t.detail.find("occurrence 3 of a series repeated every 1 month for 3 months") != std::string::npos &&
              t.detail.find(fmt::format("started by instance {}", second)) != std::string::npos &&
              t.detail.find("the last") != std::string::npos;
      EXPECT_TRUE(named) << t.detail;
    }
  }
  EXPECT_TRUE(named);
}

}  // namespace
}  // namespace docket
