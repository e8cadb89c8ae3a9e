// The host services table a plugin gets at init: logging, memory, clock, configuration, registration.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>

#include "docket/core/log.hpp"
#include "plugin/abi_v1.hpp"
#include "plugin/library_record.hpp"
#include "plugin/plugin_clock.hpp"

namespace docket::plugin {
namespace {

thread_local const Clock* current_clock = nullptr;

LibraryRecord& library_of(const docket_host_services* host) noexcept {
  return *reinterpret_cast<const HostBinding*>(host)->library;
}

LogLevel log_level_of(docket_log_level level) noexcept {
  switch (level) {
    case DOCKET_LOG_DEBUG: return LogLevel::debug;
    case DOCKET_LOG_INFO: return LogLevel::info;
    case DOCKET_LOG_WARN: return LogLevel::warn;
    default: return LogLevel::error;
  }
}

void host_log(const docket_host_services* host, docket_log_level level, const char* message) noexcept {
  if (host == nullptr) return;
  log_line(library_of(host).name, level, message != nullptr ? message : "");
}

// Runs one registration: refused outside init, the first refusal kept for the load's message.
template <class Def, class Stage>
docket_status register_with(const docket_host_services* host, const Def* def, std::string_view kind,
                            Stage stage) noexcept {
  if (host == nullptr) return DOCKET_ERROR;
  LibraryRecord& lib = library_of(host);
  if (lib.session == nullptr) {
    log_line(lib.name, DOCKET_LOG_ERROR, "register_" + std::string(kind) + " called outside init; ignored");
    return DOCKET_ERROR;
  }
  InitSession& session = *lib.session;
  try {
    std::optional<Refusal> refusal =
        def != nullptr ? stage(*def, lib, session)
                       : Refusal{"it registers a " + std::string(kind) + " with a NULL definition",
                                 "pass a definition to register_" + std::string(kind)};
    if (!refusal) return DOCKET_OK;
    if (!session.registration_refused) session.registration_refused = std::move(refusal);
  } catch (...) {
    if (!session.registration_refused) session.registration_refused = Refusal{"the host ran out of memory", "retry"};
  }
  return DOCKET_ERROR;
}

docket_status host_register_function(const docket_host_services* host, const docket_function_def* def) noexcept {
  return register_with(host, def, "function", &stage_function);
}
docket_status host_register_action(const docket_host_services* host, const docket_action_def* def) noexcept {
  return register_with(host, def, "action", &stage_action);
}
docket_status host_register_calendar(const docket_host_services* host, const docket_calendar_def* def) noexcept {
  return register_with(host, def, "calendar", &stage_calendar);
}
docket_status host_register_event_sink(const docket_host_services* host,
                                       const docket_event_sink_def* def) noexcept {
  return register_with(host, def, "event_sink", &stage_event_sink);
}

void host_set_error(const docket_host_services* host, const char* message) noexcept {
  if (host == nullptr) return;
  LibraryRecord& lib = library_of(host);
  if (lib.session == nullptr) {
    log_line(lib.name, DOCKET_LOG_ERROR, message != nullptr ? message : "");  // outside init: keep it at least
    return;
  }
  try {
    lib.session->init_error = message != nullptr ? message : "";
  } catch (...) {
    lib.session->init_error.emplace();
  }
}

void* host_alloc_memory(const docket_host_services*, std::size_t size) noexcept {
  return std::malloc(size == 0 ? 1 : size);
}

void host_free_memory(const docket_host_services*, void* ptr) noexcept { std::free(ptr); }

std::int64_t host_now_unix_ns(const docket_host_services*) noexcept { return plugin_now_unix_ns(); }

docket_status host_get_config(const docket_host_services* host, const char* key, docket_value* out) noexcept {
  if (host == nullptr || key == nullptr || out == nullptr) return DOCKET_ERROR;
  LibraryRecord& lib = library_of(host);
  if (lib.session == nullptr || lib.session->config == nullptr) return DOCKET_ERROR;
  const auto& config = *lib.session->config;
  const auto it = config.find(std::string_view(key, ::strnlen(key, 256)));
  if (it == config.end()) return DOCKET_ERROR;
  const Value& v = it->second;
  *out = docket_value{};
  if (v.holds<bool>()) {
    out->kind = DOCKET_TYPE_BOOL;
    out->boolean = v.as_bool();
  } else if (v.holds<std::int64_t>()) {
    out->kind = DOCKET_TYPE_INT;
    out->integer = v.as_int();
  } else if (v.holds<double>()) {
    out->kind = DOCKET_TYPE_NUMBER;
    out->number = v.as_number();
  } else if (v.holds<std::string>()) {
    out->kind = DOCKET_TYPE_TEXT;
    out->text = docket_string_view{v.as_text().data(), v.as_text().size()};  // lives in the request
  } else {
    return DOCKET_ERROR;
  }
  return DOCKET_OK;
}

}  // namespace

// Plugin lines go to docket's log sink (docket/core/log.hpp), tagged with the plugin.

void log_line(std::string_view plugin_name, docket_log_level level, std::string_view message) noexcept {
  docket::log(log_level_of(level), plugin_name, message);
}

ScopedPluginClock::ScopedPluginClock(const Clock& clock) noexcept : previous_(current_clock) {
  current_clock = &clock;
}
ScopedPluginClock::~ScopedPluginClock() { current_clock = previous_; }

std::optional<std::int64_t> injected_now_unix_ns() noexcept {
  if (current_clock == nullptr) return std::nullopt;
  return std::chrono::duration_cast<std::chrono::nanoseconds>(current_clock->now().time_since_epoch()).count();
}

std::int64_t plugin_now_unix_ns() noexcept {
  using namespace std::chrono;
  if (current_clock != nullptr) {
    return duration_cast<nanoseconds>(current_clock->now().time_since_epoch()).count();
  }
  return duration_cast<nanoseconds>(system_clock::now().time_since_epoch()).count();
}

void bind_host_services(LibraryRecord& record) noexcept {
  docket_host_services& s = record.binding.services;
  s.struct_size = sizeof(docket_host_services);
  s.abi_major = DOCKET_PLUGIN_ABI_MAJOR;
  s.abi_minor = DOCKET_PLUGIN_ABI_MINOR;
  s.log = &host_log;
  s.register_function = &host_register_function;
  s.set_error = &host_set_error;
  s.alloc_memory = &host_alloc_memory;
  s.free_memory = &host_free_memory;
  s.now_unix_ns = &host_now_unix_ns;
  s.get_config = &host_get_config;
  s.register_action = &host_register_action;
  s.register_calendar = &host_register_calendar;
  s.register_event_sink = &host_register_event_sink;
  record.binding.library = &record;
}

}  // namespace docket::plugin
