// Clocks and instants: the wall clock, and parsing/formatting instants in offsets or IANA zones.
#include "docket/core/clock.hpp"

#include <date/date.h>
#include <date/tz.h>
#include <fmt/format.h>

#include <cctype>
#include <optional>
#include <stdexcept>

#include "docket/core/suggest.hpp"

namespace docket {

namespace {

using LocalSeconds = date::local_time<std::chrono::seconds>;

// A zone: either a fixed offset from UTC or an IANA zone from the system tz database.
struct Zone {
  std::chrono::seconds offset{0};
  const date::time_zone* tz = nullptr;
};

bool read_number(std::string_view text, std::size_t& pos, std::size_t digits, int& out) {
  if (pos + digits > text.size()) return false;
  int value = 0;
  for (std::size_t i = 0; i < digits; ++i) {
    char c = text[pos + i];
    if (std::isdigit(static_cast<unsigned char>(c)) == 0) return false;
    value = value * 10 + (c - '0');
  }
  pos += digits;
  out = value;
  return true;
}

bool expect(std::string_view text, std::size_t& pos, char c) {
  if (pos >= text.size() || text[pos] != c) return false;
  ++pos;
  return true;
}

std::optional<Zone> resolve_zone(std::string_view zone, std::string& error) {
  if (zone == "Z") return Zone{};
  if (!zone.empty() && (zone[0] == '+' || zone[0] == '-')) {
    std::size_t pos = 1;
    int hours = 0;
    int minutes = 0;
    bool ok = read_number(zone, pos, 2, hours);
    if (ok && pos < zone.size()) ok = expect(zone, pos, ':') && read_number(zone, pos, 2, minutes);
    if (!ok || pos != zone.size() || hours > 23 || minutes > 59) {
      error = fmt::format("bad UTC offset `{}`: write it as +08:00 or -05:30", zone);
      return std::nullopt;
    }
    auto offset = std::chrono::hours(hours) + std::chrono::minutes(minutes);
    return Zone{zone[0] == '-' ? -offset : offset, nullptr};
  }
  try {
    return Zone{std::chrono::seconds{0}, date::locate_zone(zone)};
  } catch (const std::runtime_error&) {
    std::optional<std::string> close = closest_name(zone, known_zone_names());
    error = !close ? fmt::format("unknown time zone `{}`: use Z, an offset such as +08:00, or an IANA name "
                                        "such as Asia/Shanghai",
                                        zone)
                          : fmt::format("unknown time zone `{}`: did you mean `{}`?", zone, *close);
    return std::nullopt;
  }
}

bool parse_local(std::string_view text, LocalSeconds& out, std::string& error) {
  std::size_t pos = 0;
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  bool ok = read_number(text, pos, 4, y) && expect(text, pos, '-') && read_number(text, pos, 2, mo) &&
            expect(text, pos, '-') && read_number(text, pos, 2, d) &&
            (expect(text, pos, 'T') || expect(text, pos, ' ')) && read_number(text, pos, 2, h) &&
            expect(text, pos, ':') && read_number(text, pos, 2, mi);
  if (ok && pos < text.size()) ok = expect(text, pos, ':') && read_number(text, pos, 2, s);
  if (!ok || pos != text.size()) {
    error = fmt::format("`{}` is not a date and time: write it as 2025-09-26T09:00 (seconds optional)", text);
    return false;
  }
  date::year_month_day ymd{date::year{y}, date::month{static_cast<unsigned>(mo)}, date::day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) {
    error = fmt::format("`{}`: {:04}-{:02}-{:02} is not a calendar date", text, y, mo, d);
    return false;
  }
  if (h > 23 || mi > 59 || s > 59) {
    error = fmt::format("`{}`: {:02}:{:02}:{:02} is not a time of day", text, h, mi, s);
    return false;
  }
  out = date::local_days{ymd} + std::chrono::hours{h} + std::chrono::minutes{mi} + std::chrono::seconds{s};
  return true;
}

}  // namespace

Instant SystemClock::now() const { return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()); }

bool parse_instant(std::string_view text, std::string_view zone, Instant& out, std::string& error) {
  LocalSeconds local;
  if (!parse_local(text, local, error)) return false;
  std::optional<Zone> z = resolve_zone(zone, error);
  if (!z) return false;
  if (z->tz == nullptr) {
    out = Instant{local.time_since_epoch() - z->offset};
    return true;
  }
  date::local_info info = z->tz->get_info(local);
  switch (info.result) {
    case date::local_info::unique: out = Instant{local.time_since_epoch() - info.first.offset}; return true;
    case date::local_info::ambiguous:  // a repeated hour when clocks go back: take the earlier one
      out = Instant{local.time_since_epoch() - info.first.offset};
      return true;
    case date::local_info::nonexistent:
    default:
      error = fmt::format("`{}` does not exist in {}: the clocks skip that time (daylight saving)", text, zone);
      return false;
  }
}

std::vector<std::string> known_zone_names() {
  std::vector<std::string> names;
  try {
    for (const date::time_zone& z : date::get_tzdb().zones) names.emplace_back(z.name());
  } catch (const std::runtime_error&) {
    // no tz database on this machine: no names to suggest
  }
  return names;
}

bool is_known_zone(std::string_view zone, std::string& error) { return resolve_zone(zone, error).has_value(); }

std::string format_instant(Instant t, std::string_view zone) {
  std::string error;
  std::optional<Zone> z = resolve_zone(zone, error);
  if (!z) throw std::invalid_argument(error);
  LocalSeconds local = z->tz == nullptr ? LocalSeconds{t.time_since_epoch() + z->offset}
                                        : date::zoned_seconds(z->tz, t).get_local_time();
  const bool whole_minute = (local.time_since_epoch() % std::chrono::minutes{1}).count() == 0;
  return date::format(whole_minute ? "%Y-%m-%d %H:%M (%a)" : "%Y-%m-%d %H:%M:%S (%a)", local);
}

bool parse_time_text(std::string_view text, std::string_view zone, Instant& out, std::string& error) {
  // The offset, if any, follows the time: "Z", or "+hh:mm" / "-hh:mm" after the date's last '-'.
  if (!text.empty() && (text.back() == 'Z' || text.back() == 'z')) {
    return parse_instant(text.substr(0, text.size() - 1), "Z", out, error);
  }
  const std::size_t t = text.find_first_of("T ");
  if (t != std::string_view::npos) {
    const std::size_t sign = text.find_first_of("+-", t);
    if (sign != std::string_view::npos) return parse_instant(text.substr(0, sign), text.substr(sign), out, error);
  }
  return parse_instant(text, zone, out, error);
}

std::string format_rfc3339(Instant t, std::string_view zone) {
  std::string error;
  std::optional<Zone> z = resolve_zone(zone, error);
  if (!z) throw std::invalid_argument(error);
  const std::chrono::seconds offset = z->tz == nullptr ? z->offset : date::zoned_seconds(z->tz, t).get_info().offset;
  const LocalSeconds local{t.time_since_epoch() + offset};
  if (offset.count() == 0) return date::format("%Y-%m-%dT%H:%M:%SZ", local);
  const auto minutes = std::chrono::duration_cast<std::chrono::minutes>(offset < offset.zero() ? -offset : offset);
  return date::format("%Y-%m-%dT%H:%M:%S", local) +
         fmt::format("{}{:02}:{:02}", offset < offset.zero() ? '-' : '+', minutes.count() / 60, minutes.count() % 60);
}

}  // namespace docket
