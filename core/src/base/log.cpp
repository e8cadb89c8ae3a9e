// The process-wide log sink: levels from the environment, text on stderr by default, JSON for services.
#include "docket/core/log.hpp"

#include <nlohmann/json.hpp>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <mutex>

namespace docket {

namespace {

LogLevel level_from_environment() noexcept {
  const char* env = std::getenv("DOCKET_LOG");
  if (env == nullptr) env = std::getenv("DOCKET_PLUGIN_LOG");
  const std::string_view v = env == nullptr ? "" : env;
  if (v == "debug") return LogLevel::debug;
  if (v == "warn" || v == "warning") return LogLevel::warn;
  if (v == "error") return LogLevel::error;
  return LogLevel::info;
}

std::atomic<int>& min_level() {
  static std::atomic<int> level{static_cast<int>(level_from_environment())};
  return level;
}

struct Sink {
  std::mutex mutex;
  LogSink sink;
};

Sink& current() {
  static Sink s;
  return s;
}

}  // namespace

const char* log_level_name(LogLevel level) noexcept {
  switch (level) {
    case LogLevel::debug: return "debug";
    case LogLevel::info: return "info";
    case LogLevel::warn: return "warning";
    default: return "error";
  }
}

void set_log_sink(LogSink sink) {
  Sink& s = current();
  const std::lock_guard<std::mutex> lock(s.mutex);
  s.sink = std::move(sink);
}

void set_log_level(LogLevel level) { min_level().store(static_cast<int>(level)); }

bool log_enabled(LogLevel level) noexcept { return static_cast<int>(level) >= min_level().load(); }

std::string log_text(const LogRecord& r) {
  std::string line = r.plugin.empty() ? std::string("docket") : "[plugin " + std::string(r.plugin) + "]";
  return line + (r.plugin.empty() ? ": " : " ") + log_level_name(r.level) + ": " + std::string(r.message);
}

std::string log_json(const LogRecord& r) {
  nlohmann::ordered_json j = {{"level", log_level_name(r.level)}};
  if (!r.plugin.empty()) j["plugin"] = r.plugin;
  j["message"] = r.message;
  return j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

void log(LogLevel level, std::string_view plugin, std::string_view message) noexcept {
  if (!log_enabled(level)) return;
  const LogRecord record{level, plugin, message};
  try {
    Sink& s = current();
    const std::lock_guard<std::mutex> lock(s.mutex);
    if (s.sink) {
      s.sink(record);
      return;
    }
    const std::string line = log_text(record) + "\n";
    std::fputs(line.c_str(), stderr);
  } catch (...) {
    std::fputs("docket: a log line was lost (its sink failed, or memory ran out)\n", stderr);
  }
}

}  // namespace docket
