// What the host keeps about one opened plugin library for the life of the process.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "docket/core/functions.hpp"
#include "docket/core/value.hpp"
#include "docket/plugin.h"
#include "plugin/staged.hpp"

namespace docket::plugin {

struct LibraryRecord;

// Why a plugin is refused, and what to do about it.
struct Refusal {
  std::string reason;
  std::string fix;
};

// The state of one init call: what the plugin registered and what went wrong.
struct InitSession {
  const FunctionRegistry* registry = nullptr;  // checked for names that are already taken
  const std::map<std::string, Value, std::less<>>* config = nullptr;
  Registrations staged;
  std::optional<Refusal> registration_refused;  // the first registration the host refused
  std::optional<std::string> init_error;        // what the plugin reported through set_error
};

// The host services table handed to the plugin. The plugin sees &binding.services; the host
// finds the library again from that pointer (both members are standard-layout).
struct HostBinding {
  docket_host_services services;
  LibraryRecord* library;
};

// One library, keyed by its dlopen handle. Never destroyed: plugins are never unloaded, and a
// plugin may keep the services pointer for as long as the process lives.
struct LibraryRecord {
  void* handle = nullptr;
  int descriptor_fd = -1;  // the open descriptor it was loaded through (/proc/self/fd/N), or -1
  const docket_plugin_descriptor* descriptor = nullptr;
  std::string name;
  std::string version;
  unsigned abi_major = 0;
  unsigned abi_minor = 0;
  HostBinding binding{};
  InitSession* session = nullptr;  // set only while init runs
  bool active = false;             // init succeeded and some registry holds its registrations
  Registrations registered;        // what the successful init registered
};

// Fills record.binding with the host services (logging, memory, clock, configuration,
// registration, init errors).
void bind_host_services(LibraryRecord& record) noexcept;

// Writes "[plugin <name>] <level>: <message>" to the plugin log (stderr). Never throws.
void log_line(std::string_view plugin_name, docket_log_level level, std::string_view message) noexcept;

// Checks and copies one registration into session.staged; returns the refusal when the host
// cannot accept it (register_extensions.cpp).
std::optional<Refusal> stage_function(const docket_function_def& def, const LibraryRecord& lib, InitSession& session);
std::optional<Refusal> stage_action(const docket_action_def& def, const LibraryRecord& lib, InitSession& session);
std::optional<Refusal> stage_calendar(const docket_calendar_def& def, const LibraryRecord& lib, InitSession& session);
std::optional<Refusal> stage_event_sink(const docket_event_sink_def& def, const LibraryRecord& lib,
                                        InitSession& session);

}  // namespace docket::plugin
