// Test helper: `docket serve --shared-lease --test-clock` processes on one PostgreSQL database, stepped through the crash scenario's instants over HTTP.
#pragma once

#include <fmt/format.h>
#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "crash/scenario.hpp"
#include "pg_sql.hpp"
#include "shared_database.hpp"
#include "serve_process.hpp"

namespace docket::test {

using docket::testing::ServeProcess;

inline const std::string kClusterToken = "serve-cluster-token-0123456789";
constexpr std::int64_t kScenarioEpoch = 1762128000;  // 2025-11-03T00:00:00Z = 08:00 in Shanghai, the scenario's minute 0

// "2025-11-03T00:07:00Z"
inline std::string utc_text(std::int64_t unix_seconds) {
  using namespace std::chrono;
  const sys_seconds t{seconds{unix_seconds}};
  const sys_days day = floor<days>(t);
  const year_month_day ymd{day};
  const hh_mm_ss<seconds> hms{t - day};
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                     static_cast<unsigned>(ymd.day()), hms.hours().count(), hms.minutes().count(), hms.seconds().count());
}

// One request of the load, as the scenario has it (start, complete, signal) or an update of the
// ticket's parameter, in the order the scenario gives (by instant, ticket, sequence).
struct LoadRequest {
  std::int64_t seq = 0;  // 1-based, the order of the whole load
  std::int64_t at = 0;   // Unix seconds
  std::string ticket;
  nlohmann::json body;   // {"start": ...} / {"complete": ...} / {"signal": ...} / {"update": "t", "value": ...}
};

// The crash scenario's requests for `tickets` tickets, plus an update of every fourth ticket's `t`
// five minutes after its start (its kind flips, so its reply SLA is re-targeted while it runs).
// `end` is the scenario's last instant (four days after the last request: the last timers fire).
inline std::vector<LoadRequest> cluster_load(int tickets, std::int64_t& end) {
  std::vector<Event> events = scenario(tickets);
  end = kScenarioEpoch + events.back().minute * 60;
  events.pop_back();
  std::vector<Event> updates;
  for (const Event& e : events) {
    if (e.seq != 0 || e.ticket % 4 != 1) continue;
    nlohmann::json start = nlohmann::json::parse("{" + e.json + "}");
    nlohmann::json t = start["input"]["t"];
    t["kind"] = t["kind"] == "urgent" ? "normal" : "urgent";
    updates.push_back({e.minute + 5, e.ticket, 100, fmt::format(R"("update": "t", "ticket": "T{}", "value": {})", e.ticket, t.dump())});
  }
  events.insert(events.end(), updates.begin(), updates.end());
  std::stable_sort(events.begin(), events.end(), [](const Event& a, const Event& b) {
    return std::tie(a.minute, a.ticket, a.seq) < std::tie(b.minute, b.ticket, b.seq);
  });
  std::vector<LoadRequest> out;
  for (const Event& e : events) {
    out.push_back({static_cast<std::int64_t>(out.size()) + 1, kScenarioEpoch + e.minute * 60, fmt::format("T{}", e.ticket),
                   nlohmann::json::parse("{" + e.json + "}")});
  }
  return out;
}

// What one request got: the HTTP status and error code of its last attempt, and whether an earlier
// attempt's answer was lost (the process died under it: it may or may not have been applied).
struct Answer {
  int status = 0;
  std::string code;
  bool lost = false;
  std::uint64_t instance = 0;  // a start's answer
  bool started = false;
};

// A fresh database and the processes serving it. Every process runs `docket serve --shared-lease
// LEASE --test-clock T` with the same docket.toml (crash.dkt and the crash receiver, logging every
// delivery to `<dir>/<name>.deliveries`); the cluster moves their clocks together.
class ServeCluster {
 public:
  ServeCluster(std::filesystem::path dir, std::string name, std::int64_t lease_ms, std::int64_t start_at)
      : dir_(std::move(dir)), name_(std::move(name)), lease_ms_(lease_ms), now_(start_at) {
    const SharedDatabase db = fresh_shared_database(std::chrono::milliseconds{lease_ms_});
    conninfo_ = db.conninfo;
    url_ = db.url;
    sql_ = std::make_unique<Sql>(conninfo_);
    std::ofstream(config_path()) << crash_config(DOCKET_CRASH_DKT, DOCKET_CRASH_PLUGIN_DIR, (dir_ / name_).string());
  }
  ~ServeCluster() {
    for (auto& p : procs_) {
      if (p) p->signal(SIGCONT);
    }
  }
  ServeCluster(const ServeCluster&) = delete;
  ServeCluster& operator=(const ServeCluster&) = delete;

  [[nodiscard]] std::filesystem::path config_path() const { return dir_ / (name_ + ".toml"); }
  [[nodiscard]] std::filesystem::path deliveries() const { return dir_ / (name_ + ".deliveries"); }
  [[nodiscard]] const std::string& conninfo() const { return conninfo_; }
  [[nodiscard]] const std::string& url() const { return url_; }
  [[nodiscard]] std::int64_t now() const { return now_; }
  Sql& sql() { return *sql_; }
  ServeProcess& process(std::size_t i) { return *procs_.at(i); }

  // Starts process `i` (again, after a kill) with its clock at the cluster's time, `config` (default
  // the cluster's docket.toml).
  void start(std::size_t i, const std::string& config = {}) {
    std::unique_ptr<ServeProcess> p = std::make_unique<ServeProcess>(
        DOCKET_BIN,
        std::vector<std::string>{"--config", config.empty() ? config_path().string() : config, "--store", url_, "--listen",
                                 "127.0.0.1:0", "--shared-lease", std::to_string(lease_ms_), "--test-clock", utc_text(now_)},
        std::vector<std::string>{"DOCKET_SERVE_TOKEN=" + kClusterToken});
    const std::lock_guard lock(mutex_);
    if (procs_.size() <= i) {
      procs_.resize(i + 1);
      live_.resize(i + 1, false);
    }
    procs_[i] = std::move(p);
    live_[i] = true;
  }
  // SIGKILL: the process is gone at once; requests under way to it lose their answers.
  void kill(std::size_t i) {
    {
      const std::lock_guard lock(mutex_);
      live_[i] = false;
    }
    procs_[i]->kill(SIGKILL);
  }
  // Takes process `i` out of the rotation (its clock is no longer moved, no request goes to it).
  void set_live(std::size_t i, bool live) {
    const std::lock_guard lock(mutex_);
    live_[i] = live;
  }

  // POST `path` with `body` to process `i`; no answer (the process died, or `read_timeout` passed) is an empty result.
  httplib::Result post(std::size_t i, const std::string& path, const nlohmann::json& body, int read_timeout_s = 60) {
    std::string host;
    int port = 0;
    {
      const std::lock_guard lock(mutex_);
      host = procs_.at(i)->host();
      port = procs_.at(i)->port();
    }
    return post_to(host, port, path, body, read_timeout_s);
  }
  static httplib::Result post_to(const std::string& host, int port, const std::string& path, const nlohmann::json& body,
                                 int read_timeout_s = 60) {
    httplib::Client c(host, port);
    c.set_connection_timeout(5, 0);
    c.set_read_timeout(read_timeout_s, 0);
    return c.Post(path.c_str(), {{"Authorization", "Bearer " + kClusterToken}}, body.dump(), "application/json");
  }

  // Moves every live process's clock to `t` (each fires what is due by then, claimed, so each timer
  // by one process); then waits until the database holds no timer due by `t` (a killed process's
  // claims are freed when its lease ends, and another fires them).
  void set_clock(std::int64_t t) {
    now_ = t;
    std::vector<std::future<void>> moves;
    for (std::size_t i = 0; i < live_count(); ++i) {
      const std::optional<std::size_t> p = nth_live(i);
      if (!p) continue;
      moves.push_back(std::async(std::launch::async, [this, t, p] {
        const httplib::Result r = post(*p, "/v1/test/clock", {{"now", utc_text(t)}});
        if (r && fenced(*p, *r)) return;
        if (!r || r->status != 200) {
          throw std::runtime_error(fmt::format("process {} did not move its clock to {}: {}", *p, utc_text(t),
                                               r ? r->body : std::string("no answer")));
        }
      }));
    }
    for (auto& m : moves) m.get();
    wait_until([&] { return sql_->number("SELECT count(*) FROM instances WHERE next_due <= $1", {std::to_string(t)}) == 0; },
               fmt::format("the timers due by {}", utc_text(t)));
  }

  // Sends one request to a live process (round robin), again to another when its answer was lost
  // or it answered 503 (nothing happened); `before_send(process)` runs just before each attempt.
  Answer send(const LoadRequest& q, const std::function<void(std::size_t)>& before_send = {}) {
    Answer a;
    for (int attempt = 0; attempt < 600; ++attempt) {
      const std::optional<std::size_t> p = next_live();
      if (!p) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        continue;
      }
      std::string path = "/v1/instances";
      nlohmann::json body;
      if (q.body.contains("start")) {
        body = {{"workflow", q.body["start"]}, {"args", q.body["input"]}, {"key", q.ticket}};
      } else {
        path += fmt::format("/{}", instance_of(q.ticket));
        if (q.body.contains("complete")) {
          path += "/complete";
          body = {{"step", q.body["complete"]}};
          if (q.body.contains("outcomes")) body["outcomes"] = q.body["outcomes"];
        } else if (q.body.contains("signal")) {
          path += "/signal";
          body = {{"event", q.body["signal"]}};
        } else {
          path += "/update";
          body = {{"param", q.body["update"]}, {"value", q.body["value"]}};
        }
      }
      if (before_send) before_send(*p);
      const httplib::Result r = post(*p, path, body);
      if (!r) {
        a.lost = true;
        ++lost_answers_;
        continue;
      }
      if (r->status == 503) {
        (void)fenced(*p, *r);
        ++unavailable_;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        continue;
      }
      a.status = r->status;
      const nlohmann::json answer = nlohmann::json::parse(r->body, nullptr, false);
      if (answer.is_object() && answer.contains("error") && answer["error"].is_object()) a.code = answer["error"].value("code", "");
      if (q.body.contains("start") && (r->status == 200 || r->status == 201)) {
        a.instance = answer["instance"].get<std::uint64_t>();
        a.started = answer["started"].get<bool>();
        const std::lock_guard lock(mutex_);
        ids_[q.ticket] = a.instance;
      }
      return a;
    }
    throw std::runtime_error(fmt::format("request {} ({}) found no process to answer it", q.seq, q.body.dump()));
  }

  // Plays `load` through the processes: for each instant with a request or a due timer, the clocks
  // move there (timers first), then that instant's requests are sent, each ticket's in order and
  // different tickets' at once (`clients` threads). `after_step(step, steps)` runs after each
  // instant's requests were answered; `before_send(step, steps, process, request)` before each attempt. Returns each
  // request's answer by seq.
  std::map<std::int64_t, Answer> play(const std::vector<LoadRequest>& load, std::int64_t end,
                                      const std::function<void(int, int)>& after_step = {},
                                      const std::function<void(int, int, std::size_t, const LoadRequest&)>& before_send = {},
                                      int clients = 4) {
    std::map<std::int64_t, std::vector<std::vector<const LoadRequest*>>> instants;  // at -> chains by ticket
    for (const LoadRequest& q : load) {
      auto& chains = instants[q.at];
      auto it = std::find_if(chains.begin(), chains.end(), [&](const auto& c) { return c.front()->ticket == q.ticket; });
      if (it == chains.end()) {
        chains.push_back({&q});
      } else {
        it->push_back(&q);
      }
    }
    std::map<std::int64_t, Answer> answers;
    std::mutex answers_mutex;
    const int steps = static_cast<int>(instants.size());
    int step = 0;
    auto next_request = instants.begin();
    while (true) {
      const std::int64_t due = sql_->number("SELECT min(next_due) FROM instances WHERE next_due IS NOT NULL");
      std::int64_t t = next_request != instants.end() ? next_request->first : end;
      if (due >= 0 && due < t) t = due;
      if (t > end) break;
      set_clock(t);
      if (next_request != instants.end() && next_request->first == t) {
        ++step;
        const auto& chains = next_request->second;
        std::atomic<std::size_t> next_chain{0};
        std::vector<std::thread> threads;
        std::exception_ptr failed;
        for (int c = 0; c < clients; ++c) {
          threads.emplace_back([&] {
            try {
              for (std::size_t k = next_chain++; k < chains.size(); k = next_chain++) {
                for (const LoadRequest* q : chains[k]) {
                  Answer a = send(*q, [&](std::size_t p) {
                    if (before_send) before_send(step, steps, p, *q);
                  });
                  const std::lock_guard lock(answers_mutex);
                  answers[q->seq] = a;
                }
              }
            } catch (...) {
              const std::lock_guard lock(answers_mutex);
              failed = std::current_exception();
            }
          });
        }
        for (std::thread& th : threads) th.join();
        if (failed) std::rethrow_exception(failed);
        ++next_request;
        if (after_step) after_step(step, steps);
      }
      if (t == end) break;
    }
    // Every action delivered by someone: none left unclaimed and undelivered (a killed process's
    // claims are freed when its lease ends). Results not written yet are flushed when the
    // processes stop.
    wait_until([&] { return sql_->number("SELECT count(*) FROM actions WHERE state <> 'delivered' AND claimed_by IS NULL") == 0; },
               "every action delivered");
    return answers;
  }

  // SIGTERM to every process still running: each finishes and writes its delivery results; the exit codes.
  std::vector<int> stop_all() {
    std::vector<int> codes;
    for (auto& p : procs_) codes.push_back(p ? p->stop(SIGTERM) : -1);
    return codes;
  }

  [[nodiscard]] std::size_t lost_answers() const { return lost_answers_; }
  // Processes taken out because they answered `503 fenced` (as a load balancer does on /healthz).
  [[nodiscard]] std::size_t fenced_out() const { return fenced_out_; }
  [[nodiscard]] std::size_t unavailable() const { return unavailable_; }
  [[nodiscard]] std::uint64_t instance_of(const std::string& ticket) {
    const std::lock_guard lock(mutex_);
    auto it = ids_.find(ticket);
    if (it == ids_.end()) throw std::runtime_error("no instance was started for ticket " + ticket);
    return it->second;
  }

  void wait_until(const std::function<bool()>& done, const std::string& what, std::chrono::seconds patience = std::chrono::seconds(60)) {
    const auto deadline = std::chrono::steady_clock::now() + patience;
    while (!done()) {
      if (std::chrono::steady_clock::now() > deadline) throw std::runtime_error("the processes never finished " + what);
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  }

 private:
  // A process that answers `503 fenced` lost its lease (it stalled past it: a loaded machine can do
  // that too) and writes nothing more: it leaves the rotation.
  bool fenced(std::size_t i, const httplib::Response& r) {
    if (r.status != 503 || r.body.find("\"fenced\"") == std::string::npos) return false;
    const std::lock_guard lock(mutex_);
    if (live_[i]) ++fenced_out_;
    live_[i] = false;
    return true;
  }
  std::size_t live_count() {
    const std::lock_guard lock(mutex_);
    return static_cast<std::size_t>(std::count(live_.begin(), live_.end(), true));
  }
  std::optional<std::size_t> nth_live(std::size_t n) {
    const std::lock_guard lock(mutex_);
    for (std::size_t i = 0; i < live_.size(); ++i) {
      if (live_[i] && n-- == 0) return i;
    }
    return std::nullopt;
  }
  std::optional<std::size_t> next_live() {
    const std::lock_guard lock(mutex_);
    for (std::size_t k = 0; k < live_.size(); ++k) {
      const std::size_t i = (turn_++) % live_.size();
      if (live_[i]) return i;
    }
    return std::nullopt;
  }

  std::filesystem::path dir_;
  std::string name_;
  std::int64_t lease_ms_;
  std::int64_t now_;
  std::string conninfo_;
  std::string url_;
  std::unique_ptr<Sql> sql_;
  std::mutex mutex_;  // the processes, their rotation, the ids
  std::vector<std::unique_ptr<ServeProcess>> procs_;
  std::vector<bool> live_;
  std::size_t turn_ = 0;
  std::map<std::string, std::uint64_t> ids_;
  std::atomic<std::size_t> lost_answers_{0};
  std::atomic<std::size_t> unavailable_{0};
  std::size_t fenced_out_ = 0;  // under mutex_
};

}  // namespace docket::test
