// Process isolation, functions: a plugin that segfaults, aborts, throws, exits, overflows its stack,
// loops or returns garbage fails one call; the next call gets a new helper; the test process lives on.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "isolation_support.hpp"
#include "plugin_test_support.hpp"

namespace docket {
namespace {

using namespace std::chrono_literals;
using test::contains;

// A registry with the faulty plugin in a helper process.
class IsolatedFunctions : public ::testing::Test {
 protected:
  void SetUp() override { load(test::faulty_request(arm, PluginIsolation::process, 2s)); }

  void load(const PluginRequest& request) {
    std::string error;
    const auto loaded = load_plugin(request, PluginTargets{&registry, &calendars, &sinks}, error);
    ASSERT_TRUE(loaded) << error;
    EXPECT_TRUE(loaded->isolated);
    EXPECT_EQ(loaded->name, "faulty");
    EXPECT_EQ(loaded->version, "1.0.0");
  }

  // The FunctionError message of a call that must fail.
  std::string failure(const std::string& name, std::vector<Value> args) {
    try {
      const Value v = test::call(registry, name, std::move(args));
      ADD_FAILURE() << name << " returned " << to_string(v);
    } catch (const FunctionError& e) {
      return e.what();
    }
    return {};
  }

  std::int64_t helper_pid() { return test::call(registry, "f.pid", {}).as_int(); }

  test::ArmFile arm;
  FunctionRegistry registry;
  CalendarRegistry calendars;
  EventSinkRegistry sinks;
};

TEST_F(IsolatedFunctions, CallsCrossTheProcessBoundaryWithTheSameSignatures) {
  EXPECT_EQ(test::call(registry, "f.armed", {Value(std::int64_t{41})}), Value(std::int64_t{42}));
  EXPECT_EQ(test::call(registry, "f.echo", {Value("闵行区 电表")}), Value("闵行区 电表"));
  EXPECT_EQ(test::call(registry, "f.echo", {Value("")}), Value(""));
  EXPECT_NE(helper_pid(), ::getpid());
  const Function* armed = registry.find("f.armed");
  ASSERT_NE(armed, nullptr);
  EXPECT_EQ(armed->signature.params, std::vector<Type>{Type::integer()});
  EXPECT_EQ(armed->signature.result, Type::integer());
  EXPECT_EQ(armed->signature.origin, DOCKET_TEST_PLUGIN_FAULTY);
  EXPECT_TRUE(armed->signature.traits.thread_safe);
  EXPECT_NE(registry.find_action("f.deliver"), nullptr);
  EXPECT_NE(calendars.find("f-cal"), nullptr);
  EXPECT_EQ(sinks.names(), std::vector<std::string>{"f.sink"});
}

TEST_F(IsolatedFunctions, ASegfaultFailsThatCallAndTheNextCallGetsANewHelper) {
  const std::int64_t first = helper_pid();
  testing::internal::CaptureStderr();
  const std::string message = failure("f.crash", {Value("segv")});
  const std::string log = testing::internal::GetCapturedStderr();
  EXPECT_EQ(message,
            "plugin faulty crashed in function f.crash: its helper process was killed by SIGSEGV (Segmentation "
            "fault); the next call starts a new helper");
  EXPECT_TRUE(contains(log, "[plugin faulty] error: " + message)) << log;  // the engine's log says so too
  EXPECT_EQ(test::call(registry, "f.armed", {Value(std::int64_t{1})}), Value(std::int64_t{2}));
  EXPECT_NE(helper_pid(), first);
}

TEST_F(IsolatedFunctions, AbortThrowExitAndStackOverflowEachFailOneCall) {
  testing::internal::CaptureStderr();
  EXPECT_TRUE(contains(failure("f.crash", {Value("abort")}), "its helper process was killed by SIGABRT (Aborted)"));
  // An exception through the C ABI reaches std::terminate, which aborts.
  EXPECT_TRUE(contains(failure("f.crash", {Value("throw")}), "its helper process was killed by SIGABRT (Aborted)"));
  EXPECT_EQ(failure("f.crash", {Value("exit")}),
            "plugin faulty ended its helper process in function f.crash (it exited with status 3); the next call "
            "starts a new helper");
  EXPECT_TRUE(contains(failure("f.crash", {Value("stack")}), "was killed by SIGSEGV"));
  const std::string log = testing::internal::GetCapturedStderr();
  EXPECT_TRUE(contains(log, "the meter register is unreadable")) << log;  // terminate's words reach the log
  EXPECT_EQ(test::call(registry, "f.crash", {Value("ok")}), Value(std::int64_t{1}));
}

TEST_F(IsolatedFunctions, GarbageFromThePluginFailsTheCallNotTheEngine) {
  testing::internal::CaptureStderr();
  // A text view into unmapped memory: copying it crashes the helper, not this process.
  EXPECT_TRUE(contains(failure("f.wild_text", {}), "plugin faulty crashed in function f.wild_text"));
  // Wrong kinds and broken views are named as in-process.
  EXPECT_EQ(failure("f.number_for_text", {}),
            "f.number_for_text returned a number (2.5) where its signature promises text (a bug in plugin faulty)");
  EXPECT_EQ(failure("f.null_text", {}),
            "f.null_text returned a text whose data pointer is NULL but whose size is 5 bytes where its signature "
            "promises text (a bug in plugin faulty)");
  // Bytes the plugin writes on the helper's socket itself: the answer is garbage, the helper goes.
  EXPECT_EQ(failure("f.scribble", {Value("noise")}),
            "plugin faulty garbled its answer in function f.scribble (a frame longer than the protocol allows, or "
            "bytes after its answer): its helper process was killed; the next call starts a new helper");
  // A well-formed frame of garbage: read alone it is "not a value of type int"; when the real answer
  // arrives in the same read (a loaded machine) it is "bytes after its answer". Either way, garbled.
  const std::string framed = failure("f.scribble", {Value("frame")});
  EXPECT_TRUE(framed ==
                  "plugin faulty garbled its answer in function f.scribble (not a value of type int): its helper "
                  "process was killed; the next call starts a new helper" ||
              framed ==
                  "plugin faulty garbled its answer in function f.scribble (a frame longer than the protocol allows, "
                  "or bytes after its answer): its helper process was killed; the next call starts a new helper")
      << framed;
  (void)testing::internal::GetCapturedStderr();
  EXPECT_EQ(test::call(registry, "f.armed", {Value(std::int64_t{1})}), Value(std::int64_t{2}));
}

// A call that never returns costs its deadline, not the engine.
class IsolatedDeadlines : public IsolatedFunctions {
 protected:
  // 1 s: the timeout bounds the helper's start too, which took over 300 ms on a busy machine.
  void SetUp() override { load(test::faulty_request(arm, PluginIsolation::process, 1000ms)); }
};

TEST_F(IsolatedDeadlines, ALoopThatNeverPollsIsStoppedAtTheCallTimeout) {
  testing::internal::CaptureStderr();
  const auto start = std::chrono::steady_clock::now();
  const std::string message = failure("f.crash", {Value("loop")});
  const auto took = std::chrono::steady_clock::now() - start;
  (void)testing::internal::GetCapturedStderr();
  EXPECT_EQ(message,
            "function f.crash of plugin faulty did not return within 1000 ms (the isolated call timeout; it declares "
            "no deadline of its own): its helper process was killed; the next call starts a new helper");
  EXPECT_GE(took, 1000ms);
  EXPECT_LT(took, 5s);
  EXPECT_EQ(test::call(registry, "f.armed", {Value(std::int64_t{1})}), Value(std::int64_t{2}));
}

TEST_F(IsolatedDeadlines, ACallPastItsOwnDeadlineGetsTheGraceThenIsStopped) {
  testing::internal::CaptureStderr();
  EXPECT_EQ(failure("f.stubborn", {Value(std::int64_t{60000})}),
            "function f.stubborn of plugin faulty did not return within 150 ms (its deadline of 50 ms plus 100 ms of "
            "grace; it does not stop when should_cancel says so): its helper process was killed; the next call "
            "starts a new helper");
  (void)testing::internal::GetCapturedStderr();
  // A callback that polls should_cancel stops by itself in the helper, as it does in-process.
  EXPECT_EQ(failure("f.polite", {Value(std::int64_t{60000})}),
            "function f.polite cancelled itself after its deadline of 50 ms: gave up waiting for the meter system");
  EXPECT_EQ(test::call(registry, "f.polite", {Value(std::int64_t{1})}), Value(std::int64_t{1}));
}

TEST_F(IsolatedFunctions, AfterTheHelperRestartsTheCallSucceedsWhenThePluginBehavesAgain) {
  testing::internal::CaptureStderr();
  arm.arm("segv");
  EXPECT_TRUE(contains(failure("f.armed", {Value(std::int64_t{1})}), "crashed in function f.armed"));
  EXPECT_TRUE(contains(failure("f.armed", {Value(std::int64_t{1})}), "crashed in function f.armed"));
  arm.disarm();
  EXPECT_EQ(test::call(registry, "f.armed", {Value(std::int64_t{1})}), Value(std::int64_t{2}));
  const std::string log = testing::internal::GetCapturedStderr();
  EXPECT_TRUE(contains(log, "[plugin faulty] warning: helper process restarted (restart 2)")) << log;
}

TEST_F(IsolatedFunctions, AHelperKilledWhileIdleIsReplacedWithoutFailingTheNextCall) {
  const std::int64_t pid = helper_pid();
  ASSERT_EQ(::kill(static_cast<pid_t>(pid), SIGKILL), 0);
  std::this_thread::sleep_for(50ms);
  testing::internal::CaptureStderr();
  EXPECT_EQ(test::call(registry, "f.armed", {Value(std::int64_t{1})}), Value(std::int64_t{2}));
  const std::string log = testing::internal::GetCapturedStderr();
  EXPECT_TRUE(contains(log, "its idle helper process was killed by SIGKILL (Killed); starting another")) << log;
  EXPECT_NE(helper_pid(), pid);
}

TEST_F(IsolatedFunctions, CallsFromSeveralThreadsAreServedOneAtATime) {
  std::vector<std::thread> threads;
  std::vector<std::int64_t> results(4);
  for (std::size_t t = 0; t < results.size(); ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 50; ++i) results[t] += test::call(registry, "f.armed", {Value(std::int64_t{i})}).as_int();
    });
  }
  for (std::thread& t : threads) t.join();
  for (std::int64_t r : results) EXPECT_EQ(r, 50 * 49 / 2 + 50);
}

TEST(IsolatedLoading, AnInitThatCrashesOrHangsIsARefusalNamingWhatHappened) {
  test::ArmFile arm;
  for (const auto& [fault, said] : std::vector<std::pair<std::string, std::string>>{
           {"segv", "it crashed while loading in its helper process, which was killed by SIGSEGV (Segmentation fault)"},
           {"throw", "it crashed while loading in its helper process, which was killed by SIGABRT (Aborted)"},
           {"exit", "it crashed while loading in its helper process, which exited with status 3"},
           {"loop", "its init did not return within 300 ms (the isolated call timeout); its helper process was killed"},
       }) {
    // The crashes get a long call timeout: under load (an ASan helper on a busy machine) starting the
    // helper and loading the plugin can take longer than 300 ms, which would read as a hang.
    PluginRequest request = test::faulty_request(arm, PluginIsolation::process, fault == "loop" ? 300ms : 20000ms);
    request.config.emplace("init", Value(fault));
    FunctionRegistry registry;
    std::string error;
    testing::internal::CaptureStderr();
    EXPECT_FALSE(load_plugin(request, PluginTargets{&registry, nullptr, nullptr}, error));
    (void)testing::internal::GetCapturedStderr();
    EXPECT_TRUE(contains(error, "cannot load plugin '" DOCKET_TEST_PLUGIN_FAULTY "': " + said)) << error;
    EXPECT_TRUE(contains(error, "Fix: correct the plugin")) << error;
    EXPECT_TRUE(registry.names().empty());
  }
}

TEST(IsolatedLoading, RefusalsInTheHelperReadAsInProcess) {
  test::ArmFile arm;
  // A name the engine already has: refused at commit, as in-process.
  FunctionRegistry registry;
  registry.add(FunctionSignature{"f.pid", {}, Type::integer(), "builtin"},
               [](std::span<const Value>) { return Value(std::int64_t{0}); });
  std::string error;
  EXPECT_FALSE(load_plugin(test::faulty_request(arm), PluginTargets{&registry, nullptr, nullptr}, error));
  EXPECT_TRUE(contains(error, "cannot load plugin '" DOCKET_TEST_PLUGIN_FAULTY
                              "' (faulty 1.0.0): function 'f.pid' is already registered by 'builtin'"))
      << error;
  EXPECT_EQ(registry.names(), std::vector<std::string>{"f.pid"});
  // A file that is no plugin, and a bad pin, are refused before any helper starts.
  PluginRequest request = test::faulty_request(arm);
  request.sha256 = std::string(64, '0');
  EXPECT_FALSE(load_plugin(request, PluginTargets{&registry, nullptr, nullptr}, error));
  EXPECT_TRUE(contains(error, "its sha256 is ")) << error;
  request = test::faulty_request(arm);
  request.path = DOCKET_PLUGIN_HOST;  // an executable, not a shared library
  EXPECT_FALSE(load_plugin(request, PluginTargets{&registry, nullptr, nullptr}, error));
  EXPECT_TRUE(contains(error, "cannot load plugin '" DOCKET_PLUGIN_HOST "': ")) << error;
}

TEST(IsolatedLoading, AMissingHelperProgramIsNamedWithTheFix) {
  test::ArmFile arm;
  PluginRequest request = test::faulty_request(arm);
  request.isolation.helper = "/nonexistent/docket-plugin-host";
  FunctionRegistry registry;
  std::string error;
  EXPECT_FALSE(load_plugin(request, PluginTargets{&registry, nullptr, nullptr}, error));
  EXPECT_TRUE(contains(error, "cannot start the plugin helper '/nonexistent/docket-plugin-host': No such file or "
                              "directory. Fix: install docket-plugin-host where docket looks for it ("))
      << error;
}

TEST(IsolatedLoading, PinnedIsolatedPluginsLoadFromTheBytesThatWereHashed) {
  test::ArmFile arm;
  std::string error;
  const auto digest = file_sha256(DOCKET_TEST_PLUGIN_FAULTY, error);
  ASSERT_TRUE(digest) << error;
  PluginRequest request = test::faulty_request(arm);
  request.sha256 = *digest;
  FunctionRegistry registry;
  const auto loaded = load_plugin(request, PluginTargets{&registry, nullptr, nullptr}, error);
  ASSERT_TRUE(loaded) << error;
  EXPECT_EQ(loaded->sha256, *digest);
  EXPECT_EQ(test::call(registry, "f.armed", {Value(std::int64_t{1})}), Value(std::int64_t{2}));
}

// The pid of a child of `parent` running docket-plugin-host, or -1.
pid_t helper_child_of(pid_t parent) {
  for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
    const std::string name = entry.path().filename().string();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::ifstream stat(entry.path() / "stat");
    std::string line;
    std::getline(stat, line);
    const auto close = line.rfind(')');
    if (close == std::string::npos || line.find("(docket-plugin-h") == std::string::npos) continue;
    char state = 0;
    int ppid = 0;
    if (std::sscanf(line.c_str() + close + 1, " %c %d", &state, &ppid) == 2 && ppid == parent) {
      return static_cast<pid_t>(std::stoi(name));
    }
  }
  return -1;
}

bool gone(pid_t pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (!std::getline(stat, line)) return true;
  const auto close = line.rfind(')');
  return close != std::string::npos && close + 2 < line.size() && line[close + 2] == 'Z';  // a zombie is dead
}

TEST(IsolatedLoading, TheHelperDiesWithItsEngineEvenInTheMiddleOfACall) {
  test::ArmFile arm;
  int ready[2];
  ASSERT_EQ(::pipe(ready), 0);
  const pid_t engine = ::fork();
  ASSERT_GE(engine, 0);
  if (engine == 0) {
    // The "engine": loads the plugin isolated, says so, then blocks in a call that never returns.
    FunctionRegistry registry;
    std::string error;
    if (!load_plugin(test::faulty_request(arm, PluginIsolation::process, 3600s), PluginTargets{&registry}, error)) {
      ::_exit(1);
    }
    (void)!::write(ready[1], "x", 1);
    try {
      (void)test::call(registry, "f.crash", {Value("loop")});
    } catch (...) {
    }
    ::_exit(0);
  }
  ::close(ready[1]);
  char byte = 0;
  ASSERT_EQ(::read(ready[0], &byte, 1), 1);
  ::close(ready[0]);
  pid_t helper = -1;
  for (int i = 0; i < 200 && helper < 0; ++i) {
    helper = helper_child_of(engine);
    if (helper < 0) std::this_thread::sleep_for(10ms);
  }
  ASSERT_GT(helper, 0);
  std::this_thread::sleep_for(100ms);  // the helper is now looping inside the plugin
  EXPECT_FALSE(gone(helper));
  ASSERT_EQ(::kill(engine, SIGKILL), 0);
  int status = 0;
  ASSERT_EQ(::waitpid(engine, &status, 0), engine);
  bool died = false;
  for (int i = 0; i < 300 && !died; ++i) {
    died = gone(helper);
    if (!died) std::this_thread::sleep_for(10ms);
  }
  EXPECT_TRUE(died) << "helper " << helper << " outlived its engine";
  if (!died) ::kill(helper, SIGKILL);
}

}  // namespace
}  // namespace docket
