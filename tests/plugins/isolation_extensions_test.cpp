// Process isolation, actions, calendars and event sinks: a crash is a failed delivery attempt (retried
// with backoff up to the retry limit, then dead), a calendar error, or a logged sink failure.
#include <gtest/gtest.h>
#include <fmt/format.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "docket/core/engine.hpp"
#include "docket/core/json_value.hpp"
#include "program_support.hpp"
#include "isolation_support.hpp"
#include "plugin_test_support.hpp"

namespace docket {
namespace {

using namespace std::chrono_literals;
using test::contains;

Instant nine() { return Instant{std::chrono::sys_days{std::chrono::year{2025} / 9 / 26} + 9h}; }

class IsolatedExtensions : public ::testing::Test {
 protected:
  // The call timeout bounds the helper's init too: 300 ms failed the load on a machine busy with two
  // builds (session 11), so it is 1 s; the hanging call below waits that long.
  void SetUp() override {
    std::string error;
    ASSERT_TRUE(load_plugin(test::faulty_request(arm, PluginIsolation::process, 1000ms),
                            PluginTargets{&registry, &calendars, &sinks}, error))
        << error;
    testing::internal::CaptureStderr();  // crashes are logged
    capturing = true;
  }
  void TearDown() override {
    if (capturing) log = testing::internal::GetCapturedStderr();
  }

  test::ArmFile arm;
  FunctionRegistry registry;
  CalendarRegistry calendars;
  EventSinkRegistry sinks;
  VirtualClock clock{nine()};
  std::string log;
  bool capturing = false;  // SetUp got as far as capturing stderr (a failed load stops it before)
};

// The engine's outbox delivers `f.deliver` after each commit; every attempt's result is recorded.
class IsolatedActions : public IsolatedExtensions {
 protected:
  void SetUp() override {
    IsolatedExtensions::SetUp();
    if (HasFatalFailure()) return;
    program = test::lower_or_fail(R"(module t
record Job { id: text }
workflow w(j: Job) {
  step book by action f.deliver(j.id)
  end done
  flow { start -> book -> done }
}
)",
                                  registry);
    ASSERT_NE(program, nullptr);
  }
  std::unique_ptr<Engine> engine(RetryPolicy policy) {
    auto e = std::make_unique<Engine>(program, clock);
    e->set_action_retry_policy(policy);
    e->on_delivery([this](const OutboxEntry& o) { results.push_back(o); });
    return e;
  }
  Value job(const std::string& id) {
    return value_from_json(fmt::format(R"({{"id": "{}"}})", id), program->module().find_workflow("w")->params[0].type, "j");
  }

  std::shared_ptr<const Program> program;
  std::vector<OutboxEntry> results;
};

TEST_F(IsolatedActions, ACrashingActionIsAFailedDeliveryRetriedWithBackoffUntilItGoesThrough) {
  auto e = engine(RetryPolicy{5, 30s, 3600s, 2});
  arm.arm("segv");
  (void)e->start("w", {job("A1")});
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0].state, DeliveryState::failed);
  EXPECT_EQ(results[0].last_error,
            "plugin faulty crashed in action f.deliver: its helper process was killed by SIGSEGV (Segmentation "
            "fault); the next call starts a new helper");
  EXPECT_EQ(e->next_delivery(), std::optional<Instant>(nine() + 30s));
  arm.arm("loop");  // the second attempt hangs: the call timeout ends it, and it counts as an attempt
  advance_to(*e, clock, nine() + 30s);
  ASSERT_EQ(results.size(), 2u);
  EXPECT_TRUE(contains(results[1].last_error, "action f.deliver of plugin faulty did not return within 1000 ms"))
      << results[1].last_error;
  EXPECT_EQ(e->next_delivery(), std::optional<Instant>(nine() + 90s));
  arm.disarm();
  advance_to(*e, clock, nine() + 90s);
  ASSERT_EQ(results.size(), 3u);
  EXPECT_EQ(results[2].state, DeliveryState::delivered);
  EXPECT_EQ(results[2].attempts, 3u);
}

TEST_F(IsolatedActions, AnActionThatAlwaysCrashesIsDeadAtTheRetryLimit) {
  auto e = engine(RetryPolicy{3, 10s, 60s, 2});
  arm.arm("abort");
  (void)e->start("w", {job("A2")});
  for (int round = 0; round < 10 && e->next_delivery(); ++round) advance_to(*e, clock, *e->next_delivery());
  ASSERT_EQ(results.size(), 3u);
  EXPECT_EQ(results.back().state, DeliveryState::dead);
  EXPECT_EQ(results.back().attempts, 3u);
  EXPECT_EQ(results.back().last_error,
            "gave up after 3 attempts: plugin faulty crashed in action f.deliver: its helper process was killed by "
            "SIGABRT (Aborted); the next call starts a new helper");
  EXPECT_FALSE(e->next_delivery().has_value());
}

TEST_F(IsolatedActions, ActionStatusesCrossTheBoundary) {
  auto e = engine(RetryPolicy{2, 10s, 60s, 2});
  arm.arm("retry");
  (void)e->start("w", {job("A3")});
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0].state, DeliveryState::failed);
  EXPECT_EQ(results[0].last_error, "the scheduling system is busy");
  arm.disarm();
  advance_to(*e, clock, nine() + 10s);
  ASSERT_EQ(results.size(), 2u);
  EXPECT_EQ(results[1].state, DeliveryState::delivered);
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
  TraceEntry entry{nine(), 7, TraceKind::started, "", "started", std::nullopt, nullptr};
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
