// libFuzzer targets for the TOML readers (this file with DOCKET_FUZZ_TOML set to one of them):
//   1 fuzz_config:   arbitrary bytes as docket.toml (load_config: [program], [plugins], [run], [calendars]);
//   2 fuzz_calendar: arbitrary bytes as a calendar file that a docket.toml includes;
//   3 fuzz_profile:  arbitrary bytes as a simulation profile, read against the fuzz program.
// A reader must refuse what it cannot use with an error that names the file; a calendar it accepts
// must be one make_calendar accepts too.
#include <cstddef>
#include <cstdint>
#include <string>

#include "docket/host/config.hpp"
#include "cli/sim_profile.hpp"
#include "docket/core/calendar_spec.hpp"
#include "docket/core/simulation.hpp"
#include "fuzz_support.hpp"

#ifndef DOCKET_FUZZ_TOML
#error "define DOCKET_FUZZ_TOML to 1 (docket.toml), 2 (a calendar file) or 3 (a simulation profile)"
#endif

namespace {

using namespace docket;

#if DOCKET_FUZZ_TOML != 3
// Every calendar a configuration accepted can be built.
void use_calendars(const host::Config& config) {
  for (const CalendarSpec& spec : config.calendars) {
    std::string error;
    std::optional<CalendarProvider> provider = make_calendar(spec, error);
    fuzz::require(provider.has_value(), "a calendar load_config accepted is refused by make_calendar");
  }
}
#endif

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const fuzz::MemFile file(data, size);
  std::string error;
#if DOCKET_FUZZ_TOML == 1
  host::Config config;
  if (host::load_config(file.path(), config, error)) {
    use_calendars(config);
  } else {
    fuzz::require(error.find(file.path()) != std::string::npos, "a configuration error does not name the file");
  }
#elif DOCKET_FUZZ_TOML == 2
  // The including docket.toml, next to nothing: the calendar file is named by its absolute path.
  const std::string config_text = "[calendars]\ninclude = [\"" + file.path() + "\"]\n";
  const fuzz::MemFile config_file(reinterpret_cast<const std::uint8_t*>(config_text.data()), config_text.size());
  host::Config config;
  if (host::load_config(config_file.path(), config, error)) use_calendars(config);
#else
  sim::Profile profile;
  cli::ProfileInfo info;
  if (cli::load_profile(file.path(), *fuzz::program(), "Asia/Shanghai", profile, info, error)) {
    fuzz::require(!profile.workflows.empty(), "a profile was accepted without workflows");
  } else {
    fuzz::require(error.find(file.path()) != std::string::npos, "a profile error does not name the file");
  }
#endif
  return 0;
}
