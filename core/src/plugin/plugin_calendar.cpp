// Asks a plugin calendar provider about one local day and checks and copies its answer.
#include <cstring>
#include <memory>
#include <string>

#include "plugin/call_scope.hpp"
#include "plugin/staged.hpp"

namespace docket::plugin {
namespace {

struct CalendarBinding {
  StagedCalendar calendar;

  std::optional<CalendarDay> day(int year, unsigned month, unsigned mday, std::string& error) const {
    docket_calendar_day out{};
    out.struct_size = sizeof out;
    CallScope scope(calendar.policy);
    const docket_status status =
        calendar.day(scope.context(), static_cast<std::int32_t>(year), month, mday, &out);
    scope.finish();
    if (status != DOCKET_OK || scope.state().failed) {
      error = scope.error_message(status);
      return std::nullopt;
    }
    const std::string date = std::to_string(year) + "-" + std::to_string(month) + "-" + std::to_string(mday);
    auto bug = [&](const std::string& what) {
      error = "calendar " + calendar.name + " answered for " + date + " with " + what + " (a bug in plugin " +
              calendar.policy.plugin_name + ")";
      return std::nullopt;
    };
    CalendarDay copy;
    unsigned char working = 0;  // read the byte: a C plugin may have stored 2 in the bool
    std::memcpy(&working, &out.working, 1);
    copy.working = working != 0;
    if (out.period_count > 0 && out.periods == nullptr) return bug("periods NULL but period_count > 0");
    if (!copy.working && out.period_count > 0) return bug("working periods on a day off");
    if (copy.working && out.period_count == 0) return bug("a working day without working periods");
    if (out.period_count > 48) return bug("more than 48 working periods");
    std::uint16_t last_end = 0;
    for (std::size_t i = 0; i < out.period_count; ++i) {
      const docket_work_period& p = out.periods[i];
      if (p.start_minute >= p.end_minute || p.end_minute > 1440 || p.start_minute < last_end) {
        return bug("period " + std::to_string(i + 1) + " [" + std::to_string(p.start_minute) + ", " +
                   std::to_string(p.end_minute) + ") out of order, empty or past midnight");
      }
      last_end = p.end_minute;
      copy.periods.push_back(WorkPeriod{p.start_minute, p.end_minute});
    }
    if (out.note.size > 0) {
      if (out.note.data == nullptr) return bug("a note with NULL data");
      copy.note.assign(out.note.data, out.note.size);
    }
    return copy;
  }
};

}  // namespace

CalendarProvider calendar_provider(const StagedCalendar& calendar, const std::string& origin, CalendarDayFn day) {
  CalendarProvider provider;
  provider.name = calendar.name;
  provider.time_zone = calendar.time_zone;
  provider.origin = origin;
  provider.day = std::move(day);
  return provider;
}

CalendarProvider make_plugin_calendar(const StagedCalendar& calendar, const std::string& origin) {
  auto binding = std::make_shared<const CalendarBinding>(CalendarBinding{calendar});
  return calendar_provider(calendar, origin, [binding](int year, unsigned month, unsigned day, std::string& error) {
    return binding->day(year, month, day, error);
  });
}

}  // namespace docket::plugin
