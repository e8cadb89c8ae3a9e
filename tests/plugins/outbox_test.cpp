// The action outbox delivering site.schedule_meter (a real plugin) with retries on a virtual clock.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "docket/core/outbox.hpp"
#include "plugin_test_support.hpp"

namespace docket {
namespace {

using namespace std::chrono_literals;

Instant nine() { return Instant{std::chrono::sys_days{std::chrono::year{2025} / 9 / 26} + 9h}; }

class OutboxTest : public ::testing::Test {
 protected:
  void SetUp() override {
    PluginRequest request;
    request.path = DOCKET_SCHEDULE_METER_PLUGIN;
    request.config = {{"busy_attempts", Value(std::int64_t{2})}};
    std::string error;
    ASSERT_TRUE(load_plugin(request, PluginTargets{&registry, nullptr, nullptr}, error)) << error;
    testing::internal::CaptureStderr();  // the plugin logs each booking
  }
  void TearDown() override { (void)testing::internal::GetCapturedStderr(); }

  Action action(std::string name, std::string app, std::string key) {
    return Action{1, std::move(name), {Value(std::move(app))}, std::move(key), clock.now(), {}, {}, 0};
  }

  FunctionRegistry registry;
  VirtualClock clock{nine()};
};

TEST_F(OutboxTest, ATransientFailureIsRetriedWithExponentialBackoff) {
  ActionOutbox outbox(registry, clock, RetryPolicy{8, 30s, 3600s, 2});
  outbox.enqueue(action("site.schedule_meter", "BUSY-1", "1:install:1"));
  EXPECT_EQ(outbox.deliver_due(), 1u);
  EXPECT_EQ(outbox.deliveries()[0].state, DeliveryState::pending);
  EXPECT_EQ(outbox.deliveries()[0].last_error, "meter scheduling system at meter-scheduling.local is busy (attempt 1)");
  EXPECT_EQ(outbox.next_due(), std::optional<Instant>(nine() + 30s));
  clock.set(nine() + 29s);
  EXPECT_EQ(outbox.deliver_due(), 0u);  // not yet due
  clock.set(nine() + 30s);
  EXPECT_EQ(outbox.deliver_due(), 1u);  // attempt 2: still busy, next in 60 s
  EXPECT_EQ(outbox.next_due(), std::optional<Instant>(nine() + 90s));
  clock.set(nine() + 90s);
  EXPECT_EQ(outbox.deliver_due(), 1u);  // attempt 3 goes through
  EXPECT_EQ(outbox.deliveries()[0].state, DeliveryState::done);
  EXPECT_EQ(outbox.deliveries()[0].attempts, 3u);
  EXPECT_FALSE(outbox.next_due().has_value());
}

TEST_F(OutboxTest, RetriesRunOutAndPermanentFailuresStop) {
  ActionOutbox outbox(registry, clock, RetryPolicy{2, 10s, 15s, 2});
  outbox.enqueue(action("site.schedule_meter", "BUSY-2", "2:install:1"));
  outbox.enqueue(action("site.schedule_meter", "", "3:install:1"));
  EXPECT_EQ(outbox.deliver_due(), 2u);
  EXPECT_EQ(outbox.deliveries()[1].state, DeliveryState::failed);
  EXPECT_EQ(outbox.deliveries()[1].last_error, "site.schedule_meter: the application id is empty");
  clock.set(nine() + 10s);
  EXPECT_EQ(outbox.deliver_due(), 1u);
  EXPECT_EQ(outbox.deliveries()[0].state, DeliveryState::failed);
  EXPECT_EQ(outbox.deliveries()[0].last_error,
            "gave up after 2 attempts: meter scheduling system at meter-scheduling.local is busy (attempt 2)");
}

TEST_F(OutboxTest, ActionsNoPluginRegisteredAreLeftToTheHost) {
  ActionOutbox outbox(registry, clock);
  outbox.enqueue(action("crm.notify", "A1", "1:notify:1"));
  EXPECT_EQ(outbox.deliver_due(), 0u);
  EXPECT_EQ(outbox.deliveries()[0].state, DeliveryState::unhandled);
}

}  // namespace
}  // namespace docket
