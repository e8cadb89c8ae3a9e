// Hand-written SVG charts for the HTML report: on-time bars, durations against the limit, days.
//
// Every mark carries its number in data-* attributes (data-chart, data-run, data-key, data-value)
// and shows it as text, so a browser test can read the charts back and compare them with the JSON
// report. Bars are drawn to one scale per chart (data-scale on the <svg>: pixels per unit).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace docket::cli::report {

// The runs a chart compares: "base", and "what_if" when there is one.
struct Run {
  std::string id;     // data-run
  std::string title;  // "base", "what-if"
};

// One row of an on-time chart: a rate per run (negative: nothing rated).
struct RateRow {
  std::string key;
  std::vector<double> rates;
};

// Horizontal bars, one per run and row, 0–100%.
[[nodiscard]] std::string rate_chart(const std::string& chart, const std::vector<Run>& runs,
                                     const std::vector<RateRow>& rows);

// Counted time as a share of the limit for one SLA of one run: bars per 10% bucket, the last
// bucket 200% and more; bars at or past 100% in red; the limit as a dashed line.
[[nodiscard]] std::string distribution_chart(const std::string& key, const Run& run,
                                             const std::vector<std::uint64_t>& counts, int bucket_percent);

// Breaches and escalations per day of one run.
struct DaySeries {
  std::vector<std::string> days;  // "2025-09-15"
  std::vector<std::uint64_t> breached;
  std::vector<std::uint64_t> escalated;
};
[[nodiscard]] std::string day_chart(const Run& run, const DaySeries& series);

}  // namespace docket::cli::report
