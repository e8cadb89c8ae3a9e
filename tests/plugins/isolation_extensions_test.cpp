// Process isolation, actions, calendars and event sinks: a crash is a failed delivery attempt (retried
// with backoff up to the outbox's limit), a calendar error, or a logged sink failure.
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "docket/core/outbox.hpp"
#include "isolation_support.hpp"
#include "plugin_test_support.hpp"

namespace docket {
namespace {

using namespace std::chrono_literals;
using test::contains;

Instant nine() { return Instant{std::chrono::sys_days{std::chrono::year{2025} / 9 / 26} + 9h}; }

class IsolatedExtensions : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string error;
    ASSERT_TRUE(load_plugin(test::faulty_request(arm, PluginIsolation::process, 300ms),
                            PluginTargets{&registry, &calendars, &sinks}, error))
        << error;
    testing::internal::CaptureStderr();  // crashes are logged
  }
  void TearDown() override { log = testing::internal::GetCapturedStderr(); }

  Action action(std::string key) { return Action{1, "f.deliver", {Value("A1")}, std::move(key), clock.now(), {}, {}, 0}; }

  test::ArmFile arm;
  FunctionRegistry registry;
  CalendarRegistry calendars;
  EventSinkRegistry sinks;
  VirtualClock clock{nine()};
  std::string log;
};

TEST_F(IsolatedExtensions, ACrashingActionIsAFailedDeliveryRetriedWithBackoffUntilItGoesThrough) {
  ActionOutbox outbox(registry, clock, RetryPolicy{5, 30s, 3600s, 2});
  arm.arm("segv");
  outbox.enqueue(action("1:book:1"));
  EXPECT_EQ(outbox.deliver_due(), 1u);
  const Delivery& d = outbox.deliveries()[0];
  EXPECT_EQ(d.state, DeliveryState::pending);
  EXPECT_EQ(d.last_error,
            "plugin faulty crashed in action f.deliver: its helper process was killed by SIGSEGV (Segmentation "
            "fault); the next call starts a new helper");
  EXPECT_EQ(outbox.next_due(), std::optional<Instant>(nine() + 30s));
  arm.arm("loop");  // the second attempt hangs: the call timeout ends it, and it counts as an attempt
  clock.set(nine() + 30s);
  EXPECT_EQ(outbox.deliver_due(), 1u);
  EXPECT_TRUE(contains(d.last_error, "action f.deliver of plugin faulty did not return within 300 ms")) << d.last_error;
  EXPECT_EQ(outbox.next_due(), std::optional<Instant>(nine() + 90s));
  arm.disarm();
  clock.set(nine() + 90s);
  EXPECT_EQ(outbox.deliver_due(), 1u);
  EXPECT_EQ(d.state, DeliveryState::done);
  EXPECT_EQ(d.attempts, 3u);
}

TEST_F(IsolatedExtensions, AnActionThatAlwaysCrashesGivesUpAtTheOutboxLimit) {
  ActionOutbox outbox(registry, clock, RetryPolicy{3, 10s, 60s, 2});
  arm.arm("abort");
  outbox.enqueue(action("2:book:1"));
  for (int round = 0; round < 10 && outbox.next_due(); ++round) {
    clock.set(*outbox.next_due());
    outbox.deliver_due();
  }
  const Delivery& d = outbox.deliveries()[0];
  EXPECT_EQ(d.state, DeliveryState::failed);
  EXPECT_EQ(d.attempts, 3u);
  EXPECT_EQ(d.last_error,
            "gave up after 3 attempts: plugin faulty crashed in action f.deliver: its helper process was killed by "
            "SIGABRT (Aborted); the next call starts a new helper");
  EXPECT_FALSE(outbox.next_due().has_value());
}

TEST_F(IsolatedExtensions, ActionStatusesCrossTheBoundary) {
  ActionOutbox outbox(registry, clock, RetryPolicy{2, 10s, 60s, 2});
  arm.arm("retry");
  outbox.enqueue(action("3:book:1"));
  outbox.deliver_due();
  EXPECT_EQ(outbox.deliveries()[0].state, DeliveryState::pending);
  EXPECT_EQ(outbox.deliveries()[0].last_error, "the scheduling system is busy");
  arm.disarm();
  clock.set(nine() + 10s);
  outbox.deliver_due();
  EXPECT_EQ(outbox.deliveries()[0].state, DeliveryState::done);
}

TEST_F(IsolatedExtensions, ACrashingCalendarIsAnErrorAndPureAnswersAreKept) {
  const CalendarProvider* cal = calendars.find("f-cal");
  ASSERT_NE(cal, nullptr);
  EXPECT_EQ(cal->time_zone, "Asia/Shanghai");
  std::string error;
  const auto friday = cal->day(2025, 9, 26, error);
  ASSERT_TRUE(friday) << error;
  EXPECT_TRUE(friday->working);
  EXPECT_EQ(friday->periods, (std::vector<WorkPeriod>{{540, 1020}}));
  arm.arm("segv");
  EXPECT_TRUE(cal->day(2025, 9, 26, error).has_value());  // asked before: answered from the cache
  EXPECT_FALSE(cal->day(2025, 9, 27, error).has_value());
  EXPECT_EQ(error,
            "plugin faulty crashed in calendar f-cal: its helper process was killed by SIGSEGV (Segmentation fault); "
            "the next call starts a new helper");
  arm.disarm();
  const auto saturday = cal->day(2025, 9, 27, error);
  ASSERT_TRUE(saturday) << error;
  EXPECT_FALSE(saturday->working);
}

TEST_F(IsolatedExtensions, ACrashingEventSinkIsLoggedAndTheNextEventReachesANewHelper) {
  TraceEntry entry{nine(), 7, TraceKind::started, "", "started", std::nullopt};
  arm.arm("segv");
  sinks.publish(entry);  // must not throw or crash
  arm.disarm();
  sinks.publish(entry);
  sinks.publish(entry);
  EXPECT_EQ(test::call(registry, "f.events", {}), Value(std::int64_t{2}));  // counted by the new helper
  const std::string captured = testing::internal::GetCapturedStderr();
  testing::internal::CaptureStderr();
  EXPECT_TRUE(contains(captured, "[plugin faulty] error: plugin faulty crashed in event sink f.sink")) << captured;
}

}  // namespace
}  // namespace docket
