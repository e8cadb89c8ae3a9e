// The crash harness: `docket run` of 2,000 tickets on a durable store, killed with SIGKILL at random moments and restarted, ends as a run never killed.
#include <gtest/gtest.h>
#include <fmt/format.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "crash/scenario.hpp"
#include "docket/core/sqlite_store.hpp"
#ifdef DOCKET_WITH_POSTGRES
#include "docket/core/postgres_store.hpp"
#include "postgres_server.hpp"
#endif

extern char** environ;

namespace docket {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

constexpr int kTickets = 2000;

using test::Event;
using test::local_time;
using test::scenario;

// ---- running `docket run` as a real process

pid_t spawn(const std::vector<std::string>& args, const fs::path& out) {
  std::vector<char*> argv;
  for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  posix_spawn_file_actions_t files;
  posix_spawn_file_actions_init(&files);
  posix_spawn_file_actions_addopen(&files, 1, out.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  posix_spawn_file_actions_addopen(&files, 2, out.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  pid_t pid = -1;
  const int rc = posix_spawn(&pid, argv[0], &files, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&files);
  return rc == 0 ? pid : -1;
}

// The exit code, or -signal.
int wait_for(pid_t pid) {
  int status = 0;
  if (waitpid(pid, &status, 0) != pid) return -1000;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
}

std::vector<std::string> lines_of(const fs::path& file) {
  std::ifstream in(file);
  std::vector<std::string> out;
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

// Everything a store holds that a run must end with, as text (the delivery state of actions aside:
// a redelivery after a kill counts another attempt).
std::vector<std::string> contents(const Store& store, std::size_t& actions) {
  std::vector<std::string> out;
  actions = 0;
  for (const StoredInstance& i : store.instances()) {
    out.push_back(fmt::format("instance {} {} v{} open={} due={} {}", i.id, i.workflow, i.version, i.open,
                              i.next_due ? i.next_due->time_since_epoch().count() : -1, i.snapshot));
    for (const TraceEntry& t : store.audit(i.id)) {
      out.push_back(fmt::format("  {} {} {} {} | {}", t.at.time_since_epoch().count(), trace_kind_name(t.kind), t.node,
                                t.due ? t.due->time_since_epoch().count() : -1, t.detail));
    }
  }
  for (const OutboxEntry& o : store.outbox(0, std::nullopt)) {
    ++actions;
    out.push_back(fmt::format("action {} {} {} at={} {}", o.action.idempotency_key, o.action.instance, o.action.name,
                              o.action.at.time_since_epoch().count(), delivery_state_name(o.state)));
  }
  for (const char* key : {"run.scenario", "run.line", "run.at"}) out.push_back(fmt::format("meta {} {}", key, store.meta(key).value_or("-")));
  return out;
}

class CrashHarness : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    dir = fs::temp_directory_path() / fmt::format("docket-crash-{}-{}", GetParam(), ::getpid());
    fs::remove_all(dir);
    fs::create_directories(dir);
    std::ofstream jsonl(dir / "scenario.jsonl");
    for (const Event& e : scenario()) {
      jsonl << fmt::format(R"({{"at": "{}"{}{}}})", local_time(e.minute), e.json.empty() ? "" : ", ", e.json) << "\n";
    }
  }
  void TearDown() override {
    if (!HasFailure()) fs::remove_all(dir);
  }

  // A docket.toml whose receiver writes `<name>.deliveries` and `<name>.effects`.
  fs::path config(const std::string& name) const {
    const fs::path path = dir / (name + ".toml");
    std::ofstream(path) << test::crash_config(DOCKET_CRASH_DKT, DOCKET_CRASH_PLUGIN_DIR, (dir / name).string());
    return path;
  }

  std::string store_spec(const std::string& name) {
    if (GetParam() == "sqlite") return (dir / (name + ".sqlite")).string();
#ifndef DOCKET_WITH_POSTGRES
    throw std::logic_error("the crash harness runs on PostgreSQL only when it is built (DOCKET_WITH_POSTGRES)");
#else
    test::PostgresServer& server = test::PostgresServer::get();
    if (!server.up()) throw std::runtime_error(server.error());
    const std::string conninfo = server.fresh_database();
    const std::string db = conninfo.substr(conninfo.find("dbname=") + 7, conninfo.find(' ', conninfo.find("dbname=")) - conninfo.find("dbname=") - 7);
    return fmt::format("postgresql://docket@127.0.0.1:{}/{}", server.port(), db);
#endif
  }

  std::vector<std::string> args(const std::string& name, const std::string& store) const {
    std::vector<std::string> a{DOCKET_BIN, "run", "--config", config(name).string(), (dir / "scenario.jsonl").string(),
                               "--store", store};
    // Group commit (one fsync per 4 or 16 events) keeps the harness fast; the kills land inside groups too.
    a.insert(a.end(), {"--commit-every", GetParam() == "postgres" ? "16" : "4"});
    return a;
  }

  std::unique_ptr<Store> open(const std::string& spec) const {
    if (GetParam() == "sqlite") return std::make_unique<SqliteStore>(spec, SqliteStore::Sync::full, SqliteStore::Mode::read_only);
#ifdef DOCKET_WITH_POSTGRES
    return std::make_unique<PostgresStore>(spec, PostgresStore::Mode::read_only);
#else
    throw std::logic_error("the crash harness runs on PostgreSQL only when it is built (DOCKET_WITH_POSTGRES)");
#endif
  }

  fs::path dir;
};

TEST_P(CrashHarness, KilledAtRandomMomentsAndRestartedItEndsAsARunNeverKilled) {
  const int target_kills = GetParam() == "sqlite" ? 20 : 10;
  const std::string reference_store = store_spec("reference");
  const auto started = std::chrono::steady_clock::now();
  const int reference_exit = wait_for(spawn(args("reference", reference_store), dir / "reference.out"));
  const auto reference_time = std::chrono::steady_clock::now() - started;
  ASSERT_EQ(reference_exit, 0) << lines_of(dir / "reference.out").back();

  const std::string killed_store = store_spec("killed");
  std::mt19937_64 rng(7);
  const auto slice = std::chrono::duration_cast<std::chrono::milliseconds>(reference_time) / target_kills;
  int kills = 0;
  int runs = 0;
  int final_exit = -1;
  while (true) {
    const pid_t pid = spawn(args("killed", killed_store), dir / "killed.out");
    ASSERT_GT(pid, 0);
    ++runs;
    if (kills < target_kills) {
      // Anywhere in the run: while it compiles, opens the store, plays events, fires timers, delivers.
      std::this_thread::sleep_for(std::chrono::milliseconds(
          std::uniform_int_distribution<std::int64_t>(0, slice.count() * 8 / 10 + 150)(rng)));
      if (::kill(pid, SIGKILL) == 0) {
        const int code = wait_for(pid);
        if (code == -SIGKILL) {
          ++kills;
          continue;
        }
        final_exit = code;  // it had finished just before
        break;
      }
    }
    final_exit = wait_for(pid);
    break;
  }
  // Each restart carries on from what was committed, so under a load that changes between the reference
  // run and the killed ones the last runs may finish before their kill: half the kills still cover the run.
  EXPECT_GE(kills, target_kills / 2) << "the run finished before it could be killed often enough";
  EXPECT_EQ(final_exit, reference_exit) << lines_of(dir / "killed.out").back();

  std::size_t actions = 0;
  std::size_t reference_actions = 0;
  const std::vector<std::string> expected = contents(*open(reference_store), reference_actions);
  const std::vector<std::string> got = contents(*open(killed_store), actions);
  std::size_t instances = 0;
  for (const std::string& line : expected) instances += line.starts_with("instance ") ? 1U : 0U;
  EXPECT_EQ(instances, static_cast<std::size_t>(kTickets));
  // Every instance once, every snapshot, the trail in its order (so every timer fired once), every action.
  ASSERT_EQ(got.size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) ASSERT_EQ(got[i], expected[i]) << "line " << i;

  // The receiver: every action delivered at least once, each key's effect applied once, none lost.
  std::set<std::string> owed;
  for (const std::string& line : lines_of(dir / "reference.effects")) owed.insert(line.substr(0, line.find(' ')));
  EXPECT_EQ(owed.size(), reference_actions);
  std::map<std::string, int> applied;
  for (const std::string& line : lines_of(dir / "killed.effects")) ++applied[line.substr(0, line.find(' '))];
  std::size_t lost = 0;
  for (const std::string& key : owed) lost += applied.contains(key) ? 0U : 1U;
  for (const auto& [key, times] : applied) EXPECT_EQ(times, 1) << key << " applied " << times << " times";
  const std::vector<std::string> deliveries = lines_of(dir / "killed.deliveries");
  const std::size_t redeliveries = deliveries.size() - applied.size();  // every delivery beyond the first of a key
  std::cout << fmt::format("[crash harness, {}] kills {}, runs {}, instances {}, actions {}, deliveries {}, "
                           "redeliveries {}, lost {}; a run never killed took {} ms\n",
                           GetParam(), kills, runs, instances, actions, deliveries.size(), redeliveries, lost,
                           std::chrono::duration_cast<std::chrono::milliseconds>(reference_time).count());
  EXPECT_EQ(lost, 0U);
  EXPECT_EQ(applied.size(), owed.size());
}

#ifdef DOCKET_WITH_POSTGRES
INSTANTIATE_TEST_SUITE_P(Stores, CrashHarness, ::testing::Values("sqlite", "postgres"),
                         [](const auto& param_info) { return param_info.param; });
#else
INSTANTIATE_TEST_SUITE_P(Stores, CrashHarness, ::testing::Values("sqlite"),
                         [](const auto& param_info) { return param_info.param; });
#endif

}  // namespace
}  // namespace docket
