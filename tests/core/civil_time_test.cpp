// Dates and times of day without a zone: reading, printing, days and months, around the clock, JSON.
#include <gtest/gtest.h>

#include "docket/core/civil_time.hpp"
#include "docket/core/json_value.hpp"

namespace docket {
namespace {

Date date(std::string_view text) {
  Date d;
  std::string why;
  EXPECT_TRUE(parse_date(text, d, why)) << why;
  return d;
}

TimeOfDay tod(std::string_view text) {
  TimeOfDay t;
  std::string why;
  EXPECT_TRUE(parse_time_of_day(text, t, why)) << why;
  return t;
}

std::string why_not_date(std::string_view text) {
  Date d;
  std::string why;
  EXPECT_FALSE(parse_date(text, d, why)) << text;
  return why;
}

std::string why_not_time(std::string_view text) {
  TimeOfDay t;
  std::string why;
  EXPECT_FALSE(parse_time_of_day(text, t, why)) << text;
  return why;
}

TEST(CivilTime, ReadsAndPrintsDates) {
  EXPECT_EQ(date("1970-01-01").days, 0);
  EXPECT_EQ(date("1970-01-02").days, 1);
  EXPECT_EQ(date("1969-12-31").days, -1);
  EXPECT_EQ(to_string(date("2018-07-30")), "2018-07-30");
  EXPECT_EQ(to_string(date("0001-01-01")), "0001-01-01");
  EXPECT_EQ(to_string(date("9999-12-31")), "9999-12-31");
  EXPECT_EQ(to_string(date("2024-02-29")), "2024-02-29");
}

TEST(CivilTime, RefusesWhatIsNotADate) {
  EXPECT_NE(why_not_date("2025-02-29").find("not a calendar date"), std::string::npos);
  EXPECT_NE(why_not_date("2025-13-01").find("not a calendar date"), std::string::npos);
  EXPECT_NE(why_not_date("0000-01-01").find("not a calendar date"), std::string::npos);
  EXPECT_NE(why_not_date("2025-1-01").find("YYYY-MM-DD"), std::string::npos);
  EXPECT_NE(why_not_date("2025-01-01T00:00").find("YYYY-MM-DD"), std::string::npos);
  EXPECT_NE(why_not_date("").find("YYYY-MM-DD"), std::string::npos);
}

TEST(CivilTime, ReadsAndPrintsTimesOfDay) {
  EXPECT_EQ(tod("00:00").seconds, 0);
  EXPECT_EQ(tod("16:11").seconds, 16 * 3600 + 11 * 60);
  EXPECT_EQ(tod("16:11:05").seconds, 16 * 3600 + 11 * 60 + 5);
  EXPECT_EQ(tod("23:59:59").seconds, 86399);
  EXPECT_EQ(to_string(tod("09:05:00")), "09:05");
  EXPECT_EQ(to_string(tod("09:05:07")), "09:05:07");
  EXPECT_EQ(to_iso_string(tod("09:05")), "09:05:00");
  EXPECT_NE(why_not_time("24:00").find("hours go to 23"), std::string::npos);
  EXPECT_NE(why_not_time("12:60").find("minutes"), std::string::npos);
  EXPECT_NE(why_not_time("9:00").find("HH:MM"), std::string::npos);
  EXPECT_NE(why_not_time("09:00:0").find("HH:MM"), std::string::npos);
  EXPECT_NE(why_not_time("09:00Z").find("HH:MM"), std::string::npos);
}

TEST(CivilTime, MonthsClampToTheMonthsEnd) {
  Date out;
  ASSERT_TRUE(add_months(date("2025-01-31"), 1, out));
  EXPECT_EQ(to_string(out), "2025-02-28");
  ASSERT_TRUE(add_months(date("2024-01-31"), 1, out));
  EXPECT_EQ(to_string(out), "2024-02-29");
  ASSERT_TRUE(add_months(date("2025-01-31"), 2, out));
  EXPECT_EQ(to_string(out), "2025-03-31");  // from the first date, not step by step
  ASSERT_TRUE(add_months(date("2025-03-31"), -1, out));
  EXPECT_EQ(to_string(out), "2025-02-28");
  ASSERT_TRUE(add_months(date("2025-05-15"), -17, out));
  EXPECT_EQ(to_string(out), "2023-12-15");
  ASSERT_TRUE(add_months(date("2025-05-15"), 0, out));
  EXPECT_EQ(to_string(out), "2025-05-15");
  EXPECT_FALSE(add_months(date("9999-12-01"), 1, out));
  EXPECT_FALSE(add_months(date("0001-01-31"), -1, out));
  EXPECT_FALSE(add_months(date("2025-01-01"), INT64_MAX, out));
  EXPECT_FALSE(add_months(date("2025-01-01"), INT64_MIN, out));
}

TEST(CivilTime, DaysStayWithinTheYearsDocketReads) {
  Date out;
  ASSERT_TRUE(add_days(date("2024-02-28"), 1, out));
  EXPECT_EQ(to_string(out), "2024-02-29");
  ASSERT_TRUE(add_days(date("2025-03-01"), -1, out));
  EXPECT_EQ(to_string(out), "2025-02-28");
  EXPECT_FALSE(add_days(date("9999-12-31"), 1, out));
  EXPECT_FALSE(add_days(date("0001-01-01"), -1, out));
  EXPECT_FALSE(add_days(date("2025-01-01"), INT64_MAX, out));
}

TEST(CivilTime, ClockTimeGoesAroundMidnight) {
  EXPECT_EQ(to_string(add_seconds(tod("23:00"), 2 * 3600)), "01:00");
  EXPECT_EQ(to_string(add_seconds(tod("00:30"), -45 * 60)), "23:45");
  EXPECT_EQ(to_string(add_seconds(tod("12:00"), 3 * 86400 + 60)), "12:01");
  EXPECT_EQ(to_string(add_seconds(tod("12:00"), INT64_MIN)), to_string(add_seconds(tod("12:00"), INT64_MIN % 86400)));
  EXPECT_EQ(to_string(add_seconds(tod("12:00"), INT64_MAX)), to_string(add_seconds(tod("12:00"), INT64_MAX % 86400)));
}

TEST(CivilTime, JsonReadsAndNamesTheFix) {
  EXPECT_EQ(value_from_json(R"("2018-07-30")", Type::date()), Value(date("2018-07-30")));
  EXPECT_EQ(value_from_json(R"("16:30")", Type::time_of_day()), Value(tod("16:30")));
  EXPECT_EQ(value_from_json(R"("16:30:15")", Type::time_of_day()), Value(tod("16:30:15")));
  EXPECT_EQ(value_to_json_text(Value(date("2018-07-30"))), R"("2018-07-30")");
  EXPECT_EQ(value_to_json_text(Value(tod("16:30"))), R"("16:30")");
  auto error_of = [](std::string_view json, Type type) {
    try {
      (void)value_from_json(json, type, "app.signed");
    } catch (const ValueError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(error_of(R"("2018-02-30")", Type::date()).find("app.signed: `2018-02-30` is not a calendar date"),
            std::string::npos);
  EXPECT_NE(error_of("20180730", Type::date()).find("a date such as"), std::string::npos);
  EXPECT_NE(error_of(R"("25:00")", Type::time_of_day()).find("hours go to 23"), std::string::npos);
  EXPECT_NE(error_of(R"("2018-07-30T16:00Z")", Type::time_of_day()).find("HH:MM"), std::string::npos);
}

TEST(CivilTime, ValuesCompareByKind) {
  EXPECT_EQ(Value(date("2018-07-30")), Value(date("2018-07-30")));
  EXPECT_NE(Value(date("2018-07-30")), Value(tod("00:00")));
  EXPECT_NE(Value(Date{0}), Value(std::int64_t{0}));
  EXPECT_EQ(to_string(Value(tod("07:00"))), "07:00");
}

}  // namespace
}  // namespace docket
