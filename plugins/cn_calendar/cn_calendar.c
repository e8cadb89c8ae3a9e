/* cn_calendar: the "cn-workdays" calendar provider in plain C11 (mainland China, 2025 holidays and 调休). */
#include <docket/plugin.h>

#include <stdio.h>
#include <string.h>

/* A dated exception to the weekly pattern: a public holiday, or a weekend make-up working day. */
typedef struct special_day {
  int32_t year;
  uint32_t month;
  uint32_t day;
  bool working;
  const char* note;
} special_day;

/* The State Council's 2025 schedule. Make-up working days fall on weekends next to a holiday. */
static const special_day specials[] = {
    {2025, 1, 1, false, "New Year's Day"},
    {2025, 1, 26, true, "make-up working day (Spring Festival)"},
    {2025, 1, 28, false, "Spring Festival"},
    {2025, 1, 29, false, "Spring Festival"},
    {2025, 1, 30, false, "Spring Festival"},
    {2025, 1, 31, false, "Spring Festival"},
    {2025, 2, 1, false, "Spring Festival"},
    {2025, 2, 2, false, "Spring Festival"},
    {2025, 2, 3, false, "Spring Festival"},
    {2025, 2, 4, false, "Spring Festival"},
    {2025, 2, 8, true, "make-up working day (Spring Festival)"},
    {2025, 4, 4, false, "Qingming Festival"},
    {2025, 4, 5, false, "Qingming Festival"},
    {2025, 4, 6, false, "Qingming Festival"},
    {2025, 4, 27, true, "make-up working day (Labour Day)"},
    {2025, 5, 1, false, "Labour Day"},
    {2025, 5, 2, false, "Labour Day"},
    {2025, 5, 3, false, "Labour Day"},
    {2025, 5, 4, false, "Labour Day"},
    {2025, 5, 5, false, "Labour Day"},
    {2025, 5, 31, false, "Dragon Boat Festival"},
    {2025, 6, 1, false, "Dragon Boat Festival"},
    {2025, 6, 2, false, "Dragon Boat Festival"},
    {2025, 9, 28, true, "make-up working day (National Day)"},
    {2025, 10, 1, false, "National Day and Mid-Autumn Festival"},
    {2025, 10, 2, false, "National Day and Mid-Autumn Festival"},
    {2025, 10, 3, false, "National Day and Mid-Autumn Festival"},
    {2025, 10, 4, false, "National Day and Mid-Autumn Festival"},
    {2025, 10, 5, false, "National Day and Mid-Autumn Festival"},
    {2025, 10, 6, false, "National Day and Mid-Autumn Festival"},
    {2025, 10, 7, false, "National Day and Mid-Autumn Festival"},
    {2025, 10, 8, false, "National Day and Mid-Autumn Festival"},
    {2025, 10, 11, true, "make-up working day (National Day)"},
};

static const int32_t first_year = 2025;
static const int32_t last_year = 2025;

/* Office hours: 08:30-12:00 and 14:00-17:30 (minutes after midnight). */
static const docket_work_period office_hours[] = {{8 * 60 + 30, 12 * 60}, {14 * 60, 17 * 60 + 30}};

/* 0 = Sunday ... 6 = Saturday (Sakamoto's method, Gregorian calendar). */
static int day_of_week(int32_t y, uint32_t m, uint32_t d) {
  static const int t[] = {0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4};
  if (m < 3) y -= 1;
  return (int)((y + y / 4 - y / 100 + y / 400 + t[m - 1] + (int32_t)d) % 7);
}

static int days_in_month(int32_t y, uint32_t m) {
  static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : days[m - 1];
}

static void set_note(docket_calendar_day* out, const char* note) {
  if (DOCKET_STRUCT_HAS(docket_calendar_day, out, note)) {
    out->note.data = note;
    out->note.size = strlen(note);
  }
}

static docket_status cn_day(docket_call_context* ctx, int32_t year, uint32_t month, uint32_t day,
                            docket_calendar_day* out) {
  size_t i;
  int weekday;
  char message[128];
  if (month < 1 || month > 12 || day < 1 || (int)day > days_in_month(year, month)) {
    snprintf(message, sizeof message, "%d-%u-%u is not a date", (int)year, (unsigned)month, (unsigned)day);
    ctx->set_error(ctx, message);
    return DOCKET_ERROR;
  }
  if (year < first_year || year > last_year) {
    /* Holidays are announced a year at a time; guessing would give wrong due dates. */
    snprintf(message, sizeof message, "cn-workdays has holiday data for %d-%d only, not for %d", (int)first_year,
             (int)last_year, (int)year);
    ctx->set_error(ctx, message);
    return DOCKET_ERROR;
  }
  for (i = 0; i < sizeof specials / sizeof specials[0]; ++i) {
    const special_day* s = &specials[i];
    if (s->year == year && s->month == month && s->day == day) {
      out->working = s->working;
      out->periods = s->working ? office_hours : NULL;
      out->period_count = s->working ? 2 : 0;
      set_note(out, s->note);
      return DOCKET_OK;
    }
  }
  weekday = day_of_week(year, month, day);
  out->working = weekday != 0 && weekday != 6;
  out->periods = out->working ? office_hours : NULL;
  out->period_count = out->working ? 2 : 0;
  return DOCKET_OK;
}

static docket_status cn_init(const docket_host_services* host) {
  docket_calendar_def def;
  if (!DOCKET_STRUCT_HAS(docket_host_services, host, register_calendar)) {
    host->set_error(host, "cn_calendar needs a docket engine with plugin ABI 1.1 or later (calendars)");
    return DOCKET_ERROR;
  }
  memset(&def, 0, sizeof def);
  def.struct_size = sizeof def;
  def.name = "cn-workdays";
  def.time_zone = "Asia/Shanghai";
  def.day = cn_day;
  def.user_data = NULL;
  def.flags = DOCKET_FLAG_PURE | DOCKET_FLAG_THREAD_SAFE;
  return host->register_calendar(host, &def);
}

static const docket_plugin_descriptor descriptor = {
    sizeof(docket_plugin_descriptor), DOCKET_PLUGIN_ABI_MAJOR, DOCKET_PLUGIN_ABI_MINOR, "cn_calendar", "1.0.0",
    cn_init, NULL, NULL};

DOCKET_PLUGIN_EXPORT const docket_plugin_descriptor* docket_plugin_entry(void) { return &descriptor; }
