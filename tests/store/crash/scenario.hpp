// The crash scenario: repair tickets over working days in time order, and its docket.toml (crash harness, multi-process proof).
#pragma once

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <random>
#include <string>
#include <tuple>
#include <vector>

namespace docket::test {

// ---- `tickets` repair tickets (2,000 span ten working days), a ticket every 7 minutes

struct Event {
  std::int64_t minute = 0;  // after 2025-11-03 08:00 Shanghai (a Monday)
  int ticket = 0;
  int seq = 0;
  std::string json;  // without "at"
};

inline std::string local_time(std::int64_t minute) {
  using namespace std::chrono;
  const sys_time<minutes> t = sys_days{year{2025} / November / 3} + 8h + minutes{minute};
  const sys_days day = floor<days>(t);
  const year_month_day ymd{day};
  const hh_mm_ss<minutes> hm{t - day};
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                     static_cast<unsigned>(ymd.day()), hm.hours().count(), hm.minutes().count());
}

inline std::vector<Event> scenario(int tickets = 2000) {
  std::mt19937_64 rng(20261202);
  auto pick = [&rng](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  std::vector<Event> events;
  for (int i = 0; i < tickets; ++i) {
    const std::string id = fmt::format("T{}", i);
    int seq = 0;
    auto add = [&](std::int64_t minute, std::string json) { events.push_back({minute, i, seq++, std::move(json)}); };
    std::int64_t t = static_cast<std::int64_t>(i) * 7;  // a ticket every 7 minutes, round the clock
    add(t, fmt::format(R"("start": "repair", "ticket": "{}", "input": {{"t": {{"id": "{}", "kind": "{}", "n": {}}}}})",
                       id, id, pick(0, 9) < 3 ? "urgent" : "normal", i));
    t += pick(0, 9) == 0 ? 180 : pick(10, 50);  // one in ten misses accept's 2h deadline
    const int crews = pick(0, 9) == 0 ? 0 : pick(1, 3);  // one in ten is dropped
    add(t, fmt::format(R"("complete": "accept", "ticket": "{}", "outcomes": {{"crews": {}}})", id, crews));
    if (crews == 0) continue;
    t += 10;  // after a failed guard's retry, a minute later
    const std::int64_t fix = t + (pick(0, 4) == 0 ? 60 * 30 : pick(30, 360));  // one in five misses its workday
    const std::int64_t tell = t + pick(20, 180);
    add(fix, fmt::format(R"("complete": "fix", "ticket": "{}")", id));
    add(tell, fmt::format(R"("complete": "tell", "ticket": "{}")", id));
    if (pick(0, 9) == 0) continue;  // left waiting: its SLA stays paused
    t = std::max(fix, tell) + pick(60, 1200);
    add(t, fmt::format(R"("signal": "back", "ticket": "{}")", id));
    if (pick(0, 9) == 0) continue;  // left open at close: its SLA warns, breaches and escalates
    t += pick(20, 90);
    const bool satisfied = pick(0, 6) != 0;
    add(t, fmt::format(R"("complete": "close", "ticket": "{}", "outcomes": {{"satisfied": {}}})", id, satisfied));
    if (satisfied) continue;
    add(t + 60, fmt::format(R"("complete": "reopen", "ticket": "{}")", id));  // the SLA resets
    add(t + 120, fmt::format(R"("complete": "close", "ticket": "{}", "outcomes": {{"satisfied": true}})", id));
  }
  std::stable_sort(events.begin(), events.end(), [](const Event& a, const Event& b) {
    return std::tie(a.minute, a.ticket, a.seq) < std::tie(b.minute, b.ticket, b.seq);
  });
  events.push_back({events.back().minute + 60 * 24 * 4, 0, 0, ""});  // four more days: the last timers fire
  return events;
}

// The docket.toml of a crash run: crash.dkt, the receiver plugin writing `<base>.deliveries` and
// `<base>.effects` (and `receiver_extra`, more lines for its configuration), the `cn` calendar, Shanghai time.
inline std::string crash_config(const std::string& dkt, const std::string& plugin_dir, const std::string& base,
                                const std::string& receiver_extra = {}) {
  return fmt::format(R"([program]
files = ["{}"]
[plugins]
directories = ["{}"]
load = ["crash_receiver"]
[plugins.config.crash_receiver]
deliveries = "{}.deliveries"
effects = "{}.effects"
{}
[calendars.cn]
zone = "Asia/Shanghai"
days = ["mon", "tue", "wed", "thu", "fri"]
hours = ["08:30-12:00", "14:00-17:30"]
[run]
zone = "Asia/Shanghai"
)",
                     dkt, plugin_dir, base, base, receiver_extra);
}

}  // namespace docket::test
