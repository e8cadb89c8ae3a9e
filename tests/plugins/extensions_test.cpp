// The example plugins: cn_calendar (a calendar provider in C) and site_schedule_meter (an action).
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "plugin_test_support.hpp"

namespace docket {
namespace {

using test::call;

struct Registries {
  FunctionRegistry functions;
  CalendarRegistry calendars;
  EventSinkRegistry sinks;
};

void load(Registries& r, const std::string& path, std::map<std::string, Value, std::less<>> config = {}) {
  PluginRequest request;
  request.path = path;
  request.config = std::move(config);
  std::string error;
  ASSERT_TRUE(load_plugin(request, PluginTargets{&r.functions, &r.calendars, &r.sinks}, error)) << error;
}

CalendarDay day_or_fail(const CalendarProvider& cal, int y, unsigned m, unsigned d) {
  std::string error;
  auto day = cal.day(y, m, d, error);
  EXPECT_TRUE(day.has_value()) << error;
  return day.value_or(CalendarDay{});
}

const std::vector<WorkPeriod> office_hours = {{510, 720}, {840, 1050}};

TEST(CnCalendarPlugin, RegistersTheCnWorkdaysCalendar) {
  Registries r;
  load(r, DOCKET_CN_CALENDAR_PLUGIN);
  EXPECT_EQ(r.calendars.names(), std::vector<std::string>{"cn-workdays"});
  EXPECT_EQ(r.calendars.find("cn-workdays")->time_zone, "Asia/Shanghai");
  EXPECT_TRUE(r.functions.names().empty());
}

TEST(CnCalendarPlugin, WeekdaysWeekendsHolidaysAndMakeUpWorkingDays) {
  Registries r;
  load(r, DOCKET_CN_CALENDAR_PLUGIN);
  const CalendarProvider& cal = *r.calendars.find("cn-workdays");
  const CalendarDay friday = day_or_fail(cal, 2025, 9, 26);
  EXPECT_TRUE(friday.working);
  EXPECT_EQ(friday.periods, office_hours);
  EXPECT_FALSE(day_or_fail(cal, 2025, 9, 27).working);  // Saturday
  const CalendarDay makeup = day_or_fail(cal, 2025, 9, 28);  // Sunday, worked for National Day
  EXPECT_TRUE(makeup.working);
  EXPECT_EQ(makeup.periods, office_hours);
  EXPECT_EQ(makeup.note, "make-up working day (National Day)");
  const CalendarDay national = day_or_fail(cal, 2025, 10, 1);  // Wednesday, a holiday
  EXPECT_FALSE(national.working);
  EXPECT_TRUE(national.periods.empty());
  EXPECT_EQ(national.note, "National Day and Mid-Autumn Festival");
  EXPECT_TRUE(day_or_fail(cal, 2025, 10, 11).working);  // Saturday, make-up
  EXPECT_TRUE(day_or_fail(cal, 2025, 10, 9).working);   // Thursday after the holiday
}

TEST(CnCalendarPlugin, YearsWithoutHolidayDataAndNonDatesAreErrors) {
  Registries r;
  load(r, DOCKET_CN_CALENDAR_PLUGIN);
  const CalendarProvider& cal = *r.calendars.find("cn-workdays");
  std::string error;
  EXPECT_FALSE(cal.day(2026, 1, 5, error).has_value());
  EXPECT_EQ(error, "cn-workdays has holiday data for 2025-2025 only, not for 2026");
  EXPECT_FALSE(cal.day(2025, 2, 29, error).has_value());
  EXPECT_EQ(error, "2025-2-29 is not a date");
}

TEST(CnCalendarPlugin, TheAbi1_0EntryPointAcceptsButDropsCalendars) {
  FunctionRegistry registry;
  test::load_or_fail(DOCKET_CN_CALENDAR_PLUGIN, registry);
  EXPECT_TRUE(registry.names().empty());
}

TEST(ScheduleMeterPlugin, RegistersATypedAction) {
  Registries r;
  load(r, DOCKET_SCHEDULE_METER_PLUGIN);
  EXPECT_EQ(r.functions.action_names(), std::vector<std::string>{"site.schedule_meter"});
  const ActionEntry* action = r.functions.find_action("site.schedule_meter");
  ASSERT_NE(action, nullptr);
  EXPECT_EQ(action->signature.params, std::vector<Type>{Type::text()});
  EXPECT_EQ(action->signature.origin, DOCKET_SCHEDULE_METER_PLUGIN);
  EXPECT_TRUE(action->signature.traits.may_block);
  EXPECT_TRUE(action->signature.traits.thread_safe);
  EXPECT_EQ(r.functions.find("site.schedule_meter"), nullptr);  // actions are not expression functions
}

ActionResult deliver(const Registries& r, const std::string& app, const std::string& key, std::uint32_t attempt) {
  const std::vector<Value> args{Value(app)};
  return r.functions.find_action("site.schedule_meter")->run(ActionRequest{"site.schedule_meter", args, key, 1, attempt});
}

TEST(ScheduleMeterPlugin, DeliversOncePerIdempotencyKey) {
  ::setenv("DOCKET_PLUGIN_LOG", "debug", 1);  // bookings are logged at debug level
  Registries r;
  load(r, DOCKET_SCHEDULE_METER_PLUGIN);
  testing::internal::CaptureStderr();
  EXPECT_EQ(deliver(r, "A1", "1:install:1", 1).outcome, ActionOutcome::done);
  EXPECT_EQ(deliver(r, "A1", "1:install:1", 2).outcome, ActionOutcome::done);  // redelivery: no second booking
  EXPECT_EQ(deliver(r, "A2", "2:install:1", 1).outcome, ActionOutcome::done);
  const std::string log = testing::internal::GetCapturedStderr();
  EXPECT_EQ(call(r.functions, "site.meters_scheduled", {}), Value(std::int64_t{2}));
  EXPECT_EQ(log,
            "[plugin site_schedule_meter] debug: scheduled meter installation for A1 at meter-scheduling.local "
            "(key 1:install:1)\n"
            "[plugin site_schedule_meter] debug: scheduled meter installation for A2 at meter-scheduling.local "
            "(key 2:install:1)\n");
}

TEST(ScheduleMeterPlugin, DebugMessagesAreHiddenUnlessAskedFor) {
  ::unsetenv("DOCKET_PLUGIN_LOG");
  Registries r;
  load(r, DOCKET_SCHEDULE_METER_PLUGIN);
  testing::internal::CaptureStderr();
  EXPECT_EQ(deliver(r, "A9", "9:install:1", 1).outcome, ActionOutcome::done);
  EXPECT_EQ(testing::internal::GetCapturedStderr(), "");
}

TEST(ScheduleMeterPlugin, ABusySystemAsksForARetryAndAnEmptyIdFailsForGood) {
  Registries r;
  load(r, DOCKET_SCHEDULE_METER_PLUGIN, {{"endpoint", Value("mss.example:8443")}, {"busy_attempts", Value(std::int64_t{1})}});
  testing::internal::CaptureStderr();
  const ActionResult busy = deliver(r, "BUSY-7", "7:install:1", 1);
  EXPECT_EQ(busy.outcome, ActionOutcome::retry);
  EXPECT_EQ(busy.message, "meter scheduling system at mss.example:8443 is busy (attempt 1)");
  EXPECT_EQ(deliver(r, "BUSY-7", "7:install:1", 2).outcome, ActionOutcome::done);
  const ActionResult empty = deliver(r, "", "8:install:1", 1);
  EXPECT_EQ(empty.outcome, ActionOutcome::failed);
  EXPECT_EQ(empty.message, "site.schedule_meter: the application id is empty");
  (void)testing::internal::GetCapturedStderr();
}

}  // namespace
}  // namespace docket
