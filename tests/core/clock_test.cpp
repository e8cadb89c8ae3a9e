// Clocks: parsing instants in offsets and IANA zones (tz database), formatting them for people.
#include <gtest/gtest.h>

#include "docket/core/clock.hpp"

namespace docket {
namespace {

Instant utc(int y, unsigned m, unsigned d, int h, int min, int s = 0) {
  using namespace std::chrono;
  return Instant{sys_days{year{y} / month{m} / day{d}} + hours{h} + minutes{min} + seconds{s}};
}

TEST(ClockTest, ParsesInUtcOffsetsAndZones) {
  Instant t;
  std::string error;
  ASSERT_TRUE(parse_instant("2025-09-26T09:00", "Z", t, error)) << error;
  EXPECT_EQ(t, utc(2025, 9, 26, 9, 0));
  ASSERT_TRUE(parse_instant("2025-09-26T09:00:30", "+08:00", t, error)) << error;
  EXPECT_EQ(t, utc(2025, 9, 26, 1, 0, 30));
  ASSERT_TRUE(parse_instant("2025-09-26 09:00", "-05:30", t, error)) << error;
  EXPECT_EQ(t, utc(2025, 9, 26, 14, 30));
  ASSERT_TRUE(parse_instant("2025-09-26T09:00", "Asia/Shanghai", t, error)) << error;
  EXPECT_EQ(t, utc(2025, 9, 26, 1, 0));
  ASSERT_TRUE(parse_instant("2025-07-01T12:00", "America/New_York", t, error)) << error;  // EDT, UTC-4
  EXPECT_EQ(t, utc(2025, 7, 1, 16, 0));
  ASSERT_TRUE(parse_instant("2025-01-01T12:00", "America/New_York", t, error)) << error;  // EST, UTC-5
  EXPECT_EQ(t, utc(2025, 1, 1, 17, 0));
}

TEST(ClockTest, RejectsBadInputWithAReason) {
  Instant t;
  std::string error;
  EXPECT_FALSE(parse_instant("26/09/2025 09:00", "Z", t, error));
  EXPECT_NE(error.find("write it as 2025-09-26T09:00"), std::string::npos);
  EXPECT_FALSE(parse_instant("2025-02-30T09:00", "Z", t, error));
  EXPECT_NE(error.find("not a calendar date"), std::string::npos);
  EXPECT_FALSE(parse_instant("2025-02-10T24:00", "Z", t, error));
  EXPECT_NE(error.find("not a time of day"), std::string::npos);
  EXPECT_FALSE(parse_instant("2025-02-10T09:00", "Mars/Olympus", t, error));
  EXPECT_NE(error.find("unknown time zone `Mars/Olympus`"), std::string::npos);
  EXPECT_FALSE(parse_instant("2025-02-10T09:00", "+8", t, error));
  EXPECT_NE(error.find("bad UTC offset"), std::string::npos);
  // 02:30 does not exist in New York on the day clocks spring forward.
  EXPECT_FALSE(parse_instant("2025-03-09T02:30", "America/New_York", t, error));
  EXPECT_NE(error.find("does not exist"), std::string::npos);
}

TEST(ClockTest, FormatsInAZone) {
  EXPECT_EQ(format_instant(utc(2025, 9, 26, 1, 0), "Asia/Shanghai"), "2025-09-26 09:00 (Fri)");
  EXPECT_EQ(format_instant(utc(2025, 9, 26, 1, 0), "Z"), "2025-09-26 01:00 (Fri)");
  EXPECT_EQ(format_instant(utc(2025, 9, 27, 20, 0, 5), "+08:00"), "2025-09-28 04:00:05 (Sun)");
  EXPECT_THROW((void)format_instant(utc(2025, 9, 26, 1, 0), "Nowhere/City"), std::invalid_argument);
}

TEST(ClockTest, SystemClockIsNearTheWallClock) {
  SystemClock clock;
  auto wall = std::chrono::system_clock::now();
  auto diff = clock.now() - std::chrono::floor<std::chrono::seconds>(wall);
  EXPECT_LE(std::chrono::abs(diff), std::chrono::seconds{2});
}

}  // namespace
}  // namespace docket
