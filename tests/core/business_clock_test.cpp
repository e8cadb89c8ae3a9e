// Business time on a mainland-China style calendar: split hours, National Day, make-up working days.
#include <gtest/gtest.h>

#include "docket/core/business_clock.hpp"
#include "docket/core/calendar_spec.hpp"
#include "docket/core/clock.hpp"

namespace docket {
namespace {

WorkPeriod hm(int h1, int m1, int h2, int m2) {
  return {static_cast<std::uint16_t>(h1 * 60 + m1), static_cast<std::uint16_t>(h2 * 60 + m2)};
}

// Mon-Fri 08:30-12:00 and 14:00-17:30 in Shanghai; 2025 National Day 10-01..10-08; make-up
// working days Sunday 09-28 and Saturday 10-11.
CalendarSpec cn_spec() {
  CalendarSpec spec;
  spec.name = "cn-test";
  spec.time_zone = "Asia/Shanghai";
  for (std::size_t i = 0; i < 5; ++i) spec.weekly[i] = {hm(8, 30, 12, 0), hm(14, 0, 17, 30)};
  spec.holidays = {{{2025, 10, 1}, {2025, 10, 8}}};
  spec.workdays = {{2025, 9, 28}, {2025, 10, 11}};
  return spec;
}

Instant sh(const char* local) {
  Instant t;
  std::string error;
  EXPECT_TRUE(parse_instant(local, "Asia/Shanghai", t, error)) << error;
  return t;
}

class BusinessClockTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string error;
    auto p = make_calendar(cn_spec(), error);
    ASSERT_TRUE(p.has_value()) << error;
    provider = std::move(*p);
    clock = std::make_unique<BusinessClock>(provider);
  }
  Instant add(const char* from, Duration d) const { return clock->add(sh(from), d); }
  CalendarProvider provider;
  std::unique_ptr<BusinessClock> clock;
};

constexpr Duration workdays(std::int64_t n) { return {n, DurationUnit::workdays}; }
constexpr Duration workhours(std::int64_t n) { return {n, DurationUnit::workhours}; }

TEST_F(BusinessClockTest, WorkdaysNeverCountTheDayTheClockStartsAndEndAtCloseOfBusiness) {
  EXPECT_EQ(add("2025-09-22T10:00", workdays(1)), sh("2025-09-23T17:30"));  // mid-day Monday
  EXPECT_EQ(add("2025-09-22T07:00", workdays(1)), sh("2025-09-23T17:30"));  // before opening
  EXPECT_EQ(add("2025-09-22T20:00", workdays(1)), sh("2025-09-23T17:30"));  // after hours
  EXPECT_EQ(add("2025-09-22T10:00", workdays(0)), sh("2025-09-22T10:00"));
}

TEST_F(BusinessClockTest, MakeUpDaysAreWorkingDaysAndHolidaysAreNot) {
  EXPECT_EQ(add("2025-09-26T16:00", workdays(1)), sh("2025-09-28T17:30"));  // Friday -> make-up Sunday
  EXPECT_EQ(add("2025-09-30T20:00", workdays(2)), sh("2025-10-10T17:30"));  // over National Day
  EXPECT_EQ(add("2025-10-03T10:00", workdays(1)), sh("2025-10-09T17:30"));  // arriving on a holiday
  EXPECT_EQ(add("2025-10-11T10:00", workdays(1)), sh("2025-10-13T17:30"));  // arriving on a make-up Saturday
}

TEST_F(BusinessClockTest, WorkhoursFollowTheSplitHours) {
  EXPECT_EQ(add("2025-09-22T11:00", workhours(2)), sh("2025-09-22T15:00"));  // over the lunch break
  EXPECT_EQ(add("2025-09-22T11:00", workhours(1)), sh("2025-09-22T12:00"));  // ends at a period's end
  EXPECT_EQ(add("2025-09-22T07:00", workhours(1)), sh("2025-09-22T09:30"));  // counts from opening
  EXPECT_EQ(add("2025-09-26T17:00", workhours(1)), sh("2025-09-28T09:00"));  // into the make-up Sunday
  EXPECT_EQ(add("2025-09-30T17:00", workhours(8)), sh("2025-10-10T09:00"));  // 0.5 h, holidays, 7 h, 0.5 h
  EXPECT_EQ(add("2025-09-22T11:00", Duration{86400, DurationUnit::seconds}), sh("2025-09-23T11:00"));
}

TEST_F(BusinessClockTest, AddingThenMeasuringGivesTheDurationBackAndLaterStartsNeverDueEarlier) {
  Instant start = sh("2025-09-19T06:13");
  for (int n = 1; n <= 6; ++n) {
    Instant previous_days{};
    Instant previous_hours{};
    for (Instant t = start; t < sh("2025-10-16T00:00"); t += std::chrono::minutes{97}) {
      Instant days_due = clock->add(t, workdays(n));
      Instant hours_due = clock->add(t, workhours(n));
      ASSERT_EQ(clock->workdays_between(t, days_due), n) << format_instant(t, "Asia/Shanghai");
      ASSERT_EQ(clock->working_seconds(t, hours_due), n * 3600) << format_instant(t, "Asia/Shanghai");
      ASSERT_GE(days_due, previous_days);
      ASSERT_GE(hours_due, previous_hours);
      previous_days = days_due;
      previous_hours = hours_due;
    }
  }
}

TEST(CalendarSpecTest, BadCalendarsAreRefusedWithTheReason) {
  std::string error;
  CalendarSpec overlap = cn_spec();
  overlap.weekly[2] = {hm(8, 30, 12, 0), hm(11, 0, 17, 30)};
  EXPECT_FALSE(make_calendar(overlap, error));
  EXPECT_EQ(error, "calendar `cn-test`: Wednesday hours 08:30-12:00 and 11:00-17:30 overlap or are out of order");

  CalendarSpec zone = cn_spec();
  zone.time_zone = "Asia/Shanghia";
  EXPECT_FALSE(make_calendar(zone, error));
  EXPECT_NE(error.find("unknown time zone `Asia/Shanghia`"), std::string::npos) << error;

  CalendarSpec both = cn_spec();
  both.workdays.push_back({2025, 10, 3});
  EXPECT_FALSE(make_calendar(both, error));
  EXPECT_EQ(error, "calendar `cn-test`: 2025-10-03 is both a holiday and a make-up working day");

  CalendarSpec bad_date = cn_spec();
  bad_date.holidays.push_back({{2025, 2, 30}, {2025, 3, 1}});
  EXPECT_FALSE(make_calendar(bad_date, error));
  EXPECT_EQ(error, "calendar `cn-test`: 2025-02-30 is not a date");
}

TEST(CalendarSpecTest, ACalendarWithoutWorkingTimeIsAnErrorNotAHang) {
  CalendarSpec spec;
  spec.name = "closed";
  spec.time_zone = "UTC";
  std::string error;
  auto p = make_calendar(spec, error);
  ASSERT_TRUE(p.has_value()) << error;
  BusinessClock clock(*p);
  EXPECT_THROW((void)clock.add(Instant{}, workhours(1)), CalendarError);
  EXPECT_THROW((void)clock.add(Instant{}, workdays(1)), CalendarError);
}

}  // namespace
}  // namespace docket
