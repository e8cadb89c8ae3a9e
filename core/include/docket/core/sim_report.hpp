// The SLA report of a simulation: tickets, on-time rate, durations, breaches and escalations by group.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "docket/core/program.hpp"
#include "docket/core/simulation.hpp"

namespace docket::sim {

// Mean and 95th percentile (nearest rank) of a set of durations, in seconds; n == 0: no data.
struct Spread {
  std::uint64_t n = 0;
  double mean = 0;
  double p95 = 0;
};

// One row of the report: every ticket, a workflow, an SLA (`workflow.sla`: the tickets that have it)
// or a segment.
struct Group {
  std::string key;
  std::uint64_t tickets = 0;
  std::uint64_t finished = 0;
  std::uint64_t failed = 0;
  std::uint64_t clocks = 0;     // SLA clocks that started
  std::uint64_t met = 0;        // stopped in time
  std::uint64_t breached = 0;   // stopped late, or still counting past the due time
  std::uint64_t cancelled = 0;
  std::uint64_t open = 0;       // still counting (or paused) and not breached
  std::uint64_t escalated = 0;  // clocks that reached escalation level 1 or more
  std::uint64_t warnings = 0;
  std::uint64_t deadlines_missed = 0;  // step `within` deadlines
  Spread counted;  // SLA clocks that stopped: counted time (working time for business SLAs)
  Spread clock;    // the same clocks: wall time while counting
  Spread ticket;   // finished tickets: from start to end, wall time
  // met / (met + breached); negative when no clock has a verdict yet.
  [[nodiscard]] double on_time() const noexcept {
    return met + breached == 0 ? -1.0 : static_cast<double>(met) / static_cast<double>(met + breached);
  }
};

// How the counted time of stopped SLA clocks compares with their limit: bucket i holds the clocks
// that used [i × 10%, (i + 1) × 10%) of their budget; the last bucket holds 200% and more.
struct LimitShares {
  static constexpr int kBucketPercent = 10;
  static constexpr std::size_t kBuckets = 21;
  std::string key;                    // `workflow.sla`
  std::vector<std::uint64_t> counts;  // kBuckets entries
  std::uint64_t n = 0;                // clocks counted (stopped, with a budget)
};

// One local day of the period: tickets started, SLA breaches (the day the due time passed) and
// escalations (the day of a clock's first escalation). Summed over the days, breaches and
// escalations equal the report's totals.
struct DayCount {
  std::string day;  // "2025-09-15", local to the report's zone
  std::uint64_t started = 0;
  std::uint64_t breached = 0;
  std::uint64_t escalated = 0;
};

struct Report {
  Group total;
  std::vector<Group> workflows;
  std::vector<Group> slas;
  std::vector<Group> segments;
  std::uint64_t host_ops = 0;
  std::uint64_t skipped_ops = 0;
  std::vector<LimitShares> distributions;  // one per SLA, in the order of `slas`
  std::vector<DayCount> days;               // every day from the first start to the end, none left out
};

// `zone` (an IANA name, "Z" or an offset) cuts the period into local days.
[[nodiscard]] Report summarize(const Program& program, const Result& result, std::string_view zone = "UTC");

// The same tickets under a base and a changed program or calendar.
struct Comparison {
  Report base;
  Report what_if;
  std::uint64_t met_to_breached = 0;  // SLA clocks met in the base and breached in the what-if
  std::uint64_t breached_to_met = 0;
};

[[nodiscard]] Comparison compare(const Program& base_program, const Result& base, const Program& what_if_program,
                                 const Result& what_if, std::string_view zone = "UTC");

}  // namespace docket::sim
