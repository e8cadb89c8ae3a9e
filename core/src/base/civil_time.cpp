// Dates and times of day without a zone: ISO 8601 reading and printing, whole days and months.
#include "docket/core/civil_time.hpp"

#include <date/date.h>
#include <fmt/format.h>

#include <algorithm>

namespace docket {

namespace {

bool digits(std::string_view text, std::size_t pos, std::size_t n, int& out) {
  if (pos + n > text.size()) return false;
  int value = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
    value = value * 10 + (text[i] - '0');
  }
  out = value;
  return true;
}

// Days since 1970-01-01 of the first and the last day docket computes with.
std::int64_t first_day() {
  return date::sys_days{date::year{kMinCivilYear} / 1 / 1}.time_since_epoch().count();
}
std::int64_t last_day() {
  return date::sys_days{date::year{kMaxCivilYear} / 12 / 31}.time_since_epoch().count();
}

date::year_month_day ymd_of(Date d) { return date::year_month_day{date::sys_days{date::days{d.days}}}; }

}  // namespace

bool parse_date(std::string_view text, Date& out, std::string& error) {
  int y = 0, m = 0, d = 0;
  if (text.size() != 10 || !digits(text, 0, 4, y) || text[4] != '-' || !digits(text, 5, 2, m) || text[7] != '-' ||
      !digits(text, 8, 2, d)) {
    error = fmt::format("`{}` is not a date: write it as YYYY-MM-DD, e.g. `2018-07-30`", text);
    return false;
  }
  const date::year_month_day ymd{date::year{y}, date::month{static_cast<unsigned>(m)},
                                 date::day{static_cast<unsigned>(d)}};
  if (y < kMinCivilYear || !ymd.ok()) {
    error = fmt::format("`{}` is not a calendar date", text);
    return false;
  }
  out = Date{date::sys_days{ymd}.time_since_epoch().count()};
  return true;
}

bool parse_time_of_day(std::string_view text, TimeOfDay& out, std::string& error) {
  int h = 0, m = 0, s = 0;
  bool ok = (text.size() == 5 || text.size() == 8) && digits(text, 0, 2, h) && text[2] == ':' && digits(text, 3, 2, m);
  if (ok && text.size() == 8) ok = text[5] == ':' && digits(text, 6, 2, s);
  if (!ok) {
    error = fmt::format("`{}` is not a time of day: write it as HH:MM or HH:MM:SS (24-hour), e.g. `16:30`", text);
    return false;
  }
  if (h > 23 || m > 59 || s > 59) {
    error = fmt::format("`{}` is not a time of day: hours go to 23, minutes and seconds to 59", text);
    return false;
  }
  out = TimeOfDay{h * 3600 + m * 60 + s};
  return true;
}

std::string to_string(Date d) {
  const date::year_month_day ymd = ymd_of(d);
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                     static_cast<unsigned>(ymd.day()));
}

std::string to_string(TimeOfDay t) {
  const std::int64_t s = t.seconds;
  if (s % 60 != 0) return fmt::format("{:02}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60);
  return fmt::format("{:02}:{:02}", s / 3600, s / 60 % 60);
}

std::string to_iso_string(TimeOfDay t) {
  const std::int64_t s = t.seconds;
  return fmt::format("{:02}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60);
}

bool add_months(Date from, std::int64_t months, Date& out) {
  if (from.days < first_day() || from.days > last_day()) return false;
  const date::year_month_day ymd = ymd_of(from);
  // Months since the start of year 0, then back to a year and a month.
  std::int64_t index = static_cast<std::int64_t>(static_cast<int>(ymd.year())) * 12 +
                       static_cast<std::int64_t>(static_cast<unsigned>(ymd.month())) - 1;
  if (__builtin_add_overflow(index, months, &index) || index < std::int64_t{kMinCivilYear} * 12 ||
      index >= (std::int64_t{kMaxCivilYear} + 1) * 12) {
    return false;
  }
  const date::year_month ym{date::year{static_cast<int>(index / 12)}, date::month{static_cast<unsigned>(index % 12) + 1}};
  const date::day last = date::year_month_day_last{ym.year(), date::month_day_last{ym.month()}}.day();
  out = Date{date::sys_days{ym / std::min(ymd.day(), last)}.time_since_epoch().count()};
  return true;
}

bool add_days(Date from, std::int64_t days, Date& out) {
  std::int64_t result = 0;
  if (__builtin_add_overflow(from.days, days, &result) || result < first_day() || result > last_day()) return false;
  out = Date{result};
  return true;
}

TimeOfDay add_seconds(TimeOfDay from, std::int64_t seconds) {
  std::int64_t s = (from.seconds + seconds % kSecondsPerDay) % kSecondsPerDay;
  if (s < 0) s += kSecondsPerDay;
  return TimeOfDay{s};
}

}  // namespace docket
