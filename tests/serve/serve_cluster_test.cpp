// `docket serve --shared-lease` processes on one PostgreSQL database under a fixed load over HTTP: one killed and restarted, one stopped past its lease and fenced; each run ends as one process's run.
#include <gtest/gtest.h>

#include <csignal>
#include <filesystem>
#include <iostream>
#include <optional>
#include <set>
#include <string>
#include <thread>

#include "multi/run_outcome.hpp"
#include "serve_cluster.hpp"

namespace docket {
namespace {

namespace fs = std::filesystem;
using test::LoadRequest;
using test::ServeCluster;

constexpr int kTickets = 150;
constexpr std::int64_t kLeaseMs = 1000;
constexpr std::int64_t kKillAfterUs = 500;  // from the send of a request to process 1 to its SIGKILL: the request is under way

// Each request's outcome as the comparison sees it: a start that started (201, or 200 after an
// attempt whose answer was lost: that attempt had started it), other requests by status and error code.
std::map<std::string, std::string> outcomes(const std::vector<LoadRequest>& load, const std::map<std::int64_t, test::Answer>& answers) {
  std::map<std::string, std::string> out;
  for (const LoadRequest& q : load) {
    const test::Answer& a = answers.at(q.seq);
    std::string text = fmt::format("{} {}", a.status, a.code);
    if (q.body.contains("start")) {
      text = a.status == 201 || (a.status == 200 && a.lost) ? "started" : fmt::format("{} {} started={}", a.status, a.code, a.started);
    }
    out[fmt::format("req.{}", q.seq)] = text;
  }
  return out;
}

// A complete or signal whose answer was lost and that was then refused (409: the step is no longer
// active) had been applied by the lost attempt: a client reads the 409 so, and so does the
// comparison (the trails say whether it was applied once). Returns how many there were.
std::size_t forgive_lost_answers(test::RunOutcome& got, const test::RunOutcome& want, const std::vector<LoadRequest>& load,
                                 const std::map<std::int64_t, test::Answer>& answers) {
  std::size_t n = 0;
  for (const LoadRequest& q : load) {
    const test::Answer& a = answers.at(q.seq);
    const std::string key = fmt::format("req.{}", q.seq);
    if (q.body.contains("start") || !a.lost || a.status != 409 || !want.requests.contains(key)) continue;
    got.requests[key] = want.requests.at(key);
    ++n;
  }
  return n;
}

class ServeClusterProof : public ::testing::Test {
 protected:
  void SetUp() override {
    ::signal(SIGPIPE, SIG_IGN);
    dir = fs::temp_directory_path() / fmt::format("docket-serve-cluster-{}", ::getpid());
    fs::create_directories(dir);
    load = test::cluster_load(kTickets, end);
  }
  void TearDown() override {
    if (!HasFailure()) fs::remove_all(dir);
  }

  // The outcome of a run from its database, with the requests' outcomes from their answers.
  test::RunOutcome outcome_of(ServeCluster& run, const std::map<std::int64_t, test::Answer>& answers) {
    test::RunOutcome o = test::outcome_of(run.conninfo(), run.sql());
    o.requests = outcomes(load, answers);
    return o;
  }

  // Every ticket started once: one instance per key, and every start's answer (retries included)
  // named that instance.
  void expect_one_instance_per_ticket(ServeCluster& run, const std::map<std::int64_t, test::Answer>& answers) {
    std::map<std::string, std::uint64_t> by_key;
    for (const auto& row : run.sql().query("SELECT key, instance FROM instance_keys")) by_key[row[0]] = std::stoull(row[1]);
    EXPECT_EQ(by_key.size(), static_cast<std::size_t>(kTickets));
    EXPECT_EQ(run.sql().number("SELECT count(*) FROM instances"), kTickets);
    for (const LoadRequest& q : load) {
      if (!q.body.contains("start")) continue;
      EXPECT_EQ(answers.at(q.seq).instance, by_key[q.ticket]) << q.ticket;
    }
  }

  // The reference: the same requests through one process.
  test::RunOutcome reference() {
    ServeCluster run(dir, "single", kLeaseMs, load.front().at);
    run.start(0);
    const auto began = std::chrono::steady_clock::now();
    const auto answers = run.play(load, end);
    reference_ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - began).count();
    EXPECT_EQ(run.stop_all(), std::vector<int>{0});
    std::size_t lost = 0;
    (void)test::check_deliveries(run.sql(), run.deliveries(), lost);
    test::RunOutcome o = outcome_of(run, answers);
    EXPECT_EQ(run.lost_answers(), 0U);
    expect_one_instance_per_ticket(run, answers);
    return o;
  }

  fs::path dir;
  std::vector<LoadRequest> load;
  std::int64_t end = 0;
  std::int64_t reference_ms = 0;
};

TEST_F(ServeClusterProof, ThreeServeProcessesOneKilledAndRestartedEndAsOneProcess) {
  const test::RunOutcome want = reference();
  ServeCluster run(dir, "three", kLeaseMs, load.front().at);
  for (std::size_t i = 0; i < 3; ++i) run.start(i);
  std::atomic<bool> killing{false};
  std::thread killer;
  std::int64_t kill_ms = -1;
  bool restarted = false;
  const auto began = std::chrono::steady_clock::now();
  // A third of the way in, the first start sent to process 1 is followed 0.5 ms later by SIGKILL: it
  // dies with that request (and maybe others, claimed timers and actions) under way; the client
  // sends it again, with its key, to another process.
  const auto answers = run.play(
      load, end,
      [&](int step, int steps) {
        if (killing && !restarted && step >= 2 * steps / 3) {
          if (killer.joinable()) killer.join();
          run.start(1);
          restarted = true;
        }
      },
      [&](int step, int steps, std::size_t process, const LoadRequest& q) {
        if (process == 1 && step >= steps / 3 && q.body.contains("start") && !killing.exchange(true)) {
          killer = std::thread([&] {
            std::this_thread::sleep_for(std::chrono::microseconds(kKillAfterUs));
            run.kill(1);
            kill_ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - began).count();
          });
        }
      });
  if (killer.joinable()) killer.join();
  const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - began).count();
  ASSERT_TRUE(killing && restarted);
  EXPECT_EQ(run.stop_all(), (std::vector<int>{0, 0, 0}));
  std::size_t lost = 0;
  const auto [actions, deliveries] = test::check_deliveries(run.sql(), run.deliveries(), lost);
  test::RunOutcome got = outcome_of(run, answers);
  const std::size_t lost_then_done = forgive_lost_answers(got, want, load, answers);
  test::expect_same(got, want, kTickets);
  expect_one_instance_per_ticket(run, answers);
  EXPECT_EQ(run.sql().number("SELECT count(*) FROM instances WHERE next_due <= $1", {std::to_string(end)}), 0) << "a timer never fired";
  const std::int64_t reaped = run.sql().number("SELECT count(*) FROM leases WHERE revoked AND ended_by <> id");
  EXPECT_GE(reaped, 1) << "the killed process's lease was never taken over";
  std::size_t retried_starts = 0;
  std::string retried_answers;  // 201: the lost attempt had not committed; 200: it had, and the retry found its instance
  for (const LoadRequest& q : load) {
    if (!q.body.contains("start") || !answers.at(q.seq).lost) continue;
    ++retried_starts;
    retried_answers += fmt::format(" {}", answers.at(q.seq).status);
  }
  std::cout << fmt::format("[serve cluster, 3 processes] tickets {}, instances {}, requests {} (answers lost to the kill {}, of "
                           "which starts retried {} (answered{}) and steps found done on retry {}; 503s retried {}; processes fenced by a late "
                           "heartbeat {}), actions {}, deliveries {}, "
                           "redeliveries {}, lost {}, leases taken over {}; figures: {}; killed process 1 at {} ms, run {} ms, "
                           "one process {} ms\n",
                           kTickets, got.instances, load.size(), run.lost_answers(), retried_starts, retried_answers, lost_then_done,
                           run.unavailable(), run.fenced_out(), actions, deliveries, deliveries - actions, lost, reaped, test::figures_text(got),
                           kill_ms, took, reference_ms);
}

TEST_F(ServeClusterProof, AServeProcessStoppedPastItsLeaseIsFencedAndWritesNothing) {
  const test::RunOutcome want = reference();
  ServeCluster run(dir, "stopped", kLeaseMs, load.front().at);
  run.start(0);
  run.start(1);
  bool stopped = false;
  std::optional<httplib::Response> fenced_answer;  // what the stopped process answered the write, once resumed
  std::optional<httplib::Response> health_after;
  std::int64_t stopped_ms = 0;
  const auto answers = run.play(load, end, [&](int step, int steps) {
    if (stopped || step < steps / 3) return;
    // Between two instants (nothing under way), process 0 is stopped; a write is sent to it (a start
    // of a ticket of no scenario: were it written, the run would have one instance too many).
    run.set_live(0, false);
    run.process(0).signal(SIGSTOP);
    stopped = true;
    const auto at = std::chrono::steady_clock::now();
    auto probe = std::async(std::launch::async, [&] {
      return run.post(0, "/v1/instances",
                      {{"workflow", "repair"}, {"args", {{"t", {{"id", "PROBE"}, {"kind", "normal"}, {"n", 1}}}}}, {"key", "PROBE"}});
    });
    // Three leases: process 1's heartbeat ends process 0's lease and takes over its claims.
    std::this_thread::sleep_for(std::chrono::milliseconds(3 * kLeaseMs));
    run.process(0).signal(SIGCONT);
    if (const httplib::Result r = probe.get()) fenced_answer = *r;
    stopped_ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - at).count();
    httplib::Client c(run.process(0).host(), run.process(0).port());
    c.set_read_timeout(30, 0);
    if (const httplib::Result r = c.Get("/healthz")) health_after = *r;
  });
  ASSERT_TRUE(stopped) << "the run never reached a third of its instants";
  ASSERT_TRUE(fenced_answer.has_value()) << "the stopped process never answered";
  EXPECT_EQ(fenced_answer->status, 503) << fenced_answer->body;
  const nlohmann::json error = nlohmann::json::parse(fenced_answer->body, nullptr, false);
  EXPECT_EQ(error["error"]["code"], "fenced") << fenced_answer->body;
  const std::string message = error["error"].value("message", "");
  // The first thing the resumed process wrote (its lease's renewal, a claim, or the request's own
  // write, whichever its threads reached first) was refused by the fence, and so was the request.
  EXPECT_NE(message.find("has ended"), std::string::npos) << message;
  EXPECT_NE(message.find("refused"), std::string::npos) << message;
  ASSERT_TRUE(health_after.has_value());
  EXPECT_EQ(health_after->status, 503) << "a fenced process must fail its health check: " << health_after->body;
  EXPECT_EQ(run.sql().number("SELECT count(*) FROM instance_keys WHERE key = 'PROBE'"), 0) << "the fenced process wrote";
  const std::vector<int> codes = run.stop_all();
  EXPECT_EQ(codes[1], 0);
  std::size_t lost = 0;
  (void)test::check_deliveries(run.sql(), run.deliveries(), lost);
  test::expect_same(outcome_of(run, answers), want, kTickets);
  expect_one_instance_per_ticket(run, answers);
  std::cout << fmt::format("[serve cluster, stopped past its lease] process 0 stopped {} ms, then answered {}: {}; /healthz {}; "
                           "exit code after SIGTERM {}\n",
                           stopped_ms, fenced_answer->status, message, health_after->status, codes[0]);
}

}  // namespace
}  // namespace docket
