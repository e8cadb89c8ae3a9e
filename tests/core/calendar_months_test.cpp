// Calendar months: month ends, leap years, negative months, time zones and summer time.
#include <gtest/gtest.h>

#include "docket/core/calendar_months.hpp"
#include "docket/core/clock.hpp"
#include "docket/core/json_value.hpp"

namespace docket {
namespace {

Instant at(const char* local, const char* zone) {
  Instant t;
  std::string error;
  EXPECT_TRUE(parse_instant(local, zone, t, error)) << local << " " << zone << ": " << error;
  return t;
}
Instant utc(const char* local) { return at(local, "Z"); }

TEST(CalendarMonths, KeepTheDayAndClampToTheMonthsLastDay) {
  EXPECT_EQ(add_months(utc("2025-01-15T10:00"), 1, ""), utc("2025-02-15T10:00"));
  EXPECT_EQ(add_months(utc("2025-01-31T10:00"), 1, ""), utc("2025-02-28T10:00"));
  EXPECT_EQ(add_months(utc("2024-01-31T10:00"), 1, ""), utc("2024-02-29T10:00"));  // leap year
  EXPECT_EQ(add_months(utc("2025-01-31T10:00"), 2, ""), utc("2025-03-31T10:00"));
  EXPECT_EQ(add_months(utc("2025-03-31T23:59:59"), 1, ""), utc("2025-04-30T23:59:59"));
  EXPECT_EQ(add_months(utc("2025-01-31T10:00"), 0, ""), utc("2025-01-31T10:00"));
}

TEST(CalendarMonths, AreNotAssociativeSoASeriesCountsFromItsFirstDate) {
  const Instant jan31 = utc("2025-01-31T10:00");
  EXPECT_EQ(add_months(add_months(jan31, 1, ""), 1, ""), utc("2025-03-28T10:00"));
  EXPECT_EQ(add_months(jan31, 2, ""), utc("2025-03-31T10:00"));
}

TEST(CalendarMonths, CrossYearsBothWays) {
  EXPECT_EQ(add_months(utc("2025-11-30T08:00"), 3, ""), utc("2026-02-28T08:00"));
  EXPECT_EQ(add_months(utc("2025-01-15T08:00"), -1, ""), utc("2024-12-15T08:00"));
  EXPECT_EQ(add_months(utc("2025-03-31T08:00"), -1, ""), utc("2025-02-28T08:00"));
  EXPECT_EQ(add_months(utc("2024-02-29T08:00"), 12, ""), utc("2025-02-28T08:00"));
  EXPECT_EQ(add_months(utc("2024-02-29T08:00"), 48, ""), utc("2028-02-29T08:00"));
  EXPECT_EQ(add_months(utc("2025-06-30T08:00"), -25, ""), utc("2023-05-30T08:00"));
}

TEST(CalendarMonths, MoveTheLocalDateInTheZone) {
  // 07:00 on 1 March in Shanghai is 23:00 on 28 February in UTC: a month later is 1 April
  // there, where UTC arithmetic would give 28 March 23:00 UTC (29 March in Shanghai).
  const Instant from = at("2025-03-01T07:00", "Asia/Shanghai");
  EXPECT_EQ(add_months(from, 1, "Asia/Shanghai"), at("2025-04-01T07:00", "Asia/Shanghai"));
  EXPECT_EQ(add_months(from, 1, ""), utc("2025-03-28T23:00"));
  EXPECT_EQ(add_months(at("2025-01-31T09:00", "Asia/Shanghai"), 1, "Asia/Shanghai"),
            at("2025-02-28T09:00", "Asia/Shanghai"));
}

TEST(CalendarMonths, KeepTheLocalTimeOfDayOverSummerTime) {
  // Berlin moves to summer time on 2025-03-30: a month from 15 March 09:00 CET is 15 April 09:00
  // CEST, an hour less than 31 days.
  const Instant from = at("2025-03-15T09:00", "Europe/Berlin");
  const Instant to = add_months(from, 1, "Europe/Berlin");
  EXPECT_EQ(to, at("2025-04-15T09:00", "Europe/Berlin"));
  EXPECT_EQ((to - from).count(), 31 * 86400 - 3600);
  // And back on 2025-10-26: an hour more.
  const Instant autumn = at("2025-10-15T09:00", "Europe/Berlin");
  EXPECT_EQ((add_months(autumn, 1, "Europe/Berlin") - autumn).count(), 31 * 86400 + 3600);
}

TEST(CalendarMonths, ATimeTheClocksSkipMovesLaterAndARepeatedOneTakesTheEarlier) {
  // 2025-03-30 02:30 does not exist in Berlin: 03:30 CEST, as java.time does.
  EXPECT_EQ(add_months(utc("2025-01-30T01:30"), 2, "Europe/Berlin"), utc("2025-03-30T01:30"));
  // 2025-10-26 02:30 happens twice: the first, still summer time (00:30 UTC).
  EXPECT_EQ(add_months(at("2025-09-26T02:30", "Europe/Berlin"), 1, "Europe/Berlin"), utc("2025-10-26T00:30"));
}

TEST(CalendarMonths, RefuseAnUnknownZoneAndYearsOutOfRange) {
  EXPECT_THROW((void)add_months(utc("2025-01-01T00:00"), 1, "Mars/Olympus"), CalendarError);
  EXPECT_THROW((void)add_months(utc("2025-01-01T00:00"), 12 * 8000, ""), CalendarError);
  EXPECT_THROW((void)add_months(utc("2025-01-01T00:00"), std::numeric_limits<std::int64_t>::max(), ""), CalendarError);
}

TEST(CalendarMonths, AreADurationUnitThatPrintsAndReadsBack) {
  EXPECT_EQ(to_string(Duration{1, DurationUnit::months}), "1 month");
  EXPECT_EQ(to_string(Duration{3, DurationUnit::months}), "3 months");
  EXPECT_EQ(value_from_json(R"("2 months")", Type::duration()).as_duration(), (Duration{2, DurationUnit::months}));
  EXPECT_EQ(value_from_json(R"("1 month")", Type::duration()).as_duration(), (Duration{1, DurationUnit::months}));
  EXPECT_EQ(value_to_json_text(Value(Duration{2, DurationUnit::months})), R"("2 months")");
  EXPECT_FALSE(Duration({1, DurationUnit::months}).is_business());
  EXPECT_FALSE(Duration({1, DurationUnit::months}).is_clock());
}

}  // namespace
}  // namespace docket
