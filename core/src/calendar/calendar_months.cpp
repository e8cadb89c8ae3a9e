// add_months: whole calendar months in a time zone, clamped to the month's last day.
#include "docket/core/calendar_months.hpp"

#include <date/date.h>
#include <date/tz.h>
#include <fmt/format.h>

#include <algorithm>
#include <string>

namespace docket {

namespace {

using LocalSeconds = date::local_time<std::chrono::seconds>;
constexpr std::int64_t kMaxYear = 9999;

}  // namespace

Instant add_months(Instant from, std::int64_t months, std::string_view zone_name) {
  const date::time_zone* zone = nullptr;
  if (!zone_name.empty()) {
    try {
      zone = date::locate_zone(std::string(zone_name));
    } catch (const std::runtime_error&) {
      throw CalendarError(fmt::format("unknown time zone `{}` for adding calendar months", zone_name));
    }
  }
  const LocalSeconds local = zone != nullptr ? zone->to_local(from) : LocalSeconds{from.time_since_epoch()};
  const date::local_days day = date::floor<date::days>(local);
  const std::chrono::seconds time_of_day = local - LocalSeconds{day};
  const date::year_month_day ymd{day};
  // Months since the start of year 0, then back to a year and a month.
  std::int64_t index = static_cast<std::int64_t>(static_cast<int>(ymd.year())) * 12 +
                       static_cast<std::int64_t>(static_cast<unsigned>(ymd.month())) - 1;
  if (__builtin_add_overflow(index, months, &index) || index < -kMaxYear * 12 || index >= (kMaxYear + 1) * 12) {
    throw CalendarError(fmt::format("{} month{} from {} is beyond the year {}", months, months == 1 ? "" : "s",
                                    date::format("%F", day), kMaxYear));
  }
  const std::int64_t year = index >= 0 ? index / 12 : -((-index + 11) / 12);
  const auto month = static_cast<unsigned>(index - year * 12) + 1;
  const date::year_month ym{date::year{static_cast<int>(year)}, date::month{month}};
  const date::day last = date::year_month_day_last{ym.year(), date::month_day_last{ym.month()}}.day();
  const date::local_days target_day{ym / std::min(ymd.day(), last)};
  const LocalSeconds target = LocalSeconds{target_day} + time_of_day;
  if (zone == nullptr) return Instant{target.time_since_epoch()};
  const date::local_info info = zone->get_info(target);
  // unique and ambiguous: the first (earlier) offset; in a gap the offset before it, which lands
  // the length of the gap later (java.time's ZonedDateTime.plusMonths does the same).
  return Instant{target.time_since_epoch() - info.first.offset};
}

}  // namespace docket
