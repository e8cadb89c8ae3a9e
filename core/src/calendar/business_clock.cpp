// BusinessClock: local days from a calendar provider, walked forward in the calendar's time zone.
#include "docket/core/business_clock.hpp"

#include "docket/core/calendar_months.hpp"

#include <date/date.h>
#include <date/tz.h>
#include <fmt/format.h>

#include <cstdint>
#include <vector>

namespace docket {

namespace {

using LocalSeconds = date::local_time<std::chrono::seconds>;
constexpr int kSearchDays = 3660;  // a calendar with no working time for ten years is broken

}  // namespace

struct BusinessClock::Impl {
  const CalendarProvider* provider;
  const date::time_zone* zone;
  mutable std::map<int, CalendarDay> days;  // by days since the epoch (local)
  // Memos in front of `days` and the zone (an engine asks about the same few days and offsets for
  // every instance): the days of a window by key - window_base (nodes of `days`, which never move),
  // and the zone's offset over the span of UTC around the last instant converted.
  mutable std::vector<const CalendarDay*> window;
  mutable int window_base = 0;
  mutable date::sys_info span{};
  mutable bool span_known = false;
  static constexpr int kWindowDays = 4096;

  const CalendarDay& day(date::local_days d) const {
    const int key = d.time_since_epoch().count();
    const std::int64_t slot = static_cast<std::int64_t>(key) - window_base;
    if (slot >= 0 && slot < static_cast<std::int64_t>(window.size()) && window[static_cast<std::size_t>(slot)] != nullptr) {
      return *window[static_cast<std::size_t>(slot)];
    }
    const CalendarDay& found = find_day(d, key);
    remember(key, found);
    return found;
  }

  void remember(int key, const CalendarDay& found) const {
    if (window.empty() || key < window_base - kWindowDays || key >= window_base + 2 * kWindowDays) {
      window.assign(1, nullptr);  // the first day asked, or far from the window: start a new one there
      window_base = key;
    } else if (key < window_base) {
      window.insert(window.begin(), static_cast<std::size_t>(window_base - key), nullptr);
      window_base = key;
    } else if (static_cast<std::size_t>(key - window_base) >= window.size()) {
      window.resize(static_cast<std::size_t>(key - window_base) + 1, nullptr);
    }
    window[static_cast<std::size_t>(key - window_base)] = &found;
  }

  const CalendarDay& find_day(date::local_days d, int key) const {
    if (auto it = days.find(key); it != days.end()) return it->second;
    const date::year_month_day ymd{d};
    std::string error;
    std::optional<CalendarDay> answer =
        provider->day(static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()), error);
    if (!answer) {
      throw CalendarError(fmt::format("calendar `{}` cannot say whether {} is a working day: {}", provider->name,
                                      date::format("%F", d), error));
    }
    if (!answer->working) answer->periods.clear();
    return days.emplace(key, std::move(*answer)).first->second;
  }

  // The zone's offset at `t`, from the memo while `t` is inside its span.
  std::chrono::seconds offset_at(Instant t) const {
    if (!span_known || t < span.begin || t >= span.end) {
      span = zone->get_info(t);
      span_known = true;
    }
    return span.offset;
  }

  LocalSeconds local(Instant t) const { return LocalSeconds{t.time_since_epoch() + offset_at(t)}; }

  // The instant of a local time; in a repeated hour the earlier one, in a skipped hour the time after the gap.
  Instant instant(LocalSeconds l) const {
    if (span_known) {
      // A day or more inside the memo's span, a local time has exactly one instant (offsets change
      // by less than a day), so the zone need not be asked.
      const Instant s{l.time_since_epoch() - span.offset};
      if (s >= span.begin + date::days{1} && s < span.end - date::days{1}) return s;
    }
    date::local_info info = zone->get_info(l);
    switch (info.result) {
      case date::local_info::unique:
      case date::local_info::ambiguous: return Instant{l.time_since_epoch() - info.first.offset};
      default: return Instant{info.second.begin};
    }
  }

  static LocalSeconds at(date::local_days d, std::uint16_t minute) { return LocalSeconds{d} + std::chrono::minutes{minute}; }

  Instant add_working_seconds(Instant from, std::int64_t seconds) const {
    LocalSeconds now = local(from);
    date::local_days d = date::floor<date::days>(now);
    for (int i = 0; i < kSearchDays; ++i, d += date::days{1}) {
      for (const WorkPeriod& p : day(d).periods) {
        LocalSeconds begin = std::max(now, at(d, p.start_minute));
        LocalSeconds end = at(d, p.end_minute);
        if (begin >= end) continue;
        std::int64_t available = (end - begin).count();
        if (seconds <= available) return instant(begin + std::chrono::seconds{seconds});
        seconds -= available;
      }
    }
    throw CalendarError(fmt::format("calendar `{}` has no working time for ten years after {}", provider->name,
                                    date::format("%F", date::floor<date::days>(now))));
  }

  // The Nth working day after from's local day (n >= 1).
  date::local_days nth_workday(Instant from, std::int64_t n) const {
    date::local_days d = date::floor<date::days>(local(from));
    for (int i = 0; i < kSearchDays * 2; ++i) {
      d += date::days{1};
      if (!day(d).periods.empty() && --n == 0) return d;
    }
    throw CalendarError(fmt::format("calendar `{}` runs out of working days", provider->name));
  }

  Instant add_workdays(Instant from, std::int64_t n) const {
    if (n <= 0) return from;
    const date::local_days d = nth_workday(from, n);
    return instant(at(d, day(d).periods.back().end_minute));
  }
};

BusinessClock::BusinessClock(const CalendarProvider& provider) : impl_(std::make_unique<Impl>()) {
  impl_->provider = &provider;
  try {
    impl_->zone = date::locate_zone(provider.time_zone);
  } catch (const std::runtime_error&) {
    throw CalendarError(fmt::format("calendar `{}` names an unknown time zone `{}`", provider.name, provider.time_zone));
  }
}
BusinessClock::~BusinessClock() = default;
BusinessClock::BusinessClock(BusinessClock&&) noexcept = default;
BusinessClock& BusinessClock::operator=(BusinessClock&&) noexcept = default;

Instant BusinessClock::add(Instant from, const Duration& d) const {
  if (d.amount < 0) throw CalendarError("business durations are added forwards only");
  switch (d.unit) {
    case DurationUnit::months: return add_months(from, d.amount, impl_->provider->time_zone);
    case DurationUnit::seconds: return from + std::chrono::seconds{d.amount};
    case DurationUnit::workhours: return d.amount == 0 ? from : impl_->add_working_seconds(from, d.amount * 3600);
    case DurationUnit::workdays: return impl_->add_workdays(from, d.amount);
  }
  return from;
}

const std::string& BusinessClock::time_zone() const noexcept { return impl_->provider->time_zone; }

Instant BusinessClock::add_working_seconds(Instant from, std::int64_t seconds) const {
  return seconds <= 0 ? from : impl_->add_working_seconds(from, seconds);
}

Instant BusinessClock::workday_at(Instant from, std::int64_t n, std::uint16_t minute) const {
  if (n < 1) throw CalendarError(fmt::format("a time on a working day needs at least 1 workday, got {}", n));
  return impl_->instant(Impl::at(impl_->nth_workday(from, n), minute));
}

std::int64_t BusinessClock::working_seconds(Instant a, Instant b) const {
  if (b <= a) return 0;
  const LocalSeconds la = impl_->local(a);
  const LocalSeconds lb = impl_->local(b);
  std::int64_t total = 0;
  for (date::local_days d = date::floor<date::days>(la); LocalSeconds{d} < lb; d += date::days{1}) {
    for (const WorkPeriod& p : impl_->day(d).periods) {
      LocalSeconds begin = std::max(la, Impl::at(d, p.start_minute));
      LocalSeconds end = std::min(lb, Impl::at(d, p.end_minute));
      if (begin < end) total += (end - begin).count();
    }
  }
  return total;
}

std::int64_t BusinessClock::workdays_between(Instant a, Instant b) const {
  std::int64_t n = 0;
  const LocalSeconds lb = impl_->local(b);
  for (date::local_days d = date::floor<date::days>(impl_->local(a)) + date::days{1}; LocalSeconds{d} < lb;
       d += date::days{1}) {
    const CalendarDay& cd = impl_->day(d);
    if (!cd.periods.empty() && Impl::at(d, cd.periods.back().end_minute) <= lb) ++n;
  }
  return n;
}

}  // namespace docket
