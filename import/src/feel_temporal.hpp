// FEEL's dates, times, dates and times and durations, written as docket literals (or refused, with why).
#pragma once

#include <string>

#include "type_map.hpp"

namespace docket::dmn {

// The docket literal for FEEL's `fn("text")` (`date`, `time`, `date and time`, `duration`), which is
// also what a TCK value of xsd:date, xsd:time, xsd:dateTime or xsd:duration means; `type` is set to
// the literal's type. Throws Refused (feel_translate.hpp) for what docket deliberately
// does not write: times of day with a zone, dates and times without one, durations mixing months
// with days, negative or fractional durations.
[[nodiscard]] std::string temporal_literal(const std::string& fn, const std::string& text, DType& type);

}  // namespace docket::dmn
