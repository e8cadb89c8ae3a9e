// FEEL's temporal values as docket literals: dates, times of day, instants with their zone, durations.
#include "feel_temporal.hpp"

#include <fmt/format.h>

#include <cstdint>
#include <string_view>

#include "docket/core/civil_time.hpp"
#include "docket/core/clock.hpp"
#include "feel_translate.hpp"

namespace docket::dmn {

namespace {

constexpr const char* kDate = "date type";
constexpr const char* kDuration = "duration type";

DType of(DType::Kind k) { return DType{k, {}, {}}; }

// "16:11:00" (seconds optional in docket, required by FEEL); fractions and zones refused.
std::string time_of_day(const std::string& text) {
  std::string why;
  TimeOfDay t;
  if (text.size() > 8 && text[8] == '.') refuse(fmt::format("the time `{}` has fractions of a second", text), kDate);
  if (text.size() > 8) {
    refuse(fmt::format("the time `{}` has a zone: docket's `time of day` has none (a time with a zone is an instant "
                       "only on a given date)",
                       text),
           kDate);
  }
  if (!parse_time_of_day(text, t, why)) refuse(why, kDate);
  return text;
}

std::string date_text(const std::string& text) {
  std::string why;
  Date d;
  if (!parse_date(text, d, why)) refuse(why + " (docket reads years 0001 to 9999)", kDate);
  return text;
}

// "2018-07-30T16:12:00Z", "...+02:00", "...@Europe/Paris" to `2018-07-30T16:12:00Z`,
// `2018-07-30T16:12:00+02:00`, `2018-07-30T16:12:00 Europe/Paris`.
std::string instant(const std::string& text) {
  constexpr std::size_t kStamp = 19;  // YYYY-MM-DDTHH:MM:SS
  if (text.size() == 10) {
    refuse(fmt::format("`date and time(\"{}\")` is a date and time without a zone (midnight where?)", text), kDate);
  }
  if (text.size() < kStamp || text[10] != 'T') refuse(fmt::format("`{}` is not a date and time", text), kDate);
  const std::string stamp = text.substr(0, kStamp);
  std::string zone = text.substr(kStamp);
  if (!zone.empty() && zone[0] == '.') refuse(fmt::format("the time `{}` has fractions of a second", text), kDate);
  if (zone.empty()) {
    refuse(fmt::format("`{}` is a date and time without a zone: docket's times are instants, the same on every server",
                       text),
           kDate);
  }
  const bool named = zone[0] == '@';
  if (named) zone = zone.substr(1);
  Instant at;
  std::string why;
  if (!parse_instant(stamp, zone, at, why)) refuse(why, kDate);
  return named ? stamp + " " + zone : stamp + zone;
}

// ISO 8601's PnYnMnDTnHnMnS: years and months as calendar months, the rest as clock time.
std::string duration(const std::string& text) {
  std::string_view s = text;
  if (!s.empty() && s[0] == '-') refuse(fmt::format("the negative duration `{}`", text), kDuration);
  if (s.empty() || s[0] != 'P' || s.size() < 2) refuse(fmt::format("`{}` is not an ISO 8601 duration", text), kDuration);
  s.remove_prefix(1);
  std::int64_t months = 0;
  std::int64_t seconds = 0;
  bool in_time = false;
  bool any_months = false;
  bool any_clock = false;
  while (!s.empty()) {
    if (s[0] == 'T') {
      in_time = true;
      s.remove_prefix(1);
      continue;
    }
    std::int64_t n = 0;
    std::size_t i = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
      if (__builtin_mul_overflow(n, 10, &n) || __builtin_add_overflow(n, s[i] - '0', &n)) {
        refuse(fmt::format("the duration `{}` is too long", text), kDuration);
      }
      ++i;
    }
    if (i == 0 || i == s.size()) refuse(fmt::format("`{}` is not an ISO 8601 duration", text), kDuration);
    const char unit = s[i];
    if (unit == '.') refuse(fmt::format("the duration `{}` has fractions", text), kDuration);
    std::int64_t scale = 0;
    if (!in_time && unit == 'Y') scale = -12;
    else if (!in_time && unit == 'M') scale = -1;
    else if (!in_time && unit == 'D') scale = 86400;
    else if (in_time && unit == 'H') scale = 3600;
    else if (in_time && unit == 'M') scale = 60;
    else if (in_time && unit == 'S') scale = 1;
    else refuse(fmt::format("`{}` is not an ISO 8601 duration", text), kDuration);
    std::int64_t& total = scale < 0 ? months : seconds;
    std::int64_t part = 0;
    if (__builtin_mul_overflow(n, scale < 0 ? -scale : scale, &part) || __builtin_add_overflow(total, part, &total)) {
      refuse(fmt::format("the duration `{}` is too long", text), kDuration);
    }
    (scale < 0 ? any_months : any_clock) = true;
    s.remove_prefix(i + 1);
  }
  if (!any_months && !any_clock) refuse(fmt::format("`{}` is not an ISO 8601 duration", text), kDuration);
  if (any_months && any_clock) {
    refuse(fmt::format("the duration `{}` mixes months with days or clock time (a month has no fixed length)", text),
           kDuration);
  }
  if (any_months) return fmt::format("{} month{}", months, months == 1 ? "" : "s");
  if (seconds != 0 && seconds % 86400 == 0) return fmt::format("{}d", seconds / 86400);
  if (seconds != 0 && seconds % 3600 == 0) return fmt::format("{}h", seconds / 3600);
  if (seconds != 0 && seconds % 60 == 0) return fmt::format("{}min", seconds / 60);
  return fmt::format("{}s", seconds);
}

}  // namespace

std::string temporal_literal(const std::string& fn, const std::string& text, DType& type) {
  if (fn == "date") {
    type = of(DType::Kind::date);
    return date_text(text);
  }
  if (fn == "time") {
    type = of(DType::Kind::time_of_day);
    return time_of_day(text);
  }
  if (fn == "date and time") {
    type = of(DType::Kind::instant);
    return instant(text);
  }
  if (fn == "duration") {
    type = of(DType::Kind::duration);
    return duration(text);
  }
  refuse(fmt::format("the FEEL function `{}()`", fn), kDate);
}

}  // namespace docket::dmn
