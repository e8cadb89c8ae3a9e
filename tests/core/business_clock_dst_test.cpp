// Business time across daylight-saving changes (Europe/Berlin, 2025): the clock's memos of zone offsets and days.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "docket/core/business_clock.hpp"
#include "docket/core/calendar_spec.hpp"

namespace docket {
namespace {

// 08:00-17:00 local every day of the week; CET (+1) in winter, CEST (+2) from 2025-03-30 01:00 UTC
// to 2025-10-26 01:00 UTC. The expectations below are written in UTC with those offsets by hand.
CalendarProvider berlin() {
  CalendarSpec spec;
  spec.name = "berlin-daily";
  spec.time_zone = "Europe/Berlin";
  for (std::size_t i = 0; i < 7; ++i) spec.weekly[i] = {{480, 1020}};
  std::string error;
  auto p = make_calendar(spec, error);
  EXPECT_TRUE(p.has_value()) << error;
  return std::move(*p);
}

Instant utc(unsigned month, unsigned day, int hour, int minute = 0) {
  using namespace std::chrono;
  return Instant{sys_days{year{2025} / std::chrono::month{month} / std::chrono::day{day}} + hours{hour} + minutes{minute}};
}

struct Case {
  const char* what;
  Instant from;
  Duration d;
  Instant expected;
};

std::vector<Case> cases() {
  const Duration hour1{1, DurationUnit::workhours};
  const Duration hours2{2, DurationUnit::workhours};
  const Duration hours10{10, DurationUnit::workhours};
  const Duration day1{1, DurationUnit::workdays};
  const Duration days2{2, DurationUnit::workdays};
  return {
      // 16:00 CET Saturday: 1 h that day, the 2nd from 08:00 CEST Sunday, so 09:00 CEST.
      {"spring, hours over the change", utc(3, 29, 15), hours2, utc(3, 30, 7)},
      {"spring, a day over the change", utc(3, 29, 10), day1, utc(3, 30, 15)},
      {"spring, 10 h from the last winter morning", utc(3, 29, 7), hours10, utc(3, 30, 7)},
      {"summer, an hour", utc(7, 1, 9), hour1, utc(7, 1, 10)},
      // 17:30 CEST Saturday, after hours: the hour is 08:00-09:00 CET Sunday.
      {"autumn, hours over the change", utc(10, 25, 15, 30), hour1, utc(10, 26, 8)},
      {"autumn, days over the change", utc(10, 24, 12), days2, utc(10, 26, 16)},
      {"winter, an hour", utc(12, 1, 9), hour1, utc(12, 1, 10)},
      {"spring again after autumn", utc(3, 29, 15), hours2, utc(3, 30, 7)},
  };
}

TEST(BusinessClockDst, AddsOverDaylightSavingChangesOnAFreshClockAndOnOneThatRemembers) {
  const CalendarProvider provider = berlin();
  const BusinessClock shared(provider);  // asked in turn about winter, summer, winter again
  for (const Case& c : cases()) {
    const BusinessClock fresh(provider);
    EXPECT_EQ(fresh.add(c.from, c.d), c.expected) << c.what;
    EXPECT_EQ(shared.add(c.from, c.d), c.expected) << c.what << " (a clock that has answered other questions)";
  }
}

TEST(BusinessClockDst, MeasuresWorkingTimeOverTheChanges) {
  const CalendarProvider provider = berlin();
  const BusinessClock clock(provider);
  // From 07:00 CET Saturday to 08:00 CEST Monday: two whole days of 9 hours.
  EXPECT_EQ(clock.working_seconds(utc(3, 29, 6), utc(3, 31, 6)), 2 * 9 * 3600);
  // A summer question in between (the clock now remembers the summer offset).
  EXPECT_EQ(clock.working_seconds(utc(7, 1, 6), utc(7, 1, 8)), 2 * 3600);
  // From 08:00 CEST Saturday to 08:00 CET Monday.
  EXPECT_EQ(clock.working_seconds(utc(10, 25, 6), utc(10, 27, 7)), 2 * 9 * 3600);
  // The Sunday of each change alone: 9 hours, whatever the day's length.
  EXPECT_EQ(clock.working_seconds(utc(3, 29, 23), utc(3, 30, 22)), 9 * 3600);
  EXPECT_EQ(clock.working_seconds(utc(10, 25, 22), utc(10, 26, 23)), 9 * 3600);
  EXPECT_EQ(clock.workdays_between(utc(3, 28, 12), utc(3, 31, 17)), 3);
}

}  // namespace
}  // namespace docket
