// Plugin faults inside a running engine: a throwing wrapper function fails that one instance only;
// plugins read the engine's injected clock; engine traces reach plugin event sinks.
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>

#include "docket/core/engine.hpp"
#include "plugin_test_support.hpp"
#include "program_support.hpp"

namespace docket {
namespace {

Instant september(int day, int hour) {
  using namespace std::chrono;
  return Instant{sys_days{year{2025} / September / day} + hours{hour}};
}

// A workflow whose only guard calls plugin functions from the C++ wrapper test plugin.
class PluginFaultTest : public ::testing::Test {
 protected:
  void SetUp() override {
    PluginRequest request;
    request.path = DOCKET_TEST_PLUGIN_WRAPPER;
    std::string error;
    ASSERT_TRUE(load_plugin(request, PluginTargets{&functions, nullptr, &sinks}, error)) << error;
    const auto nine = std::chrono::duration_cast<std::chrono::seconds>(september(26, 9).time_since_epoch()).count();
    program = test::lower_or_fail("module t\n"
                                  "workflow check(code: int) {\n"
                                  "  step read \"抄表\" by role \"reader\"\n"
                                  "  end ok, other\n"
                                  "  flow {\n"
                                  "    start -> read\n"
                                  "    read -> ok when code == 0\n"
                                  "    read -> other when code == 1 and w.now_seconds() == " + std::to_string(nine) + "\n"
                                  "    read -> ok when w.explode(code) > 0\n"
                                  "    read -> other otherwise\n"
                                  "  }\n"
                                  "}\n",
                                  functions);
    ASSERT_NE(program, nullptr);
    engine = std::make_unique<Engine>(program, clock);
    engine->on_trace([this](const TraceEntry& t) { sinks.publish(t); });
  }

  FunctionRegistry functions;
  EventSinkRegistry sinks;
  std::shared_ptr<const Program> program;
  VirtualClock clock{september(26, 9)};
  std::unique_ptr<Engine> engine;
};

TEST_F(PluginFaultTest, AThrowingPluginFunctionFailsThatInstanceAndTheOthersCarryOn) {
  const InstanceId bad = engine->start("check", {Value(std::int64_t{7})});
  const InstanceId good = engine->start("check", {Value(std::int64_t{0})});
  engine->complete(bad, "read");
  engine->complete(good, "read");
  const InstanceStatus failed = engine->status(bad);
  EXPECT_FALSE(failed.finished);
  EXPECT_EQ(failed.error, "function `w.explode` failed: meter register 7 is unreadable");
  const InstanceStatus done = engine->status(good);
  EXPECT_TRUE(done.finished);
  EXPECT_EQ(done.end, "ok");
  EXPECT_THROW(engine->complete(bad, "read"), EngineError);  // a failed instance takes no more steps
}

TEST_F(PluginFaultTest, PluginsReadTheEnginesVirtualClockAndSinksSeeItsTraces) {
  // Code 1 ends at `other` only if w.now_seconds() saw the virtual 09:00, not the wall clock
  // (otherwise the next guard calls w.explode and the instance fails).
  const InstanceId id = engine->start("check", {Value(std::int64_t{1})});
  engine->complete(id, "read");
  EXPECT_EQ(engine->status(id).error, "");
  EXPECT_EQ(engine->status(id).end, "other");
  const Value seen = test::call(functions, "w.events_seen", {});
  ASSERT_TRUE(seen.holds<std::int64_t>());
  EXPECT_GE(seen.as_int(), 5);  // started, took, entered, completed, took, ended
}

}  // namespace
}  // namespace docket
