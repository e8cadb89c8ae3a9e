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
// Formats an instant in a zone as "2025-09-26 09:00 (Fri)". Throws std::invalid_argument for a
// zone that is_known_zone() rejects.
[[nodiscard]] std::string format_instant(Instant t, std::string_view zone);

}  // namespace docket
