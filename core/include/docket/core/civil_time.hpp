// Dates and times of day without a zone ("civil" time, as Abseil calls it): reading, printing, arithmetic.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "docket/core/value.hpp"

namespace docket {

// Years docket reads and computes with: 0001 to 9999 (four digits, as written and as ISO 8601 needs).
inline constexpr int kMinCivilYear = 1;
inline constexpr int kMaxCivilYear = 9999;
// A day on the clock: a date moves by whole days of it, a time of day goes around it.
inline constexpr std::int64_t kSecondsPerDay = 86400;

// "2018-07-30": false with `error` saying why for anything else (a day the month does not have, a
// year outside 0001..9999).
bool parse_date(std::string_view text, Date& out, std::string& error);
// "16:11" or "16:11:05" (24-hour; 24:00 is not a time of day): false with `error` saying why.
bool parse_time_of_day(std::string_view text, TimeOfDay& out, std::string& error);

// "2018-07-30".
[[nodiscard]] std::string to_string(Date d);
// "16:11", or "16:11:05" when the seconds are not zero.
[[nodiscard]] std::string to_string(TimeOfDay t);
// "16:11:00": ISO 8601's extended form with seconds, as JSON and CSV outputs write it.
[[nodiscard]] std::string to_iso_string(TimeOfDay t);

// The date `months` whole calendar months on (negative: back), clamped to the last day of a shorter
// month (31 January + 1 month is 28 February, 29 in a leap year), as FEEL's years-and-months
// durations, java.time's plusMonths and PostgreSQL's interval '1 month' do. False when the result
// leaves the years 0001..9999.
bool add_months(Date from, std::int64_t months, Date& out);
// The date `days` days on; false when it leaves the years 0001..9999.
bool add_days(Date from, std::int64_t days, Date& out);
// The time of day `seconds` on, around the clock (23:00 + 2h is 01:00), as FEEL's time + duration.
[[nodiscard]] TimeOfDay add_seconds(TimeOfDay from, std::int64_t seconds);

}  // namespace docket
