// Process isolation inside a running engine: a plugin crash fails that one instance, which its retry
// policy retries; a poison input ends the instance failed after max_attempts; the engine carries on.
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>

#include "docket/core/engine.hpp"
#include "isolation_support.hpp"
#include "plugin_test_support.hpp"
#include "program_support.hpp"

namespace docket {
namespace {

using namespace std::chrono_literals;
using test::contains;

Instant at(int hour, int minute = 0) {
  using namespace std::chrono;
  return Instant{sys_days{year{2025} / September / 26} + hours{hour} + minutes{minute}};
}

class IsolatedEngine : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string error;
    // 1 s: the timeout bounds the helper's start too, which took over 300 ms on a busy machine.
    ASSERT_TRUE(load_plugin(test::faulty_request(arm, PluginIsolation::process, 1000ms),
                            PluginTargets{&functions, nullptr, nullptr}, error))
        << error;
    const auto nine = std::chrono::duration_cast<std::chrono::seconds>(at(9).time_since_epoch()).count();
    program = test::lower_or_fail("module t\n"
                                  "workflow visit(code: int) {\n"
                                  "  step survey \"勘查\" by role \"crew\"\n"
                                  "  end ok, other\n"
                                  "  flow {\n"
                                  "    start -> survey\n"
                                  "    survey -> ok when code == 0\n"
                                  "    survey -> other when code == 1 and f.now() == " + std::to_string(nine) + "\n"
                                  "    survey -> ok when f.armed(code) > 0\n"
                                  "    survey -> other otherwise\n"
                                  "  }\n"
                                  "}\n",
                                  functions);
    ASSERT_NE(program, nullptr);
    engine = std::make_unique<Engine>(program, clock);
    testing::internal::CaptureStderr();
  }
  void TearDown() override { (void)testing::internal::GetCapturedStderr(); }

  test::ArmFile arm;
  FunctionRegistry functions;
  std::shared_ptr<const Program> program;
  VirtualClock clock{at(9)};
  std::unique_ptr<Engine> engine;
};

TEST_F(IsolatedEngine, PluginsReadTheEnginesClockThroughTheHelper) {
  const InstanceId id = engine->start("visit", {Value(std::int64_t{1})});
  engine->complete(id, "survey");
  EXPECT_EQ(engine->status(id).error, "");
  EXPECT_EQ(engine->status(id).end, "other");  // f.now() saw the virtual 09:00
}

TEST_F(IsolatedEngine, ACrashFailsThatInstanceTheOthersCarryOnAndTheRetrySucceeds) {
  const InstanceId bad = engine->start("visit", {Value(std::int64_t{7})});
  const InstanceId good = engine->start("visit", {Value(std::int64_t{0})});
  arm.arm("segv");
  engine->complete(bad, "survey");
  engine->complete(good, "survey");
  InstanceStatus s = engine->status(bad);
  EXPECT_EQ(s.error,
            "function `f.armed` failed: plugin faulty crashed in function f.armed: its helper process was killed by "
            "SIGSEGV (Segmentation fault); the next call starts a new helper");
  EXPECT_FALSE(s.finished);
  ASSERT_TRUE(s.retry_at.has_value());
  EXPECT_EQ(*s.retry_at, at(9, 1));
  EXPECT_EQ(engine->status(good).end, "ok");

  arm.disarm();  // the plugin behaves again: the retry reaches a new helper and goes through
  clock.set(at(9, 1));
  engine->fire_due_timers();
  s = engine->status(bad);
  EXPECT_EQ(s.error, "");
  EXPECT_TRUE(s.finished);
  EXPECT_EQ(s.end, "ok");
}

TEST_F(IsolatedEngine, APoisonInputEndsTheInstanceFailedAfterMaxAttemptsWithoutLooping) {
  arm.arm("abort");
  const InstanceId id = engine->start("visit", {Value(std::int64_t{7})});
  engine->complete(id, "survey");
  int rounds = 0;
  while (const std::optional<Instant> next = engine->next_timer()) {
    ASSERT_LT(++rounds, 10) << "the retries do not stop";
    clock.set(*next);
    engine->fire_due_timers();
  }
  const InstanceStatus s = engine->status(id);
  EXPECT_EQ(rounds, 2);  // attempts 2 and 3 of the default policy's 3
  EXPECT_EQ(s.retries, 2u);
  EXPECT_FALSE(s.retry_at.has_value());
  EXPECT_FALSE(s.finished);
  EXPECT_EQ(s.error,
            "function `f.armed` failed: plugin faulty crashed in function f.armed: its helper process was killed by "
            "SIGABRT (Aborted); the next call starts a new helper");
  // The engine carries on.
  const InstanceId other = engine->start("visit", {Value(std::int64_t{0})});
  engine->complete(other, "survey");
  EXPECT_EQ(engine->status(other).end, "ok");
}

TEST_F(IsolatedEngine, ACallThatNeverReturnsFailsItsInstanceAtTheCallTimeout) {
  arm.arm("loop");
  const InstanceId id = engine->start("visit", {Value(std::int64_t{7})});
  const auto start = std::chrono::steady_clock::now();
  engine->complete(id, "survey");
  EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);
  EXPECT_TRUE(contains(engine->status(id).error,
                       "function `f.armed` failed: function f.armed of plugin faulty did not return within 1000 ms"))
      << engine->status(id).error;
}

}  // namespace
}  // namespace docket
