// Calendar providers and event sinks that plugins register, kept for the engine to query.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "docket/core/trace.hpp"

namespace docket {

// A working period of one local day, [start_minute, end_minute) after local midnight.
struct WorkPeriod {
  std::uint16_t start_minute = 0;
  std::uint16_t end_minute = 0;
  friend bool operator==(const WorkPeriod&, const WorkPeriod&) = default;
};

// One local day as a calendar provider describes it.
struct CalendarDay {
  bool working = false;
  std::vector<WorkPeriod> periods;  // in order, not overlapping, within 0..1440
  std::string note;                 // "National Day", "make-up working day", or empty
};

// A calendar provider: answers for a local date (month 1..12, day 1..31) in its zone.
// Returns nullopt and sets `error` when the provider fails or answers nonsense.
using CalendarDayFn =
    std::function<std::optional<CalendarDay>(int year, unsigned month, unsigned day, std::string& error)>;

struct CalendarProvider {
  std::string name;       // what a workflow names: calendar "cn-workdays"
  std::string time_zone;  // IANA zone of its local days
  std::string origin;     // the plugin file it came from
  CalendarDayFn day;
};

// Calendars by name. The business-time clock (issue 5) queries it; today only plugins fill it.
class CalendarRegistry {
 public:
  bool add(CalendarProvider provider);  // false (and no change) when the name is taken
  [[nodiscard]] const CalendarProvider* find(std::string_view name) const;
  [[nodiscard]] std::vector<std::string> names() const;

 private:
  std::map<std::string, CalendarProvider, std::less<>> calendars_;
};

// Receives engine events (audit, metrics). A sink reports its own failures; it never throws.
struct EventSink {
  std::string name;
  std::string origin;
  std::function<void(const TraceEntry&)> receive;
};

// Event sinks in registration order; publish() hands each trace entry to every sink.
class EventSinkRegistry {
 public:
  bool add(EventSink sink);  // false when the name is taken
  void publish(const TraceEntry& entry) const;
  [[nodiscard]] std::vector<std::string> names() const;
  [[nodiscard]] bool empty() const { return sinks_.empty(); }

 private:
  std::vector<EventSink> sinks_;
};

}  // namespace docket
