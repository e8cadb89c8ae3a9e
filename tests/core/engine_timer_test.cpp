// Step deadlines: `within` timers fire exactly at their due time, in due order, and die with the step.
#include <gtest/gtest.h>

#include "meter_fixture.hpp"

namespace docket {
namespace {

using namespace docket::test;

TEST_F(MeterEngineTest, DeadlineFiresExactlyAtDueTimeAndTheStepStaysActive) {
  InstanceId id = start_at_survey();  // survey entered 26 Sep 09:00, within 48h
  ASSERT_EQ(engine->next_timer(), at(28, 9));

  advance_to(*engine, clock, at(28, 8, 59));
  EXPECT_TRUE(traces_of(TraceKind::deadline_missed).empty());
  EXPECT_EQ(clock.now(), at(28, 8, 59));

  advance_to(*engine, clock, at(28, 9));
  const auto missed = traces_of(TraceKind::deadline_missed, id);
  ASSERT_EQ(missed.size(), 1U);
  EXPECT_EQ(missed[0]->at, at(28, 9));
  EXPECT_EQ(missed[0]->node, "survey");
  EXPECT_EQ(missed[0]->detail, "within 2d passed; `survey` is still active");
  EXPECT_EQ(missed[0]->due, std::optional<Instant>(at(28, 9)));
  EXPECT_EQ(engine->status(id).active, std::vector<std::string>{"survey"});
  EXPECT_FALSE(engine->next_timer().has_value());

  advance_to(*engine, clock, at(30, 9));  // fires once only
  EXPECT_EQ(traces_of(TraceKind::deadline_missed).size(), 1U);
}

TEST_F(MeterEngineTest, LeavingTheStepCancelsItsTimer) {
  InstanceId id = start_at_survey();
  clock.set(at(27, 9));
  engine->complete(id, "survey", {{"feasible", true}, {"distance_km", 1.0}});
  EXPECT_FALSE(engine->next_timer().has_value());
  advance_to(*engine, clock, at(30, 0));
  EXPECT_TRUE(traces_of(TraceKind::deadline_missed).empty());
}

TEST_F(MeterEngineTest, ReenteringAStepStartsAFreshDeadline) {
  InstanceId id = start_at_survey();
  clock.set(at(27, 9));
  engine->signal(id, "customer_pending");
  EXPECT_FALSE(engine->next_timer().has_value());
  engine->signal(id, "customer_ready");
  EXPECT_EQ(engine->next_timer(), at(29, 9));
  advance_to(*engine, clock, at(28, 9, 30));  // the first visit's due time has passed silently
  EXPECT_TRUE(traces_of(TraceKind::deadline_missed).empty());
  advance_to(*engine, clock, at(29, 9));
  ASSERT_EQ(traces_of(TraceKind::deadline_missed).size(), 1U);
  EXPECT_EQ(traces_of(TraceKind::deadline_missed)[0]->at, at(29, 9));
}

TEST_F(MeterEngineTest, TimersFireInDueOrderEachAtItsOwnTime) {
  InstanceId later = start_at_survey();  // survey due 28 Sep 09:00, set first
  InstanceId sooner = start_at_survey();
  engine->complete(sooner, "survey", {{"feasible", true}, {"distance_km", 1.0}});
  engine->complete(sooner, "install");
  clock.set(at(26, 10));
  engine->complete(sooner, "energize");  // revisit due 27 Sep 10:00, set last
  ASSERT_EQ(engine->next_timer(), at(27, 10));

  std::vector<Instant> clock_at_fire;
  engine->on_trace([&](const TraceEntry& t) {
    traces.push_back(t);
    if (t.kind == TraceKind::deadline_missed) clock_at_fire.push_back(clock.now());
  });
  advance_to(*engine, clock, at(30, 0));
  const auto missed = traces_of(TraceKind::deadline_missed);
  ASSERT_EQ(missed.size(), 2U);
  EXPECT_EQ(missed[0]->instance, sooner);
  EXPECT_EQ(missed[0]->node, "revisit");
  EXPECT_EQ(missed[0]->at, at(27, 10));
  EXPECT_EQ(missed[1]->instance, later);
  EXPECT_EQ(missed[1]->node, "survey");
  EXPECT_EQ(missed[1]->at, at(28, 9));
  EXPECT_EQ(clock_at_fire, (std::vector<Instant>{at(27, 10), at(28, 9)}));
  EXPECT_EQ(clock.now(), at(30, 0));
}

TEST_F(MeterEngineTest, FireDueTimersStampsTheDueTimeNotTheClock) {
  start_at_survey();
  clock.set(at(29, 17));
  engine->fire_due_timers();
  ASSERT_EQ(traces_of(TraceKind::deadline_missed).size(), 1U);
  EXPECT_EQ(traces_of(TraceKind::deadline_missed)[0]->at, at(28, 9));
}

TEST_F(MeterEngineTest, TimersOfFinishedInstancesDoNotFire) {
  InstanceId finished = start_at_survey();
  engine->complete(finished, "survey", {{"feasible", true}, {"distance_km", 1.0}});
  engine->complete(finished, "install");
  engine->complete(finished, "energize");  // revisit: within 24h
  ASSERT_EQ(engine->next_timer(), at(27, 9));
  engine->complete(finished, "revisit");
  EXPECT_FALSE(engine->next_timer().has_value());
  advance_to(*engine, clock, at(30, 0));
  EXPECT_TRUE(traces_of(TraceKind::deadline_missed).empty());
}

TEST_F(MeterEngineTest, TheClockDoesNotGoBack) {
  EXPECT_THROW(advance_to(*engine, clock, at(25, 9)), EngineError);
  EXPECT_EQ(clock.now(), at(26, 9));
}

}  // namespace
}  // namespace docket
