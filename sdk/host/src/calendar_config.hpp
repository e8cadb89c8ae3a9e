// Business calendars in TOML: [calendars.NAME] tables in docket.toml and in the files it includes.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include <toml++/toml.h>

#include "docket/core/calendar_spec.hpp"

namespace docket::host {

// Reads the [calendars] table of `file` (and, recursively, the files its `include` names, relative
// to it), resolving `inherits`, and checks each calendar. On a problem returns false with `error`
// naming the file, line and column, the calendar and the fix.
bool read_calendars(const std::filesystem::path& file, const toml::table& calendars,
                    std::vector<CalendarSpec>& out, std::string& error);

}  // namespace docket::host
