// The clock plugins see through host->now_unix_ns: the calling engine's, else the wall clock.
#pragma once

#include <cstdint>
#include <optional>

#include "docket/core/clock.hpp"

namespace docket::plugin {

// While alive, plugin calls on this thread read `clock` (the engine sets it around each step).
class ScopedPluginClock {
 public:
  explicit ScopedPluginClock(const Clock& clock) noexcept;
  ~ScopedPluginClock();
  ScopedPluginClock(const ScopedPluginClock&) = delete;
  ScopedPluginClock& operator=(const ScopedPluginClock&) = delete;

 private:
  const Clock* previous_;
};

// Nanoseconds since 1970-01-01 UTC on this thread's plugin clock.
[[nodiscard]] std::int64_t plugin_now_unix_ns() noexcept;

// The injected clock's time when an engine (or outbox) has set one on this thread, else nullopt
// (plugins then read the wall clock). Isolated calls carry it to the helper process.
[[nodiscard]] std::optional<std::int64_t> injected_now_unix_ns() noexcept;

}  // namespace docket::plugin
