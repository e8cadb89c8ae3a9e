// Clocks are injected: the engine never reads the wall clock itself.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "docket/core/value.hpp"

namespace docket {

class Clock {
 public:
  virtual ~Clock() = default;
  [[nodiscard]] virtual Instant now() const = 0;
};

// The wall clock, for live hosts.
class SystemClock final : public Clock {
 public:
  [[nodiscard]] Instant now() const override;
};

// A clock that moves only when told to: tests, `docket run`, `docket simulate`.
class VirtualClock final : public Clock {
 public:
  explicit VirtualClock(Instant start) : now_(start) {}
  [[nodiscard]] Instant now() const override { return now_; }
  void set(Instant t) { now_ = t; }

 private:
  Instant now_;
};

// Parses "2025-09-26T09:00" (with optional seconds) in a fixed UTC offset given as
// "+08:00", "Z", or an IANA zone name such as "Asia/Shanghai". Returns false on bad input.
bool parse_instant(std::string_view text, std::string_view zone, Instant& out, std::string& error);
// True when `zone` is "Z", a fixed offset such as "+08:00", or an IANA zone this machine knows;
// otherwise false with `error` saying why.
bool is_known_zone(std::string_view zone, std::string& error);
// The IANA zone names of this machine's tz database, for suggestions.
[[nodiscard]] std::vector<std::string> known_zone_names();
// Parses "2025-09-26T09:00[:SS]" followed by "Z" or an offset ("+08:00"), which wins, or by
// nothing, read in `zone` as parse_instant() does: times as hosts and APIs exchange them.
bool parse_time_text(std::string_view text, std::string_view zone, Instant& out, std::string& error);
// Formats an instant as RFC 3339 with the zone's offset at that instant: "2025-09-26T09:00:00+08:00"
// ("...Z" in UTC). Throws std::invalid_argument for a zone that is_known_zone() rejects.
[[nodiscard]] std::string format_rfc3339(Instant t, std::string_view zone);
// Formats an instant in a zone as "2025-09-26 09:00 (Fri)". Throws std::invalid_argument for a
// zone that is_known_zone() rejects.
[[nodiscard]] std::string format_instant(Instant t, std::string_view zone);

}  // namespace docket
