// The C++ wrapper (plugin.hpp) through the real host: deduced signatures, exceptions, deadlines,
// configuration, the clock, event sinks and a calendar.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "plugin_test_support.hpp"

namespace docket {
namespace {

using test::call;

struct Loaded {
  FunctionRegistry functions;
  CalendarRegistry calendars;
  EventSinkRegistry sinks;
  std::string error;
  std::optional<LoadedPlugin> plugin;
};

void load(Loaded& l, std::map<std::string, Value, std::less<>> config = {}) {
  PluginRequest request;
  request.path = DOCKET_TEST_PLUGIN_WRAPPER;
  request.config = std::move(config);
  l.plugin = load_plugin(request, PluginTargets{&l.functions, &l.calendars, &l.sinks}, l.error);
  ASSERT_TRUE(l.plugin.has_value()) << l.error;
}

std::string failure_of(const FunctionRegistry& registry, const std::string& name, std::vector<Value> args) {
  try {
    call(registry, name, std::move(args));
  } catch (const FunctionError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(WrapperPlugin, SignaturesAreDeducedFromTheCppFunctions) {
  Loaded l;
  load(l);
  const Function* tariff = l.functions.find("w.tariff");
  ASSERT_NE(tariff, nullptr);
  EXPECT_EQ(tariff->signature.params, (std::vector<Type>{Type::text(), Type::integer()}));
  EXPECT_EQ(tariff->signature.result, Type::number());
  EXPECT_TRUE(tariff->signature.traits.pure);
  EXPECT_TRUE(tariff->signature.traits.thread_safe);
  const Function* is_long = l.functions.find("w.is_long");
  ASSERT_NE(is_long, nullptr);
  EXPECT_EQ(is_long->signature.params, (std::vector<Type>{Type::text(), Type::integer()}));
  EXPECT_EQ(is_long->signature.result, Type::boolean());
  const Function* slow = l.functions.find("w.slow");  // its docket::sdk::Call& is not a parameter
  ASSERT_NE(slow, nullptr);
  EXPECT_EQ(slow->signature.params, std::vector<Type>{Type::integer()});
  EXPECT_TRUE(slow->signature.traits.may_block);
  EXPECT_FALSE(slow->signature.traits.thread_safe);
  EXPECT_EQ(l.plugin->version, "2.0.0");
  EXPECT_EQ(l.plugin->abi_minor, 1u);
}

TEST(WrapperPlugin, CallsConvertArgumentsAndResults) {
  Loaded l;
  load(l);
  EXPECT_EQ(call(l.functions, "w.tariff", {Value("business"), Value(std::int64_t{100})}), Value(80.0));
  EXPECT_EQ(call(l.functions, "w.tariff", {Value("resident"), Value(std::int64_t{10})}), Value(5.0));
  EXPECT_EQ(call(l.functions, "w.is_long", {Value("装表接电"), Value(std::int64_t{3})}), Value(true));
  EXPECT_EQ(call(l.functions, "w.greet", {Value("A1")}), Value("hello, A1"));
}

TEST(WrapperPlugin, AThrowingFunctionBecomesAFunctionErrorWithItsMessage) {
  Loaded l;
  load(l);
  EXPECT_EQ(failure_of(l.functions, "w.explode", {Value(std::int64_t{7})}), "meter register 7 is unreadable");
  EXPECT_EQ(failure_of(l.functions, "w.explode_oddly", {}),
            "the plugin threw an exception that is not a std::exception");
  // The library is still usable afterwards.
  EXPECT_EQ(call(l.functions, "w.greet", {Value("B2")}), Value("hello, B2"));
}

TEST(WrapperPlugin, APluginPastItsDeadlineIsToldToCancelAndFlagged) {
  Loaded l;
  load(l);
  testing::internal::CaptureStderr();
  const auto started = std::chrono::steady_clock::now();
  const std::string error = failure_of(l.functions, "w.slow", {Value(std::int64_t{5000})});
  const auto took = std::chrono::steady_clock::now() - started;
  const std::string log = testing::internal::GetCapturedStderr();
  EXPECT_EQ(error, "function w.slow cancelled itself after its deadline of 30 ms: gave up waiting for the meter system");
  EXPECT_LT(took, std::chrono::seconds(2));
  EXPECT_NE(log.find("[plugin wrapper] warning: function w.slow took"), std::string::npos) << log;
  EXPECT_NE(log.find("past its deadline of 30 ms (flagged"), std::string::npos) << log;
  EXPECT_EQ(call(l.functions, "w.slow", {Value(std::int64_t{1})}), Value(std::int64_t{1}));
}

TEST(WrapperPlugin, AFunctionWithoutTheThreadSafeFlagIsNeverRunConcurrently) {
  Loaded l;
  load(l);
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 200; ++i) {
        try {
          call(l.functions, "w.exclusive", {});
        } catch (const FunctionError&) {
          ++failures;
        }
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
}

TEST(WrapperPlugin, HostMemoryRoundTrips) {
  Loaded l;
  load(l);
  EXPECT_EQ(call(l.functions, "w.through_host_memory", {Value("营业厅")}), Value("营业厅"));
  EXPECT_EQ(call(l.functions, "w.through_host_memory", {Value("")}), Value(""));
}

TEST(WrapperPlugin, ConfigurationReachesInit) {
  Loaded l;
  load(l, {{"greeting", Value("您好")}});
  EXPECT_EQ(call(l.functions, "w.greet", {Value("王先生")}), Value("您好, 王先生"));
}

TEST(WrapperPlugin, AnExceptionInInitRefusesThePluginWithItsMessage) {
  Loaded l;
  PluginRequest request;
  request.path = DOCKET_TEST_PLUGIN_WRAPPER;
  request.config = {{"refuse", Value(true)}};
  EXPECT_FALSE(load_plugin(request, PluginTargets{&l.functions, &l.calendars, &l.sinks}, l.error));
  EXPECT_NE(l.error.find("(wrapper 2.0.0): its init failed: configured to refuse"), std::string::npos) << l.error;
  EXPECT_TRUE(l.functions.names().empty());
  EXPECT_TRUE(l.calendars.names().empty());
  EXPECT_TRUE(l.sinks.empty());
}

TEST(WrapperPlugin, OutsideAnEngineTheClockIsTheWallClock) {
  Loaded l;
  load(l);
  const auto wall = std::chrono::duration_cast<std::chrono::seconds>(
                        std::chrono::system_clock::now().time_since_epoch())
                        .count();
  const Value now = call(l.functions, "w.now_seconds", {});
  ASSERT_TRUE(now.holds<std::int64_t>());
  EXPECT_LE(std::abs(now.as_int() - wall), 5);
}

TEST(WrapperPlugin, EventSinksReceiveTraceEntriesAndTheirFailuresAreLogged) {
  Loaded l;
  load(l);
  EXPECT_EQ(l.sinks.names(), std::vector<std::string>{"w.audit"});
  TraceEntry entry;
  entry.kind = TraceKind::started;
  entry.instance = 3;
  entry.node = "start";
  l.sinks.publish(entry);
  l.sinks.publish(entry);
  EXPECT_EQ(call(l.functions, "w.events_seen", {}), Value(std::int64_t{2}));
  entry.kind = TraceKind::failed;
  testing::internal::CaptureStderr();
  l.sinks.publish(entry);  // the sink throws inside the plugin: logged, not thrown
  const std::string log = testing::internal::GetCapturedStderr();
  EXPECT_EQ(log, "[plugin wrapper] error: event sink w.audit failed: audit store rejected a failure event\n");
}

TEST(WrapperPlugin, ACalendarFromTheWrapperCopiesPeriodsAndNotes) {
  Loaded l;
  load(l);
  const CalendarProvider* cal = l.calendars.find("w-toy");
  ASSERT_NE(cal, nullptr);
  EXPECT_EQ(cal->time_zone, "Asia/Shanghai");
  std::string error;
  auto working = cal->day(2025, 1, 8, error);
  ASSERT_TRUE(working.has_value()) << error;
  EXPECT_TRUE(working->working);
  EXPECT_EQ(working->periods, (std::vector<WorkPeriod>{{540, 720}, {780, 1080}}));
  auto rest = cal->day(2025, 1, 7, error);
  ASSERT_TRUE(rest.has_value()) << error;
  EXPECT_FALSE(rest->working);
  EXPECT_EQ(rest->note, "rest day");
  EXPECT_FALSE(cal->day(1999, 1, 1, error).has_value());
  EXPECT_EQ(error, "no data before 2000");
}

}  // namespace
}  // namespace docket
