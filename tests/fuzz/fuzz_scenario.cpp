// libFuzzer target: arbitrary bytes as a `docket run` scenario (JSON lines of timed events), read
// with load_scenario, typed against the fuzz program's workflow, and replayed on an engine.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "cli/scenario.hpp"
#include "cli/sim_events.hpp"
#include "docket/core/json_value.hpp"
#include "docket/core/simulation.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const docket::fuzz::MemFile file(data, size);
  std::vector<docket::cli::ScenarioEvent> events;
  std::string error;
  // Times without an offset in a zone with daylight saving time, to reach nonexistent local times.
  if (!docket::cli::load_scenario(file.path(), "Europe/Berlin", events, error)) {
    docket::fuzz::require(!error.empty(), "load_scenario failed without saying why");
    return 0;
  }
  docket::sim::Recording recording;
  if (!docket::cli::to_recording(file.path(), events, *docket::fuzz::program(), recording, error)) return 0;
  if (recording.ops.size() > 64) return 0;  // a replay's cost grows with time spans, not with bytes
  try {
    (void)docket::sim::replay(docket::fuzz::program(), nullptr, recording);
  } catch (const docket::sim::SimError&) {
  }
  return 0;
}
