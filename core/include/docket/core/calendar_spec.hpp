// CalendarSpec: a business calendar written down (zone, weekly hours, holidays, make-up days), checked.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "docket/core/extensions.hpp"

namespace docket {

struct CivilDate {
  int year = 0;
  unsigned month = 0;  // 1..12
  unsigned day = 0;    // 1..31
  friend auto operator<=>(const CivilDate&, const CivilDate&) = default;
};

struct CalendarSpec {
  std::string name;
  std::string time_zone;                                  // IANA name, e.g. "Asia/Shanghai"
  std::array<std::vector<WorkPeriod>, 7> weekly;          // [0] Monday ... [6] Sunday
  std::vector<std::pair<CivilDate, CivilDate>> holidays;  // inclusive ranges; one day: first == second
  // Make-up working days (调休): weekend days worked to bridge a holiday, with Monday's hours.
  std::vector<CivilDate> workdays;
};

// Checks the spec and turns it into a provider that answers from it. Refused, with the reason in
// `error`: an unknown zone, periods that overlap, are out of order or outside 00:00-24:00, a range
// that ends before it starts, an impossible date, a date that is both a holiday and a make-up day.
[[nodiscard]] std::optional<CalendarProvider> make_calendar(const CalendarSpec& spec, std::string& error);

}  // namespace docket
