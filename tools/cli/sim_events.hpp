// Recorded events for `docket simulate --events`: run's scenario lines, many tickets, typed per program.
#pragma once

#include <string>
#include <vector>

#include "cli/scenario.hpp"
#include "docket/core/simulation.hpp"

namespace docket::cli {

// Converts scenario events (read with load_scenario) into host operations typed against
// `program`. Lines without "ticket" go to the ticket started last, as in `docket run`.
// On a problem returns false with `error` as "file:line: error: ..." naming the key and the fix.
bool to_recording(const std::string& path, const std::vector<ScenarioEvent>& events, const Program& program,
                  sim::Recording& out, std::string& error);

}  // namespace docket::cli
