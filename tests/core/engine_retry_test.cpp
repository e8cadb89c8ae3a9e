// Retries: an instance whose evaluation failed repeats the failed operation on the policy's schedule.
#include <gtest/gtest.h>

#include "meter_fixture.hpp"

namespace docket {
namespace {

using namespace docket::test;

// workflow flaky_work { parallel p; step b; step c by role flaky(); step d; end done
//   flow { start -> p; p -> b; p -> c; p -> d; b -> done; c -> done; d -> done } }
// `flaky()` fails while `failures_left` > 0.
class RetryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    registry.add({"flaky", {}, Type::text(), "test"}, [this](std::span<const Value>) -> Value {
      if (failures_left > 0) {
        --failures_left;
        throw FunctionError("the crew roster is unavailable");
      }
      return std::string("crew");
    });
    WorkflowBuilder w("flaky_work");
    std::uint32_t p = w.node(ir::NodeKind::parallel, "p");
    std::uint32_t b = w.step("b");
    std::uint32_t c = w.step("c");
    std::uint32_t d = w.step("d");
    std::uint32_t done = w.end("done");
    w.role(c, call_function("flaky", Type::text()));
    w.edge(0, p);
    w.edge(p, b);
    w.edge(p, c);
    w.edge(p, d);
    w.edge(b, done);
    w.edge(c, done);
    w.edge(d, done);
    program = lower_workflow(w.build(), registry);
    ASSERT_NE(program, nullptr);
    engine = std::make_unique<Engine>(program, clock);
    engine->on_trace([this](const TraceEntry& t) { traces.push_back(t); });
  }
  int failures_left = 1;
  FunctionRegistry registry;
  VirtualClock clock{at(26, 9)};
  std::shared_ptr<const Program> program;
  std::unique_ptr<Engine> engine;
  std::vector<TraceEntry> traces;
};

TEST_F(RetryTest, AFailedStepIsEnteredAgainWhenTheRetryFallsDueAndTheRestOfTheSplitFollows) {
  InstanceId id = engine->start("flaky_work", {});
  InstanceStatus s = engine->status(id);
  EXPECT_EQ(s.error, "function `flaky` failed: the crew roster is unavailable");
  EXPECT_EQ(s.active, std::vector<std::string>{"b"});  // d was not reached yet; b stays active
  ASSERT_TRUE(s.retry_at.has_value());
  EXPECT_EQ(*s.retry_at, at(26, 9, 1));
  EXPECT_EQ(engine->next_timer(), s.retry_at);
  EXPECT_NE(traces.back().full_detail().find("(attempt 1 of 3; retried in 1min)"), std::string::npos) << traces.back().full_detail();

  clock.set(at(26, 9, 1));
  engine->fire_due_timers();
  s = engine->status(id);
  EXPECT_TRUE(s.error.empty());
  EXPECT_EQ(s.active, (std::vector<std::string>{"b", "c", "d"}));
  EXPECT_EQ(s.retries, 0U);  // fixed: the count starts afresh
  EXPECT_FALSE(s.retry_at.has_value());
  engine->complete(id, "c");
  EXPECT_EQ(engine->status(id).end, "done");
}

TEST_F(RetryTest, DelaysGrowByTheFactorAndStopAfterMaxAttempts) {
  failures_left = 10;
  InstanceId id = engine->start("flaky_work", {});
  EXPECT_EQ(engine->status(id).retry_at, std::optional<Instant>(at(26, 9, 1)));
  clock.set(at(26, 9, 1));
  engine->fire_due_timers();
  EXPECT_EQ(engine->status(id).retries, 1U);
  EXPECT_EQ(engine->status(id).retry_at, std::optional<Instant>(at(26, 9, 3)));  // 2 minutes later
  clock.set(at(26, 9, 3));
  engine->fire_due_timers();
  InstanceStatus s = engine->status(id);
  EXPECT_EQ(s.retries, 2U);
  EXPECT_FALSE(s.retry_at.has_value());  // three attempts failed: no more automatic retries
  EXPECT_FALSE(engine->next_timer().has_value());

  failures_left = 0;  // the roster is back: the host retries by hand
  engine->retry(id);
  EXPECT_EQ(engine->status(id).active, (std::vector<std::string>{"b", "c", "d"}));
}

TEST_F(RetryTest, PolicyAndMisuse) {
  engine->set_retry_policy({1, std::chrono::seconds{30}, std::chrono::seconds{3600}, 2});
  InstanceId id = engine->start("flaky_work", {});
  EXPECT_FALSE(engine->status(id).retry_at.has_value());  // one attempt: never retried automatically
  EXPECT_THROW(engine->set_retry_policy({0, std::chrono::seconds{30}, std::chrono::seconds{3600}, 2}), EngineError);
  InstanceId other = engine->start("flaky_work", {});  // flaky works now
  EXPECT_THROW(engine->retry(other), EngineError);       // not failed
  engine->retry(id);
  EXPECT_TRUE(engine->status(id).error.empty());
}

}  // namespace
}  // namespace docket
