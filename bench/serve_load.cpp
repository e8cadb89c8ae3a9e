// docket serve under a steady open-loop load over loopback: p50/p99 latency of start and complete,
// against the HTTP round trip alone (GET / — the board page, no engine) at the same rate in the same run.
//
// Usage: docket_serve_bench [--rate REQUESTS_PER_S] [--seconds S] [--connections N] [--store sqlite|URL]
// It starts `docket serve` itself (examples/95598 on a fresh SQLite file by default), sends tickets
// on a fixed schedule (each ticket: POST /v1/instances, then POST .../complete of `accept` as soon as
// the start is answered: two requests), and measures each start from the moment the schedule said it
// should be sent, so a server that falls behind shows in the figures (no coordinated omission).
#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "serve_process.hpp"

namespace {

using Clock = std::chrono::steady_clock;
using Json = nlohmann::json;
const std::string kToken = "serve-bench-token-0123456789";

double ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const auto i = static_cast<std::size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
  return v[std::min(i, v.size() - 1)];
}

std::string application(const std::string& id) {
  return Json({{"workflow", "meter_install"},
               {"key", id},
               {"args",
                {{"app",
                  {{"id", id},
                   {"address", "上海市浦东新区张杨路 500 号"},
                   {"customer",
                    {{"id", "C-" + id},
                     {"voltage_kv", 0.38},
                     {"tariff", "commercial"},
                     {"dual_source", false},
                     {"important", false},
                     {"load_level", 3},
                     {"contract_kva", 80},
                     {"area", "urban"}}}}}}}})
      .dump();
}

// The first few failed requests, on stderr: what the server said, or why there was no answer.
void report_error(const char* what, const httplib::Result& r) {
  static std::atomic<int> shown{0};
  if (shown++ >= 5) return;
  if (!r) {
    std::cerr << what << ": no answer (" << httplib::to_string(r.error()) << ")\n";
  } else {
    std::cerr << what << ": HTTP " << r->status << " " << r->body << "\n";
  }
}

struct Result {
  std::vector<double> first;   // start (or the baseline GET), from its scheduled time
  std::vector<double> second;  // complete, from when it was sent
  std::size_t errors = 0;
  double wall_seconds = 0;
  std::size_t requests = 0;
};

// `jobs` units on a schedule of `per_second`, spread over `connections` client threads.
Result run(const std::string& host, int port, double per_second, double seconds, int connections, bool baseline,
           const std::string& tag) {
  const auto jobs = static_cast<std::size_t>(per_second * seconds);
  Result total;
  std::mutex merge;
  std::atomic<std::size_t> next{0};
  const Clock::time_point t0 = Clock::now() + std::chrono::milliseconds(200);
  std::vector<std::thread> threads;
  for (int c = 0; c < connections; ++c) {
    threads.emplace_back([&] {
      httplib::Client http(host, port);
      http.set_keep_alive(true);
      http.set_tcp_nodelay(true);  // as a real client does: a POST's head and body are two writes
      http.set_read_timeout(60, 0);
      const httplib::Headers auth{{"Authorization", "Bearer " + kToken}};
      Result mine;
      for (std::size_t i = next++; i < jobs; i = next++) {
        const Clock::time_point due = t0 + std::chrono::nanoseconds(static_cast<long long>(1e9 * static_cast<double>(i) / per_second));
        std::this_thread::sleep_until(due);
        if (baseline) {
          auto r = http.Get("/");
          mine.first.push_back(ms(Clock::now() - due));
          ++mine.requests;
          if (!r || r->status != 200) ++mine.errors;
          continue;
        }
        auto started = http.Post("/v1/instances", auth, application(tag + std::to_string(i)), "application/json");
        mine.first.push_back(ms(Clock::now() - due));
        ++mine.requests;
        if (!started || started->status != 201) {
          ++mine.errors;
          report_error("start", started);
          continue;
        }
        const auto id = Json::parse(started->body)["instance"].get<std::uint64_t>();
        const Clock::time_point sent = Clock::now();
        auto completed = http.Post(("/v1/instances/" + std::to_string(id) + "/complete").c_str(), auth,
                                   R"({"step": "accept"})", "application/json");
        mine.second.push_back(ms(Clock::now() - sent));
        ++mine.requests;
        if (!completed || completed->status != 200) {
          ++mine.errors;
          report_error("complete", completed);
        }
      }
      const std::lock_guard<std::mutex> lock(merge);
      total.first.insert(total.first.end(), mine.first.begin(), mine.first.end());
      total.second.insert(total.second.end(), mine.second.begin(), mine.second.end());
      total.errors += mine.errors;
      total.requests += mine.requests;
    });
  }
  for (std::thread& t : threads) t.join();
  total.wall_seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  return total;
}

}  // namespace

int main(int argc, char** argv) {
  double rate = 1000;  // requests per second (two per ticket)
  double seconds = 10;
  int connections = 32;
  std::string store;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i];
    if (a == "--rate") rate = std::stod(argv[i + 1]);
    else if (a == "--seconds") seconds = std::stod(argv[i + 1]);
    else if (a == "--connections") connections = std::stoi(argv[i + 1]);
    else if (a == "--store") store = argv[i + 1];
    else {
      std::cerr << "unknown argument " << a << "\n";
      return 2;
    }
  }
  const std::filesystem::path dir = std::filesystem::temp_directory_path() / ("docket-serve-bench-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  if (store.empty() || store == "sqlite") store = (dir / "bench.sqlite").string();
  docket::testing::ServeProcess server(DOCKET_BIN,
                                       {"--config", std::string(DOCKET_EXAMPLES) + "/95598/docket.toml", "--store", store,
                                        "--listen", "127.0.0.1:0"},
                                       {"DOCKET_SERVE_TOKEN=" + kToken});
  // Warm up: connections, the program, the store's pages.
  run(server.host(), server.port(), 200, 1, 8, false, "W");

  const Result base = run(server.host(), server.port(), rate, seconds, connections, true, "");
  const Result load = run(server.host(), server.port(), rate / 2, seconds, connections, false, "L");
  const int stopped = server.stop(SIGTERM);
  std::filesystem::remove_all(dir);

  const Json out = {
      {"rate_requests_per_s", rate},
      {"seconds", seconds},
      {"connections", connections},
      {"store", store.starts_with("postgres") ? "postgresql" : "sqlite"},
      {"baseline_get_page", {{"p50_ms", percentile(base.first, 0.5)}, {"p99_ms", percentile(base.first, 0.99)},
                             {"requests_per_wall_s", static_cast<double>(base.requests) / base.wall_seconds},
                             {"errors", base.errors}}},
      {"start", {{"p50_ms", percentile(load.first, 0.5)}, {"p99_ms", percentile(load.first, 0.99)}}},
      {"complete", {{"p50_ms", percentile(load.second, 0.5)}, {"p99_ms", percentile(load.second, 0.99)}}},
      {"requests_per_wall_s", static_cast<double>(load.requests) / load.wall_seconds},
      {"errors", load.errors},
      {"server_exit", stopped}};
  std::cout << out.dump() << std::endl;
  return load.errors == 0 && base.errors == 0 && stopped == 0 ? 0 : 1;
}
