// Takeover time of `docket serve --shared-lease`: from SIGKILL of a process holding work to another process claiming that work.
//
// Usage: docket_serve_takeover [--lease-ms MS] [--rounds N]
// Each round starts a PostgreSQL database (a real server on loopback, started once) and two
// `docket serve --shared-lease MS --test-clock` processes, A and B, with the crash scenario's program
// (tests/store/crash). A's receiver plugin stalls while a file exists, so A can be caught holding
// work it claimed:
//   action: A completes a ticket's step, commits, claims the action to deliver (`dispatch`) and
//           stalls in its delivery;
//   timer:  a ticket failed on B (its guard's plugin function failed) and its retry is due a minute
//           later; A's clock moves there, A claims the retry timer and stalls in the guard.
// A is then killed with SIGKILL after a random wait of 0 to lease/3 (a live process renews its lease
// every lease/3, so this is the time since its last renewal when a crash comes); B, held still
// while A claimed, is let go after another random 0 to lease/3 (so its heartbeats have a random
// phase). The round measures the time from the kill until B has claimed the work (the row's
// `claimed_by` is B's lease, or the work is done). B takes over after A's lease ran out, at its
// next heartbeat: the design's bound is lease + lease/3 after A's last renewal (docs/store.md).
// One JSON line per round, then the medians.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "serve_cluster.hpp"

namespace {

namespace fs = std::filesystem;
using docket::test::ServeCluster;
using Json = nlohmann::json;
using Steady = std::chrono::steady_clock;

double ms(Steady::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

double median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v.size() % 2 == 1 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
}

std::string loadavg() {
  std::ifstream in("/proc/loadavg");
  std::string one;
  std::string five;
  in >> one >> five;
  return one + " " + five;
}

struct Round {
  bool ok = false;
  std::string why;    // when not ok
  double waited = 0;  // ms from the claim to the kill
  double lease_left = 0;  // ms of A's lease left at the kill (from the database's clock)
  double takeover = 0;    // ms from the kill to B's claim
};

Json ticket(const std::string& id, std::int64_t n) {
  return {{"workflow", "repair"}, {"args", {{"t", {{"id", id}, {"kind", "normal"}, {"n", n}}}}}, {"key", id}};
}

// One round of `kind` ("action" or "timer").
Round round(const fs::path& dir, const std::string& kind, int index, std::int64_t lease_ms, std::mt19937_64& rng) {
  Round out;
  // A minute of 2025-11-04 (a working day, 10:00 in Shanghai), so that the plugin's flaky function,
  // which fails when (minute + n) % 5 == 0, fails or not as the round needs.
  const std::int64_t t0 = 1762221600;
  const std::int64_t minute = t0 / 60;
  const std::int64_t n = kind == "action" ? (5 - minute % 5 + 1) % 5 : (5 - minute % 5) % 5;
  const std::string name = fmt::format("{}-{}", kind, index);
  ServeCluster c(dir, name, lease_ms, t0);
  const fs::path stall = dir / (name + ".stall");
  std::ofstream(stall) << "stall\n";
  const fs::path stalled_config = dir / (name + "-stalled.toml");
  std::ofstream(stalled_config) << docket::test::crash_config(
      DOCKET_CRASH_DKT, DOCKET_CRASH_PLUGIN_DIR, (dir / name).string(),
      fmt::format("stall_file = \"{}\"\nstall_in = \"{}\"", stall.string(), kind == "action" ? "deliver" : "flaky"));
  c.start(0, stalled_config.string());  // A
  c.start(1);                           // B
  const std::string a_lease = std::to_string(
      c.sql().number("SELECT id FROM leases WHERE NOT revoked AND name LIKE $1", {fmt::format("%:{}", c.process(0).pid())}));
  const std::string b_lease = std::to_string(
      c.sql().number("SELECT id FROM leases WHERE NOT revoked AND name LIKE $1", {fmt::format("%:{}", c.process(1).pid())}));
  auto fail = [&](std::string why) {
    std::filesystem::remove(stall);
    out.why = std::move(why);
    return out;
  };
  const httplib::Result started = c.post(1, "/v1/instances", ticket("R", n));
  if (!started || started->status != 201) return fail("the ticket did not start: " + (started ? started->body : "no answer"));
  const std::string id = std::to_string(Json::parse(started->body)["instance"].get<std::uint64_t>());
  const std::string complete = fmt::format("/v1/instances/{}/complete", id);
  const Json accept = {{"step", "accept"}, {"outcomes", {{"crews", 1}}}};
  std::string watch;  // the row whose claim is watched
  std::vector<std::string> params;
  std::future<httplib::Result> stuck;
  // B is held still (well within its lease) while A claims the work: an idle B that A's commit wakes
  // would race A for an action. Letting B go a random 0 to lease/3 after A's claim gives B's
  // heartbeats a random phase against A's lease, as two processes started apart have.
  c.process(1).signal(SIGSTOP);
  if (kind == "action") {
    stuck = std::async(std::launch::async, [&] { return c.post(0, complete, accept, 120); });
    watch = "SELECT claimed_by, state = 'delivered' FROM actions WHERE instance = $1 AND key LIKE '%:fix:%'";
  } else {
    c.process(1).signal(SIGCONT);
    const httplib::Result failed = c.post(1, complete, accept);
    if (!failed || failed->status != 200) return fail("complete on B: " + (failed ? failed->body : "no answer"));
    if (c.sql().number("SELECT next_due FROM instances WHERE id = $1", {id}) != t0 + 60) {
      return fail("the ticket's guard did not fail: no retry a minute later");
    }
    c.process(1).signal(SIGSTOP);
    stuck = std::async(std::launch::async, [&] { return c.post(0, "/v1/test/clock", {{"now", docket::test::utc_text(t0 + 60)}}, 120); });
    watch = "SELECT claimed_by, next_due IS DISTINCT FROM $2 FROM instances WHERE id = $1";
    params = {id, std::to_string(t0 + 60)};
  }
  if (params.empty()) params = {id};
  auto state = [&] {
    const auto rows = c.sql().query(watch, params);
    return rows.empty() ? std::pair<std::string, bool>{"", false} : std::pair<std::string, bool>{rows[0][0], rows[0][1] == "t"};
  };
  const auto claim_deadline = Steady::now() + std::chrono::seconds(30);
  for (auto now = state(); now.first != a_lease; now = state()) {
    if (now.second || !now.first.empty()) {
      c.process(1).signal(SIGCONT);
      return fail(fmt::format("B took the {} before A could (claimed by {})", kind, now.first));
    }
    if (Steady::now() > claim_deadline) {
      c.process(1).signal(SIGCONT);
      return fail("A never claimed the " + kind);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  const auto claimed = Steady::now();
  std::uniform_int_distribution<std::int64_t> third(0, lease_ms / 3);
  const std::chrono::milliseconds release_b{third(rng)};
  const std::chrono::milliseconds kill_a{third(rng)};
  auto let_b_go = [&]() -> std::string {
    std::this_thread::sleep_until(claimed + release_b);
    c.process(1).signal(SIGCONT);
    if (kind != "timer") return {};
    // B's clock moves there too: it skips A's claim (and would fire the timer were A's claim freed).
    const httplib::Result moved = c.post(1, "/v1/test/clock", {{"now", docket::test::utc_text(t0 + 60)}});
    return moved && moved->status == 200 ? std::string() : "B's clock: " + (moved ? moved->body : std::string("no answer"));
  };
  if (release_b <= kill_a) {
    if (std::string why = let_b_go(); !why.empty()) return fail(why);
  }
  std::this_thread::sleep_until(claimed + kill_a);
  out.lease_left = static_cast<double>(
      c.sql().number("SELECT (extract(epoch FROM expires - clock_timestamp()) * 1000)::bigint FROM leases WHERE id = $1", {a_lease}));
  const auto killed = Steady::now();
  c.kill(0);
  out.waited = ms(killed - claimed);
  if (release_b > kill_a) {
    if (std::string why = let_b_go(); !why.empty()) return fail(why);
  }
  const auto deadline = killed + std::chrono::milliseconds(20 * lease_ms);
  while (true) {
    const auto [by, done] = state();
    if (done || (!by.empty() && by != a_lease)) {
      if (!done && by != b_lease) return fail("claimed by an unknown lease " + by);
      out.takeover = ms(Steady::now() - killed);
      break;
    }
    if (Steady::now() > deadline) return fail(fmt::format("no takeover within 20 leases (claimed by `{}`)", by));
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  (void)stuck.get();  // A's request died with it
  std::filesystem::remove(stall);
  (void)c.stop_all();
  out.ok = true;
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  std::int64_t lease_ms = 2000;
  int rounds = 5;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--lease-ms") {
      lease_ms = std::stoll(argv[i + 1]);
    } else if (flag == "--rounds") {
      rounds = std::stoi(argv[i + 1]);
    } else {
      std::cerr << "usage: docket_serve_takeover [--lease-ms MS] [--rounds N]\n";
      return 2;
    }
  }
  std::signal(SIGPIPE, SIG_IGN);
  const fs::path dir = fs::temp_directory_path() / fmt::format("docket-takeover-{}", ::getpid());
  fs::create_directories(dir);
  std::mt19937_64 rng(20261203);
  const std::string load_before = loadavg();
  int failures = 0;
  std::map<std::string, std::vector<double>> takeovers;
  try {
    for (int r = 0; r < rounds; ++r) {
      for (const std::string kind : {"action", "timer"}) {
        const Round x = round(dir, kind, r, lease_ms, rng);
        if (!x.ok) {
          ++failures;
          std::cout << Json({{"kind", kind}, {"round", r + 1}, {"skipped", x.why}}).dump() << std::endl;
          continue;
        }
        takeovers[kind].push_back(x.takeover);
        std::cout << Json({{"kind", kind}, {"round", r + 1}, {"lease_ms", lease_ms}, {"claim_to_kill_ms", x.waited},
                           {"lease_left_at_kill_ms", x.lease_left}, {"takeover_ms", x.takeover}})
                         .dump()
                  << std::endl;
      }
    }
  } catch (const std::exception& e) {
    std::cerr << "docket_serve_takeover: " << e.what() << "\n";
    return 1;
  }
  for (const auto& [kind, v] : takeovers) {
    std::cout << Json({{"summary", kind},
                       {"lease_ms", lease_ms},
                       {"rounds", v.size()},
                       {"median_takeover_ms", median(v)},
                       {"min_ms", *std::min_element(v.begin(), v.end())},
                       {"max_ms", *std::max_element(v.begin(), v.end())},
                       {"median_in_leases", median(v) / static_cast<double>(lease_ms)},
                       {"target_ms", 2 * lease_ms},
                       {"loadavg_before", load_before},
                       {"loadavg_after", loadavg()}})
                     .dump()
              << std::endl;
  }
  fs::remove_all(dir);
  return failures == 0 ? 0 : 1;
}
