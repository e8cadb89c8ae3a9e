// Scenarios for `docket run`: timed events in a JSON-lines file, one event per line.
//
//   {"at": "2025-09-26T09:00", "start": "meter_install", "ticket": "A1", "input": {"app": {...}}}
//   {"at": "2025-09-26T10:30", "complete": "accept"}
//   {"at": "2025-09-29T16:00", "complete": "survey", "outcomes": {"feasible": true}}
//   {"at": "2025-09-30T09:00", "signal": "customer_pending"}
//   {"at": "2025-10-20T09:00"}                      (only lets time pass: timers fire)
//
// Times without an offset are read in the scenario's zone. "ticket" names an instance; events
// without one go to the instance started last.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "docket/core/value.hpp"

namespace docket::cli {

enum class ScenarioAction { start, complete, signal, wait };

struct ScenarioEvent {
  std::size_t line = 0;
  Instant at;
  ScenarioAction action = ScenarioAction::wait;
  std::string name;        // workflow, step or event
  std::string ticket;      // may be empty
  nlohmann::json payload;  // start: {"param": value}; complete: {"outcome": value}
};

// Reads and validates a scenario ("-": standard input, named <stdin>). On a problem returns false with `error` as
// "file:line: error: ..." naming the field and the fix.
bool load_scenario(const std::string& path, const std::string& zone, std::vector<ScenarioEvent>& out,
                   std::string& error);

}  // namespace docket::cli
