// docket's own log lines (plugin messages, isolated helpers restarting, overruns): levels, a host-given sink, text or JSON.
#pragma once

#include <functional>
#include <string>
#include <string_view>

namespace docket {

enum class LogLevel { debug = 0, info = 1, warn = 2, error = 3 };

struct LogRecord {
  LogLevel level = LogLevel::info;
  std::string_view plugin;   // the plugin the line is about or from; empty for the engine's own
  std::string_view message;
};

// Where log lines go, process-wide. The default writes log_text() lines to stderr. A host routes
// them into its own logging (a service writes log_json() lines; the C API hands them to a callback).
// The sink may be called from any thread that runs plugins; calls are serialised.
using LogSink = std::function<void(const LogRecord&)>;
void set_log_sink(LogSink sink);  // an empty function restores the default
// Lines below `level` are dropped before they are formatted. The default is info, or what the
// environment says: DOCKET_LOG=debug|info|warn|error (DOCKET_PLUGIN_LOG=debug, the older name, too).
void set_log_level(LogLevel level);
[[nodiscard]] bool log_enabled(LogLevel level) noexcept;

// Sends a line to the sink (when its level is enabled). Never throws.
void log(LogLevel level, std::string_view plugin, std::string_view message) noexcept;

// "[plugin site_district] warning: ..." (or "docket: warning: ..." without a plugin), no newline.
[[nodiscard]] std::string log_text(const LogRecord& record);
// {"level":"warning","plugin":"site_district","message":"..."} on one line (text that is not UTF-8 is replaced).
[[nodiscard]] std::string log_json(const LogRecord& record);
[[nodiscard]] const char* log_level_name(LogLevel level) noexcept;

}  // namespace docket
