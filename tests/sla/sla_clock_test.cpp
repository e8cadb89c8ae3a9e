// The SLA clock on its own: counting, pauses, and rebuilding a clock from its ledger (what-if).
#include <gtest/gtest.h>

#include "docket/core/business_clock.hpp"
#include "docket/core/calendar_spec.hpp"
#include "run/sla_clock.hpp"
#include "sla_fixture.hpp"

namespace docket {
namespace {

using namespace docket::test;
using detail::SlaMeter;
using detail::SlaRun;

class SlaClockTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string error;
    auto p = make_calendar(shanghai_spec(), error);
    ASSERT_TRUE(p.has_value()) << error;
    provider = std::move(*p);
    business = std::make_unique<BusinessClock>(provider);
  }
  CalendarProvider provider;
  std::unique_ptr<BusinessClock> business;
};

TEST_F(SlaClockTest, ClockTimeCountsEverySecond) {
  SlaMeter wall(nullptr);
  SlaRun run;
  detail::sla_start(run, wall, sh("2025-09-22T23:00"), Duration{3600, DurationUnit::seconds}, std::nullopt);
  EXPECT_EQ(detail::sla_due(run, wall), sh("2025-09-23T00:00"));
  detail::sla_pause(run, wall, sh("2025-09-22T23:10"));
  detail::sla_resume(run, sh("2025-09-22T23:30"));
  EXPECT_EQ(detail::sla_due(run, wall), sh("2025-09-23T00:20"));
  detail::sla_finish(run, wall, sh("2025-09-23T00:20"), false);
  EXPECT_TRUE(run.breached);  // at the due time itself
  EXPECT_EQ(run.elapsed, 3600);
  EXPECT_EQ(run.clock_elapsed, 3600);
}

TEST_F(SlaClockTest, PausesAndResumesInAnyOrderNeverCountTwice) {
  SlaMeter meter(business.get());
  SlaRun run;
  detail::sla_start(run, meter, sh("2025-09-22T10:00"), Duration{2, DurationUnit::workdays}, std::nullopt);
  detail::sla_resume(run, sh("2025-09-22T10:30"));  // not paused: nothing happens
  detail::sla_pause(run, meter, sh("2025-09-22T11:00"));
  detail::sla_pause(run, meter, sh("2025-09-22T11:30"));  // already paused
  EXPECT_EQ(run.elapsed, 3600);
  EXPECT_EQ(run.ledger.size(), 2U);
}

// Replaying a ledger under the same rules gives the same clock; under a changed calendar or
// target, the clock those rules would have given.
TEST_F(SlaClockTest, ReplayingTheLedgerRebuildsTheClockAndAnswersWhatIf) {
  SlaMeter meter(business.get());
  const Duration two_days{2, DurationUnit::workdays};
  SlaRun run;
  detail::sla_start(run, meter, sh("2025-09-22T10:00"), two_days, std::nullopt);
  detail::sla_pause(run, meter, sh("2025-09-22T14:00"));
  detail::sla_resume(run, sh("2025-09-23T14:00"));
  detail::sla_finish(run, meter, sh("2025-09-25T17:00"), false);
  EXPECT_FALSE(run.breached);

  SlaRun same = detail::sla_replay(run.ledger, meter, two_days, std::nullopt);
  EXPECT_EQ(same.elapsed, run.elapsed);
  EXPECT_EQ(same.budget, run.budget);
  EXPECT_EQ(same.phase, SlaPhase::stopped);
  EXPECT_FALSE(same.breached);

  // What if the promise had been one working day? Then the same history is a breach.
  SlaRun tighter = detail::sla_replay(run.ledger, meter, Duration{1, DurationUnit::workdays}, std::nullopt);
  EXPECT_TRUE(tighter.breached);
  EXPECT_EQ(tighter.elapsed, run.elapsed);

  // What if it had been counted in clock time (24h)? 10:00 Mon to 14:00 Mon, then Tue 14:00 to Thu 17:00.
  SlaRun wall = detail::sla_replay(run.ledger, SlaMeter(nullptr), Duration{24 * 3600, DurationUnit::seconds}, std::nullopt);
  EXPECT_EQ(wall.elapsed, 4 * 3600 + 51 * 3600);
  EXPECT_TRUE(wall.breached);
}

TEST_F(SlaClockTest, MarksFallInOrderAndTheNextIsTheEarliestNotFired) {
  ir::Sla sla;
  ir::SlaWarning half;
  half.percent = 50;
  sla.warnings.push_back(std::move(half));
  ir::SlaBreach later;
  later.after = Duration{4 * 3600, DurationUnit::seconds};
  sla.breaches.push_back(std::move(later));
  const auto marks = detail::sla_marks(sla);
  ASSERT_EQ(marks.size(), 3U);  // warning, due time (no action), escalation
  EXPECT_FALSE(marks[1].has_action);

  SlaMeter meter(business.get());
  SlaRun run;
  detail::sla_start(run, meter, sh("2025-09-22T10:00"), Duration{2, DurationUnit::workdays}, std::nullopt);
  auto next = detail::sla_next_mark(run, sla, meter, marks);
  ASSERT_TRUE(next.has_value());
  EXPECT_EQ(next->mark, 0U);
  EXPECT_EQ(next->at, sh("2025-09-23T14:45"));
  run.fired = 1;
  next = detail::sla_next_mark(run, sla, meter, marks);
  EXPECT_EQ(next->at, sh("2025-09-24T17:30"));
  run.fired = 3;
  next = detail::sla_next_mark(run, sla, meter, marks);
  EXPECT_EQ(next->at, sh("2025-09-24T21:30"));
}

}  // namespace
}  // namespace docket
