// make_calendar: checking a CalendarSpec and answering days from it.
#include "docket/core/calendar_spec.hpp"

#include <date/date.h>
#include <date/tz.h>
#include <fmt/format.h>

#include <algorithm>

namespace docket {

namespace {

date::year_month_day ymd(const CivilDate& d) {
  return date::year{d.year} / date::month{d.month} / date::day{d.day};
}

std::string show(const CivilDate& d) { return fmt::format("{:04}-{:02}-{:02}", d.year, d.month, d.day); }

std::string show(const WorkPeriod& p) {
  return fmt::format("{:02}:{:02}-{:02}:{:02}", p.start_minute / 60, p.start_minute % 60, p.end_minute / 60,
                     p.end_minute % 60);
}

bool check_periods(const std::vector<WorkPeriod>& periods, std::string_view day, std::string& error) {
  for (std::size_t i = 0; i < periods.size(); ++i) {
    const WorkPeriod& p = periods[i];
    if (p.start_minute >= p.end_minute || p.end_minute > 24 * 60) {
      error = fmt::format("{} hours {} are not a period within 00:00-24:00", day, show(p));
      return false;
    }
    if (i > 0 && p.start_minute < periods[i - 1].end_minute) {
      error = fmt::format("{} hours {} and {} overlap or are out of order", day, show(periods[i - 1]), show(p));
      return false;
    }
  }
  return true;
}

}  // namespace

std::optional<CalendarProvider> make_calendar(const CalendarSpec& spec, std::string& error) {
  auto refuse = [&](std::string why) {
    error = fmt::format("calendar `{}`: {}", spec.name, why);
    return std::nullopt;
  };
  try {
    (void)date::locate_zone(spec.time_zone);
  } catch (const std::runtime_error&) {
    return refuse(fmt::format("unknown time zone `{}`; use an IANA name such as Asia/Shanghai", spec.time_zone));
  }
  static constexpr std::array<const char*, 7> kDays = {"Monday", "Tuesday", "Wednesday", "Thursday",
                                                       "Friday", "Saturday", "Sunday"};
  std::string why;
  for (std::size_t i = 0; i < 7; ++i) {
    if (!check_periods(spec.weekly[i], kDays[i], why)) return refuse(why);
  }
  std::vector<std::pair<date::sys_days, date::sys_days>> holidays;
  for (const auto& [first, last] : spec.holidays) {
    if (!ymd(first).ok() || !ymd(last).ok()) return refuse(fmt::format("{} is not a date", show(ymd(first).ok() ? last : first)));
    if (last < first) return refuse(fmt::format("the holiday {}..{} ends before it starts", show(first), show(last)));
    holidays.emplace_back(date::sys_days{ymd(first)}, date::sys_days{ymd(last)});
  }
  std::vector<date::sys_days> workdays;
  for (const CivilDate& d : spec.workdays) {
    if (!ymd(d).ok()) return refuse(fmt::format("{} is not a date", show(d)));
    date::sys_days day{ymd(d)};
    for (const auto& [first, last] : holidays) {
      if (first <= day && day <= last) return refuse(fmt::format("{} is both a holiday and a make-up working day", show(d)));
    }
    workdays.push_back(day);
  }
  if (!spec.workdays.empty() && spec.weekly[0].empty()) {
    return refuse("make-up working days take Monday's hours, but Monday has none");
  }

  CalendarProvider provider;
  provider.name = spec.name;
  provider.time_zone = spec.time_zone;
  provider.origin = "calendar spec";
  provider.day = [weekly = spec.weekly, holidays = std::move(holidays), workdays = std::move(workdays)](
                     int year, unsigned month, unsigned day, std::string& err) -> std::optional<CalendarDay> {
    const date::year_month_day date{date::year{year} / date::month{month} / date::day{day}};
    if (!date.ok()) {
      err = fmt::format("{:04}-{:02}-{:02} is not a date", year, month, day);
      return std::nullopt;
    }
    const date::sys_days d{date};
    CalendarDay out;
    if (std::find(workdays.begin(), workdays.end(), d) != workdays.end()) {
      out.working = true;
      out.periods = weekly[0];
      out.note = "make-up working day";
      return out;
    }
    for (const auto& [first, last] : holidays) {
      if (first <= d && d <= last) {
        out.note = "holiday";
        return out;
      }
    }
    const unsigned weekday = date::weekday{d}.iso_encoding();  // 1 Monday ... 7 Sunday
    out.periods = weekly[weekday - 1];
    out.working = !out.periods.empty();
    return out;
  };
  return provider;
}

}  // namespace docket
