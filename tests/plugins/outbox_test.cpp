// The engine's outbox delivering site.schedule_meter (a real plugin): after the commit, with backoff, then dead.
#include <gtest/gtest.h>
#include <fmt/format.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <fstream>

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "docket/core/engine.hpp"
#include "docket/core/json_value.hpp"
#include "docket/core/sqlite_store.hpp"
#include "docket/dsl/compile.hpp"
#include "plugin_test_support.hpp"

namespace docket {
namespace {

using namespace std::chrono_literals;

Instant nine() { return Instant{std::chrono::sys_days{std::chrono::year{2025} / 9 / 26} + 9h}; }

constexpr const char* kProgram = R"(module t
record Application {
  id : text
}
workflow install(app: Application) {
  step book "装表" by action site.schedule_meter(app.id)
  step tell by action crm.notify(app.id)
  end done
  flow { start -> book -> tell -> done }
}
)";

class OutboxTest : public ::testing::Test {
 protected:
  void SetUp() override {
    PluginRequest request;
    request.path = DOCKET_SCHEDULE_METER_PLUGIN;
    request.config = {{"busy_attempts", Value(std::int64_t{2})}};
    std::string error;
    ASSERT_TRUE(load_plugin(request, PluginTargets{&registry, nullptr, nullptr}, error)) << error;
    sources.add("t.dkt", kProgram);
    Diagnostics diagnostics;
    std::optional<ir::Module> module = dsl::compile(sources, registry, diagnostics);
    ASSERT_TRUE(module.has_value());
    program = Program::lower(std::move(*module), registry, diagnostics);
    ASSERT_NE(program, nullptr);
    testing::internal::CaptureStderr();  // the plugin logs each booking
  }
  void TearDown() override { (void)testing::internal::GetCapturedStderr(); }

  Value app(const std::string& id) {
    const ir::Workflow* wf = program->module().find_workflow("install");
    return value_from_json(fmt::format(R"({{"id": "{}"}})", id), wf->params[0].type, "app");
  }

  FunctionRegistry registry;
  SourceSet sources;
  std::shared_ptr<const Program> program;
  VirtualClock clock{nine()};
};

TEST_F(OutboxTest, ATransientFailureIsRetriedWithExponentialBackoff) {
  Engine engine(program, clock);
  std::vector<OutboxEntry> results;
  engine.on_delivery([&](const OutboxEntry& e) { results.push_back(e); });
  const InstanceId id = engine.start("install", {app("BUSY-1")});
  ASSERT_EQ(results.size(), 1u);  // attempted once the start committed
  EXPECT_EQ(results[0].state, DeliveryState::failed);
  EXPECT_EQ(results[0].last_error, "meter scheduling system at meter-scheduling.local is busy (attempt 1)");
  EXPECT_EQ(engine.next_delivery(), std::optional<Instant>(nine() + 30s));
  EXPECT_EQ(engine.outbox(id).size(), 1u);  // owed
  advance_to(engine, clock, nine() + 29s);
  EXPECT_EQ(results.size(), 1u);  // not yet due
  advance_to(engine, clock, nine() + 30s);
  ASSERT_EQ(results.size(), 2u);  // attempt 2: still busy, next in 60 s
  EXPECT_EQ(engine.next_delivery(), std::optional<Instant>(nine() + 90s));
  advance_to(engine, clock, nine() + 90s);
  ASSERT_EQ(results.size(), 3u);  // attempt 3 goes through
  EXPECT_EQ(results[2].state, DeliveryState::delivered);
  EXPECT_EQ(results[2].attempts, 3u);
  EXPECT_FALSE(engine.next_delivery().has_value());
  EXPECT_TRUE(engine.outbox(id).empty());
}

TEST_F(OutboxTest, RetriesRunOutAndPermanentFailuresAreDead) {
  Engine engine(program, clock);
  engine.set_action_retry_policy(RetryPolicy{2, 10s, 15s, 2});
  std::vector<OutboxEntry> results;
  engine.on_delivery([&](const OutboxEntry& e) { results.push_back(e); });
  (void)engine.start("install", {app("BUSY-2")});
  (void)engine.start("install", {app("")});
  ASSERT_EQ(results.size(), 2u);
  EXPECT_EQ(results[1].state, DeliveryState::dead);
  EXPECT_EQ(results[1].last_error, "site.schedule_meter: the application id is empty");
  advance_to(engine, clock, nine() + 10s);
  ASSERT_EQ(results.size(), 3u);
  EXPECT_EQ(results[2].state, DeliveryState::dead);
  EXPECT_EQ(results[2].last_error,
            "gave up after 2 attempts: meter scheduling system at meter-scheduling.local is busy (attempt 2)");
}

TEST_F(OutboxTest, HostActionsGoToTheHostsSinkAfterTheCommit) {
  Engine engine(program, clock);
  std::vector<std::string> host;
  engine.on_action([&](const Action& a) { host.push_back(a.name + " " + a.idempotency_key); });
  const InstanceId id = engine.start("install", {app("A1")});
  EXPECT_TRUE(host.empty());  // `book` is the plugin's
  engine.complete(id, "book");
  EXPECT_EQ(host, std::vector<std::string>{"crm.notify 1:tell:1"});
}

// With a store, what is owed survives the process: an action committed but not delivered before a
// stop is offered again, with its idempotency key, when a new engine recovers from the store.
TEST_F(OutboxTest, ActionsNotDeliveredBeforeAStopAreOfferedAgainOnRecovery) {
  const std::filesystem::path path =
      std::filesystem::temp_directory_path() / fmt::format("docket-outbox-{}.sqlite", ::getpid());
  std::filesystem::remove(path);
  InstanceId id = 0;
  {
    SqliteStore store(path.string());
    Engine engine(program, clock);
    engine.use_store(store);
    id = engine.start("install", {app("A1")});
    engine.complete(id, "book");  // crm.notify: no host sink, so it stays owed in the store
    ASSERT_EQ(store.outbox(id, DeliveryState::pending).size(), 1u);
  }
  SqliteStore store(path.string());
  Engine engine(program, clock);
  engine.use_store(store);
  std::vector<std::string> host;
  engine.on_action([&](const Action& a) { host.push_back(a.idempotency_key); });
  EXPECT_EQ(engine.recover(), 1u);
  EXPECT_EQ(host, std::vector<std::string>{"1:tell:1"});
  engine.flush();
  std::vector<OutboxEntry> kept = store.outbox(id, std::nullopt);
  ASSERT_EQ(kept.size(), 2u);
  EXPECT_EQ(kept[0].state, DeliveryState::delivered);  // site.schedule_meter, at the start
  EXPECT_EQ(kept[1].state, DeliveryState::delivered);
  EXPECT_EQ(kept[1].attempts, 1u);
  std::filesystem::remove(path);
}

// Delivered, but killed before the delivery was recorded: the action is delivered again after a
// restart, with the same key (at least once; a receiver that honours keys applies it once).
TEST_F(OutboxTest, ADeliveryNotRecordedBeforeAKillIsMadeAgainWithTheSameKey) {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / fmt::format("docket-redeliver-{}", ::getpid());
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const std::string path = (dir / "store.sqlite").string();
  const std::string received = (dir / "received").string();
  auto receive = [&received](const Action& a) {
    std::ofstream(received, std::ios::app) << a.idempotency_key << "\n";  // the outside world saw it
  };
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    SqliteStore store(path);
    Engine engine(program, clock);
    engine.use_store(store);
    engine.on_action(receive);
    const InstanceId id = engine.start("install", {app("A1")});
    engine.complete(id, "book");  // crm.notify is delivered after this commit; its record waits for the next
    std::raise(SIGKILL);
  }
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFSIGNALED(status));
  SqliteStore store(path);
  EXPECT_EQ(store.outbox(0, DeliveryState::pending).size(), 1u);  // its delivery was not recorded (book's rode with the complete)
  Engine engine(program, clock);
  engine.use_store(store);
  engine.on_action(receive);
  (void)engine.recover();
  engine.flush();
  std::ifstream in(received);
  std::vector<std::string> keys;
  for (std::string line; std::getline(in, line);) keys.push_back(line);
  EXPECT_EQ(keys, (std::vector<std::string>{"1:tell:1", "1:tell:1"}));
  EXPECT_EQ(store.outbox(0, DeliveryState::delivered).size(), 2u);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace docket
