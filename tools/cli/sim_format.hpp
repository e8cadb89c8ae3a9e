// Printing simulation reports: text tables, JSON, CSV; a what-if as both reports and their difference.
#pragma once

#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "docket/core/sim_report.hpp"

namespace docket::cli {

enum class ReportFormat { text, json, csv };

// `about` describes the input in one line (profile, period and seed, or the events file).
void print_report(std::ostream& out, ReportFormat format, const std::string& about, const sim::Report& report);
// The rows of a what-if's difference table: the totals, then every workflow, SLA and segment
// present in both runs (by key), in the base report's order.
[[nodiscard]] std::vector<std::pair<const sim::Group*, const sim::Group*>> comparison_rows(const sim::Comparison& c);
void print_comparison(std::ostream& out, ReportFormat format, const std::string& about, const std::string& what_if,
                      const sim::Comparison& comparison);

}  // namespace docket::cli
