// LiveRunner on the system clock: a deadline fires when due (not on a sweep), posted work runs in order, stop is prompt.
#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <mutex>

#include "docket/core/live_runner.hpp"
#include "sla_fixture.hpp"

namespace docket {
namespace {

using namespace docket::test;

const std::string kShort = std::string(kTicket) + R"(
workflow w(t: Ticket) {
  step reply by role "counter" within 2s
  end done
  flow { start -> reply -> done }
}
)";

class LiveRunnerTest : public SlaTest {
 protected:
  void SetUp() override {
    load(kShort);
    live = std::make_unique<Engine>(program, system_clock);
    live->on_trace([this](const TraceEntry& t) {
      std::lock_guard lock(mutex);
      seen.push_back({t, std::chrono::system_clock::now()});
      changed.notify_all();
    });
  }

  // Waits (at most `limit`) for a trace entry of `kind`.
  std::optional<std::pair<TraceEntry, std::chrono::system_clock::time_point>> wait_for(TraceKind kind,
                                                                                       std::chrono::seconds limit) {
    std::unique_lock lock(mutex);
    std::optional<std::pair<TraceEntry, std::chrono::system_clock::time_point>> found;
    changed.wait_for(lock, limit, [&] {
      for (const auto& s : seen) {
        if (s.first.kind == kind) found = s;
      }
      return found.has_value();
    });
    return found;
  }

  SystemClock system_clock;
  std::unique_ptr<Engine> live;
  std::mutex mutex;
  std::condition_variable changed;
  std::vector<std::pair<TraceEntry, std::chrono::system_clock::time_point>> seen;
};

TEST_F(LiveRunnerTest, ADeadlineFiresWhenItIsDueOnTheWallClock) {
  LiveRunner runner(*live);
  InstanceId id = 0;
  runner.post([&](Engine& e) { id = e.start("w", {ticket("normal")}); }).get();
  auto missed = wait_for(TraceKind::deadline_missed, std::chrono::seconds{10});
  ASSERT_TRUE(missed.has_value()) << "the 2 s deadline did not fire within 10 s";
  const TraceEntry& entry = missed->first;
  ASSERT_TRUE(entry.due.has_value());
  // It fired at its due second, not before, and not on some later sweep.
  EXPECT_GE(missed->second, std::chrono::system_clock::time_point(*entry.due));
  EXPECT_LT(missed->second, std::chrono::system_clock::time_point(*entry.due) + std::chrono::milliseconds{1500});
  bool finished = false;
  runner.post([&](Engine& e) {
    e.complete(id, "reply");
    finished = e.status(id).finished;  // the engine is only ever touched on the runner's thread
  }).get();
  EXPECT_TRUE(finished);
}

TEST_F(LiveRunnerTest, PostedWorkRunsInOrderAndItsErrorsComeBack) {
  LiveRunner runner(*live);
  std::vector<InstanceId> ids;
  std::vector<std::future<void>> done;
  for (int i = 0; i < 50; ++i) done.push_back(runner.post([&](Engine& e) { ids.push_back(e.start("w", {ticket("urgent")})); }));
  for (auto& d : done) d.get();
  ASSERT_EQ(ids.size(), 50U);
  for (std::size_t i = 1; i < ids.size(); ++i) EXPECT_EQ(ids[i], ids[i - 1] + 1);
  std::future<void> bad = runner.post([](Engine& e) { e.complete(999, "reply"); });
  EXPECT_THROW(bad.get(), EngineError);
  EXPECT_EQ(runner.failure(), nullptr);
}

TEST_F(LiveRunnerTest, StopsPromptlyWhileWaitingForAFarTimer) {
  auto runner = std::make_unique<LiveRunner>(*live);
  runner->post([&](Engine& e) { (void)e.start("w", {ticket("normal")}); }).get();
  const auto before = std::chrono::steady_clock::now();
  runner.reset();  // the deadline is 2 s away
  EXPECT_LT(std::chrono::steady_clock::now() - before, std::chrono::milliseconds{1000});
}

}  // namespace
}  // namespace docket
