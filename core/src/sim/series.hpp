// The report's series: durations against the limit per SLA, and breaches and escalations per day.
#pragma once

#include <string_view>
#include <vector>

#include "docket/core/sim_report.hpp"

namespace docket::sim::detail {

// One per SLA key (`workflow.sla`) that some ticket has, in key order (as Report::slas).
[[nodiscard]] std::vector<LimitShares> distributions(const Program& program, const Result& result);
// Every local day in `zone` from the first ticket's start to the end of the run.
[[nodiscard]] std::vector<DayCount> day_counts(const Result& result, std::string_view zone);

}  // namespace docket::sim::detail
