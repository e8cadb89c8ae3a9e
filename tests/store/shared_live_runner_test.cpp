// Two LiveRunners on one shared PostgreSQL store, on the system clock: posts wake them at once, a deadline fires once, a conflict is run again.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "docket/core/live_runner.hpp"
#include "docket/core/postgres_store.hpp"
#include "postgres_server.hpp"
#include "sla_fixture.hpp"

namespace docket {
namespace {

using namespace docket::test;
using namespace std::chrono_literals;

const std::string kShort = std::string(kTicket) + R"(
workflow w(t: Ticket) {
  step reply by role "counter" within 2s
  step close by role "counter"
  end done
  flow { start -> reply -> close -> done }
}
)";

class SharedLiveRunners : public SlaTest {
 protected:
  void SetUp() override {
    PostgresServer& server = PostgresServer::get();
    ASSERT_TRUE(server.up()) << server.error();
    const std::string conninfo = server.fresh_database();
    load(kShort);
    PostgresStore::SharedOptions options;
    options.lease = 3s;
    store_a = std::make_unique<PostgresStore>(conninfo, options);
    store_b = std::make_unique<PostgresStore>(conninfo, options);
    reader = std::make_unique<PostgresStore>(conninfo, PostgresStore::Mode::read_only);  // the test's own connection
    a = make(*store_a);
    b = make(*store_b);
    runner_a = std::make_unique<LiveRunner>(*a);
    runner_b = std::make_unique<LiveRunner>(*b);
  }
  void TearDown() override {
    runner_a.reset();
    runner_b.reset();
  }
  std::unique_ptr<Engine> make(Store& store) {
    auto e = std::make_unique<Engine>(program, system_clock);
    e->use_calendars(calendars);
    e->use_store(store);
    (void)e->recover();
    return e;
  }
  std::size_t count(InstanceId id, TraceKind kind) const {
    std::size_t n = 0;
    for (const TraceEntry& t : reader->audit(id)) n += t.kind == kind ? 1U : 0U;
    return n;
  }

  SystemClock system_clock;
  std::unique_ptr<PostgresStore> store_a;
  std::unique_ptr<PostgresStore> store_b;
  std::unique_ptr<PostgresStore> reader;  // engines and their stores belong to their runners' threads
  std::unique_ptr<Engine> a;
  std::unique_ptr<Engine> b;
  std::unique_ptr<LiveRunner> runner_a;
  std::unique_ptr<LiveRunner> runner_b;
};

TEST_F(SharedLiveRunners, EitherRunnerTakesAnyInstanceAndADeadlineFiresOnce) {
  // A post wakes a runner asleep on the store's socket at once, not at its next heartbeat.
  std::this_thread::sleep_for(300ms);
  InstanceId id = 0;
  const auto posted = std::chrono::steady_clock::now();
  runner_a->post([&](Engine& e) { id = e.start("w", {ticket("normal")}); }).get();
  const auto answered = std::chrono::steady_clock::now() - posted;
  EXPECT_LT(answered, 500ms) << "a post waited for the runner's heartbeat";
  // The deadline (2 s) fires once, by one of the two.
  const auto deadline = std::chrono::steady_clock::now() + 8s;
  while (count(id, TraceKind::deadline_missed) == 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(50ms);
  }
  std::this_thread::sleep_for(1s);  // time for a second firing, if there were one
  EXPECT_EQ(count(id, TraceKind::deadline_missed), 1U);
  // The other runner completes the steps of the instance the first one started.
  runner_b->post([&](Engine& e) { e.complete(id, "reply"); }).get();
  runner_a->post([&](Engine& e) { e.complete(id, "close"); }).get();
  EXPECT_FALSE(reader->instance(id)->open);
  EXPECT_EQ(runner_a->failure(), nullptr);
  EXPECT_EQ(runner_b->failure(), nullptr);
  std::cout << "[shared live runners] a post answered in "
            << std::chrono::duration_cast<std::chrono::microseconds>(answered).count() << " us\n";
}

}  // namespace
}  // namespace docket
