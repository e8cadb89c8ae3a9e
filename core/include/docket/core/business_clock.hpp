// Business time on a calendar: adding workdays and workhours to an instant, and measuring between two.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>

#include "docket/core/extensions.hpp"
#include "docket/core/value.hpp"

namespace docket {

// A calendar that cannot answer: an unknown zone, a provider error, no working time for years.
class CalendarError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The conventions (docs/business-time.md):
//  - workhours count the working periods from the instant on; a start inside a period counts
//    from there, a start outside one from the next period's start; the result is the instant
//    where the amount is used up (a period's end, not the next start, when it ends exactly there).
//  - workdays: the local day the clock starts never counts, whether the request arrives mid-day,
//    after hours, on a holiday or on a make-up working day; N workdays fall due at the end of the
//    last working period of the Nth working day after it.
//  - clock durations are added as they are; calendar months in the calendar's zone (add_months,
//    calendar_months.hpp).
// Days are asked of the provider once and kept, so one BusinessClock is not safe to share
// between threads; the provider must outlive it.
class BusinessClock {
 public:
  explicit BusinessClock(const CalendarProvider& provider);
  ~BusinessClock();
  BusinessClock(BusinessClock&&) noexcept;
  BusinessClock& operator=(BusinessClock&&) noexcept;

  [[nodiscard]] Instant add(Instant from, const Duration& d) const;
  // The IANA zone its local days are read in.
  [[nodiscard]] const std::string& time_zone() const noexcept;
  // The instant at which `seconds` of working time from `from` are used up (`from` itself for 0).
  [[nodiscard]] Instant add_working_seconds(Instant from, std::int64_t seconds) const;
  // Local time `minute` (of the day) on the Nth working day after from's local day (n >= 1).
  [[nodiscard]] Instant workday_at(Instant from, std::int64_t n, std::uint16_t minute) const;
  // Working seconds in [a, b) (0 when b <= a).
  [[nodiscard]] std::int64_t working_seconds(Instant a, Instant b) const;
  // Working days after a's local day whose working time has ended by b.
  [[nodiscard]] std::int64_t workdays_between(Instant a, Instant b) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace docket
