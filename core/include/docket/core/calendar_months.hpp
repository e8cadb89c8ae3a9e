// Calendar months: whole months added to an instant in a time zone, as java.time and PostgreSQL do.
#pragma once

#include <cstdint>
#include <string_view>

#include "docket/core/business_clock.hpp"
#include "docket/core/value.hpp"

namespace docket {

// `from` plus `months` (negative: back) read in time zone `zone` (an IANA name; empty for UTC):
// the local date moves by whole months and keeps its local time of day, clamped to the last day
// of a shorter month (Jan 31 + 1 month is Feb 28, or Feb 29 in a leap year; Mar 31 - 1 month
// likewise). A local time that a daylight-saving change skips on the new date moves later by the
// length of the gap (02:30 becomes 03:30 in Europe/Berlin on the last Sunday of March); one that
// occurs twice takes the earlier (summer time) instant. Adding months is not associative: Jan 31
// + 1 month + 1 month is Mar 28, Jan 31 + 2 months is Mar 31, so a series of dates is always
// worked out from its first one (`from + k months`), never step by step.
// Throws CalendarError for an unknown zone or a year outside -9999..9999.
[[nodiscard]] Instant add_months(Instant from, std::int64_t months, std::string_view zone);

}  // namespace docket
