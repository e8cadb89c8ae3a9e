// Calendars from TOML: the shipped mainland China calendar counts right, and bad calendars name file and line.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "calendar_config.hpp"
#include "docket/core/business_clock.hpp"
#include "docket/core/clock.hpp"

namespace docket {
namespace {

namespace fs = std::filesystem;

bool read(const fs::path& file, std::vector<CalendarSpec>& out, std::string& error) {
  toml::table root = toml::parse_file(file.string());
  return host::read_calendars(file, *root["calendars"].as_table(), out, error);
}

fs::path write(const std::string& name, const std::string& text) {
  fs::path dir = fs::temp_directory_path() / ("docket-calendars-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / name) << text;
  return dir / name;
}

Instant sh(const char* local) {
  Instant t;
  std::string error;
  EXPECT_TRUE(parse_instant(local, "Asia/Shanghai", t, error)) << error;
  return t;
}

TEST(CalendarConfig, TheShippedChinaCalendarKnows2025And2026) {
  fs::path docket_toml = fs::path(DOCKET_EXAMPLES) / "95598" / "docket.toml";
  std::vector<CalendarSpec> specs;
  std::string error;
  ASSERT_TRUE(read(docket_toml, specs, error)) << error;
  ASSERT_EQ(specs.size(), 2U);
  auto national = make_calendar(specs[0].name == "cn-national" ? specs[0] : specs[1], error);
  ASSERT_TRUE(national.has_value()) << error;
  BusinessClock clock(*national);
  const Duration one_day{1, DurationUnit::workdays};
  // Spring Festival 2026: 02-15..02-23 off, Saturday 02-14 and Saturday 02-28 worked.
  EXPECT_EQ(clock.add(sh("2026-02-13T10:00"), one_day), sh("2026-02-14T17:30"));
  EXPECT_EQ(clock.add(sh("2026-02-14T10:00"), one_day), sh("2026-02-24T17:30"));
  EXPECT_EQ(clock.add(sh("2026-02-27T10:00"), one_day), sh("2026-02-28T17:30"));
  // National Day 2025 and its make-up Sunday 09-28.
  EXPECT_EQ(clock.add(sh("2025-09-26T10:00"), one_day), sh("2025-09-28T17:30"));
  EXPECT_EQ(clock.add(sh("2025-09-30T10:00"), one_day), sh("2025-10-09T17:30"));

  // The regional calendar inherits the holidays and keeps its own hours.
  auto hall = make_calendar(specs[0].name == "cn-shanghai-hall" ? specs[0] : specs[1], error);
  ASSERT_TRUE(hall.has_value()) << error;
  BusinessClock hall_clock(*hall);
  EXPECT_EQ(hall_clock.add(sh("2026-02-14T10:00"), one_day), sh("2026-02-24T17:00"));
}

TEST(CalendarConfig, MistakesNameTheFileLineAndFix) {
  std::vector<CalendarSpec> specs;
  std::string error;
  fs::path overlap = write("overlap.toml", "[calendars.c]\nzone = \"Asia/Shanghai\"\ndays = [\"mon\"]\n"
                                           "hours = [\"08:30-12:00\", \"11:00-17:30\"]\n");
  EXPECT_FALSE(read(overlap, specs, error));
  EXPECT_NE(error.find("overlap.toml:1:1: error: calendar `c`: Monday hours 08:30-12:00 and 11:00-17:30 overlap"),
            std::string::npos)
      << error;

  fs::path both = write("both.toml", "[calendars.c]\nzone = \"Asia/Shanghai\"\ndays = [\"mon\"]\nhours = [\"08:30-12:00\"]\n"
                                     "holidays = [\"2025-10-01..2025-10-08\"]\nworkdays = [\"2025-10-08\"]\n");
  EXPECT_FALSE(read(both, specs, error));
  EXPECT_NE(error.find("2025-10-08 is both a holiday and a make-up working day"), std::string::npos) << error;

  fs::path zone = write("zone.toml", "[calendars.c]\nzone = \"Asia/Shanghia\"\n");
  EXPECT_FALSE(read(zone, specs, error));
  EXPECT_NE(error.find("unknown time zone `Asia/Shanghia`"), std::string::npos) << error;

  fs::path hours = write("hours.toml", "[calendars.c]\nzone = \"UTC\"\ndays = [\"monday\"]\nhours = [\"8:30-12\"]\n");
  EXPECT_FALSE(read(hours, specs, error));
  EXPECT_NE(error.find("hours.toml:4:10: error: `8:30-12` is not a period; write it as \"08:30-12:00\""), std::string::npos)
      << error;

  fs::path cycle = write("cycle.toml", "[calendars.a]\ninherits = \"b\"\n[calendars.b]\ninherits = \"a\"\n");
  EXPECT_FALSE(read(cycle, specs, error));
  EXPECT_NE(error.find("in a cycle"), std::string::npos) << error;

  fs::path unknown = write("unknown.toml", "[calendars.a]\nzone = \"UTC\"\nholiday = [\"2025-01-01\"]\n");
  EXPECT_FALSE(read(unknown, specs, error));
  EXPECT_NE(error.find("unknown.toml:3:1: error: unknown key `holiday` in calendar `a`"), std::string::npos) << error;
}

TEST(CalendarConfig, ACalendarMayInheritFromOneDefinedLaterOrIncluded) {
  fs::path base = write("base.toml", "[calendars.national]\nzone = \"UTC\"\ndays = [\"mon\", \"tue\"]\nhours = [\"09:00-17:00\"]\n");
  fs::path main = write("main.toml", "[calendars]\ninclude = [\"base.toml\"]\n[calendars.a_region]\ninherits = \"national\"\n"
                                     "holidays = [\"2025-01-06\"]\n");
  std::vector<CalendarSpec> specs;
  std::string error;
  ASSERT_TRUE(read(main, specs, error)) << error;
  ASSERT_EQ(specs.size(), 2U);
  const CalendarSpec& region = specs[0].name == "a_region" ? specs[0] : specs[1];
  EXPECT_EQ(region.time_zone, "UTC");
  EXPECT_EQ(region.weekly[0].size(), 1U);
  EXPECT_EQ(region.holidays.size(), 1U);
}

}  // namespace
}  // namespace docket
