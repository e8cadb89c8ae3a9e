// Several docket processes on one PostgreSQL database: one killed and restarted, one stalled past its lease and fenced; each run ends as one process's run.
#include <fcntl.h>
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "crash/scenario.hpp"
#include "docket/core/postgres_store.hpp"
#include "multi/run_outcome.hpp"
#include "shared_database.hpp"

extern char** environ;

namespace docket {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

constexpr int kTickets = 150;
constexpr std::int64_t kLeaseMs = 1000;
constexpr std::int64_t kEpoch = 1762128000;  // 2025-11-03T00:00:00Z = 08:00 in Shanghai, the scenario's minute 0

using test::check_deliveries;
using test::lines_of;
using test::Sql;
using Outcome = test::RunOutcome;

struct Worker {
  pid_t pid = -1;
  fs::path out;
};

// One run: a fresh database, N workers, the coordinator stepping through every instant at which a
// request or a timer is due. `during` is called while the coordinator waits for a phase (`waiting`)
// and after each step: it kills, stops and restarts workers.
class MultiRun {
 public:
  MultiRun(const fs::path& dir, std::string name) : dir_(dir), name_(std::move(name)) {
    const test::SharedDatabase db = test::fresh_shared_database(std::chrono::milliseconds{kLeaseMs});
    conninfo_ = db.conninfo;
    url_ = db.url;
    sql_ = std::make_unique<Sql>(conninfo_);
    sql_->query("CREATE TABLE load_clock (id INT PRIMARY KEY, at BIGINT NOT NULL, phase TEXT NOT NULL)");
    sql_->query("CREATE TABLE load_requests (seq BIGINT PRIMARY KEY, at BIGINT NOT NULL, ticket TEXT NOT NULL, body TEXT NOT "
                "NULL, claimed_by BIGINT)");
    events_ = test::scenario(kTickets);
    end_ = kEpoch + events_.back().minute * 60;
    std::int64_t seq = 0;
    for (const test::Event& e : events_) {
      if (e.json.empty()) continue;
      const std::int64_t at = kEpoch + e.minute * 60;
      sql_->query("INSERT INTO load_requests (seq, at, ticket, body) VALUES ($1, $2, $3, $4)",
                  {std::to_string(++seq), std::to_string(at), fmt::format("T{}", e.ticket), "{" + e.json + "}"});
      request_times_[at].push_back(seq);
    }
    sql_->query("INSERT INTO load_clock VALUES (1, $1, 'timers')", {std::to_string(request_times_.begin()->first)});
    std::ofstream(config_path()) << test::crash_config(DOCKET_CRASH_DKT, DOCKET_CRASH_PLUGIN_DIR, (dir_ / name_).string());
  }
  ~MultiRun() {
    for (Worker& w : workers_) {
      if (w.pid > 0) {
        ::kill(w.pid, SIGCONT);
        ::kill(w.pid, SIGKILL);
        (void)waitpid(w.pid, nullptr, 0);
      }
    }
  }
  MultiRun(const MultiRun&) = delete;
  MultiRun& operator=(const MultiRun&) = delete;

  [[nodiscard]] fs::path config_path() const { return dir_ / (name_ + ".toml"); }
  [[nodiscard]] std::size_t steps() const { return request_times_.size(); }
  [[nodiscard]] const std::string& conninfo() const { return conninfo_; }
  [[nodiscard]] const std::string& name() const { return name_; }
  [[nodiscard]] const fs::path& dir() const { return dir_; }
  std::vector<Worker>& workers() { return workers_; }
  Sql& sql() { return *sql_; }

  // The instant of the `step`-th instant with requests (1-based).
  [[nodiscard]] std::int64_t instant_of_step(int step) const {
    auto it = request_times_.begin();
    std::advance(it, std::clamp(step, 1, static_cast<int>(request_times_.size())) - 1);
    return it->first;
  }
  // Starts worker `i` (again, after it was killed), with `hold_ms` of stall after each claim of
  // requests at or after `hold_from`.
  void start_worker(std::size_t i, int hold_ms = 0, std::int64_t hold_from = 0) {
    if (workers_.size() <= i) workers_.resize(i + 1);
    Worker& w = workers_[i];
    w.out = dir_ / fmt::format("{}.worker{}.out", name_, i);
    std::vector<std::string> args{DOCKET_LOAD_WORKER, "--config", config_path().string(), "--store", url_, "--lease-ms",
                                  std::to_string(kLeaseMs), "--hold-ms", std::to_string(hold_ms), "--hold-from", std::to_string(hold_from), "--name",
                                  fmt::format("{}-{}", name_, i)};
    std::vector<char*> argv;
    for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    posix_spawn_file_actions_t files;
    posix_spawn_file_actions_init(&files);
    posix_spawn_file_actions_addopen(&files, 1, w.out.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    posix_spawn_file_actions_addopen(&files, 2, w.out.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    ASSERT_EQ(posix_spawn(&w.pid, argv[0], &files, nullptr, argv.data(), environ), 0);
    posix_spawn_file_actions_destroy(&files);
  }
  // The exit code, or -signal.
  int wait_worker(std::size_t i) {
    int status = 0;
    const pid_t pid = std::exchange(workers_[i].pid, -1);
    if (waitpid(pid, &status, 0) != pid) return -1000;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
  }

  // Steps through time: each instant at which a timer or a request is due, timers first, then the
  // requests; each phase is a barrier (the database says when it is done). Returns the steps taken.
  int play(const std::function<void(int step, int steps, bool waiting)>& during) {
    during_ = during;
    const int steps = static_cast<int>(request_times_.size());
    steps_ = steps;
    int step = 0;
    auto next_request = request_times_.begin();
    while (true) {
      const std::int64_t due = sql_->number("SELECT min(next_due) FROM instances WHERE next_due IS NOT NULL");
      std::int64_t t = next_request != request_times_.end() ? next_request->first : end_;
      if (due >= 0 && due < t) t = due;
      if (t > end_) break;
      if (due >= 0 && due <= t) {
        set_clock(t, "timers");
        wait_until([&] { return sql_->number("SELECT count(*) FROM instances WHERE next_due <= $1", {std::to_string(t)}) == 0; },
                   fmt::format("timers due by {}", t));
      }
      if (next_request != request_times_.end() && next_request->first == t) {
        set_clock(t, "requests");
        std::string keys = "{";
        for (std::int64_t s : next_request->second) keys += fmt::format("{}req.{}", keys.size() > 1 ? "," : "", s);
        keys += "}";
        const auto want = static_cast<std::int64_t>(next_request->second.size());
        wait_until([&] { return sql_->number("SELECT count(*) FROM meta WHERE key = ANY($1::text[])", {keys}) == want; },
                   fmt::format("requests at {}", t));
        ++next_request;
        step_ = ++step;
        during(step, steps, false);
      }
      if (t == end_) break;
    }
    set_clock(end_, "drain");
    wait_until([&] { return sql_->number("SELECT count(*) FROM actions WHERE state <> 'delivered' OR claimed_by IS NOT NULL") == 0; },
               "every action delivered");
    set_clock(end_, "stop");
    return step;
  }

 private:
  void set_clock(std::int64_t t, const char* phase) {
    sql_->query("UPDATE load_clock SET at = $1, phase = $2 WHERE id = 1", {std::to_string(t), phase});
    sql_->query("NOTIFY docket_load");
  }
  void wait_until(const std::function<bool()>& done, const std::string& what) {
    const auto deadline = std::chrono::steady_clock::now() + 60s;
    while (!done()) {
      if (std::chrono::steady_clock::now() > deadline) throw std::runtime_error("the workers never finished: " + what);
      if (during_) during_(step_, steps_, true);
      std::this_thread::sleep_for(1ms);
    }
  }

  fs::path dir_;
  std::string name_;
  std::string conninfo_;
  std::string url_;
  std::unique_ptr<Sql> sql_;
  std::vector<test::Event> events_;
  std::map<std::int64_t, std::vector<std::int64_t>> request_times_;
  std::int64_t end_ = 0;
  std::vector<Worker> workers_;
  std::function<void(int, int, bool)> during_;
  int step_ = 0;
  int steps_ = 0;
};

Outcome outcome_of(MultiRun& run) { return test::outcome_of(run.conninfo(), run.sql()); }

std::pair<std::size_t, std::size_t> check_deliveries(MultiRun& run, std::size_t& lost) {
  return check_deliveries(run.sql(), run.dir() / (run.name() + ".deliveries"), lost);
}

class MultiProcess : public ::testing::Test {
 protected:
  void SetUp() override {
    dir = fs::temp_directory_path() / fmt::format("docket-multi-{}", ::getpid());
    fs::create_directories(dir);
  }
  void TearDown() override {
    if (!HasFailure()) fs::remove_all(dir);
  }
  // The reference: the same requests through one worker.
  Outcome reference() {
    MultiRun run(dir, "single");
    run.start_worker(0);
    const auto started = std::chrono::steady_clock::now();
    run.play([](int, int, bool) {});
    EXPECT_EQ(run.wait_worker(0), 0) << lines_of(run.workers()[0].out).back();
    reference_ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
    std::size_t lost = 0;
    (void)check_deliveries(run, lost);
    return outcome_of(run);
  }
  void expect_same(const Outcome& got, const Outcome& want) { test::expect_same(got, want, static_cast<std::size_t>(kTickets)); }
  std::string figures(const Outcome& o) { return test::figures_text(o); }

  fs::path dir;
  std::int64_t reference_ms = 0;
};

TEST_F(MultiProcess, ThreeWorkersOneKilledAndRestartedEndAsOneWorker) {
  const Outcome want = reference();
  MultiRun run(dir, "three");
  for (std::size_t i = 0; i < 3; ++i) run.start_worker(i);
  bool killed = false;
  bool restarted = false;
  std::int64_t kill_ms = 0;
  const auto started = std::chrono::steady_clock::now();
  run.play([&](int step, int steps, bool waiting) {
    if (!killed && step >= steps / 3 && waiting) {  // mid-phase: it may hold claimed timers, requests, actions
      ::kill(run.workers()[1].pid, SIGKILL);
      EXPECT_EQ(run.wait_worker(1), -SIGKILL);
      killed = true;
      kill_ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
    }
    if (killed && !restarted && step == 2 * steps / 3) {
      run.start_worker(1);
      restarted = true;
    }
  });
  const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
  for (std::size_t i = 0; i < 3; ++i) EXPECT_EQ(run.wait_worker(i), 0) << lines_of(run.workers()[i].out).back();
  ASSERT_TRUE(killed && restarted);
  std::size_t lost = 0;
  const auto [actions, deliveries] = check_deliveries(run, lost);
  const Outcome got = outcome_of(run);
  expect_same(got, want);
  const std::int64_t reaped = run.sql().number("SELECT count(*) FROM leases WHERE revoked AND ended_by <> id");
  EXPECT_GE(reaped, 1) << "the killed worker's lease was never taken over";
  std::size_t requests_by[3] = {0, 0, 0};
  for (std::size_t i = 0; i < 3; ++i) {
    for (const std::string& line : lines_of(run.workers()[i].out)) {
      if (line.starts_with("claimed ")) requests_by[i] += std::stoul(line.substr(8));
    }
  }
  std::cout << fmt::format("[multi-process, 3 workers] tickets {}, instances {}, requests {}, actions {}, deliveries {}, "
                           "redeliveries {}, lost {}, leases taken over {}; requests claimed by worker 0/1/2: {}/{}/{}; "
                           "figures: {}; killed worker 1 at {} ms, run {} ms, one worker {} ms\n",
                           kTickets, got.instances, got.requests.size(), actions, deliveries, deliveries - actions, lost,
                           reaped, requests_by[0], requests_by[1], requests_by[2], figures(got), kill_ms, took, reference_ms);
}

TEST_F(MultiProcess, AWorkerStoppedPastItsLeaseIsFencedAndWritesNothing) {
  const Outcome want = reference();
  MultiRun run(dir, "stopped");
  // From a third of the way on, worker 0 stalls 300 ms after each claim: the window in which it is stopped.
  run.start_worker(0, 300, run.instant_of_step(static_cast<int>(run.steps()) / 3));
  run.start_worker(1);
  bool stopped = false;
  bool resumed = false;
  std::chrono::steady_clock::time_point stopped_at;
  std::size_t claims_seen = 0;
  run.play([&](int step, int steps, bool waiting) {
    if (!stopped && step >= steps / 3 && waiting) {
      // Stop worker 0 right after it claimed requests (inside its stall, before it writes them).
      const std::vector<std::string> lines = lines_of(run.workers()[0].out);
      std::size_t claims = 0;
      for (const std::string& l : lines) claims += l.starts_with("claimed ") ? 1U : 0U;
      if (claims_seen == 0) claims_seen = claims;
      if (claims > claims_seen && lines.back().starts_with("claimed ")) {
        ::kill(run.workers()[0].pid, SIGSTOP);
        stopped = true;
        stopped_at = std::chrono::steady_clock::now();
      }
    }
    if (stopped && !resumed && std::chrono::steady_clock::now() - stopped_at > std::chrono::milliseconds{3 * kLeaseMs}) {
      ::kill(run.workers()[0].pid, SIGCONT);
      resumed = true;
    }
  });
  ASSERT_TRUE(stopped && resumed) << "worker 0 never claimed requests after a third of the run";
  const int code0 = run.wait_worker(0);
  EXPECT_EQ(code0, 3) << "the stalled worker was not fenced";
  const std::vector<std::string> out0 = lines_of(run.workers()[0].out);
  ASSERT_FALSE(out0.empty());
  EXPECT_TRUE(out0.back().starts_with("FENCED while it tried to write requests")) << out0.back();
  EXPECT_NE(out0.back().find("has ended"), std::string::npos) << out0.back();
  // Refused by the fence of the write itself (not only by a later claim or heartbeat).
  EXPECT_NE(out0.back().find("refused a write of this process"), std::string::npos) << out0.back();
  EXPECT_EQ(run.wait_worker(1), 0) << lines_of(run.workers()[1].out).back();
  std::size_t lost = 0;
  (void)check_deliveries(run, lost);
  expect_same(outcome_of(run), want);
  std::cout << "[multi-process, stopped past its lease] worker 0: " << out0.back() << "\n";
}

}  // namespace
}  // namespace docket
