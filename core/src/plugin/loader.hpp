// The steps of loading a plugin that the engine and the isolation helper share.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>

#include "docket/core/plugin_host.hpp"
#include "plugin/library_record.hpp"

namespace docket::plugin {

using ConfigValues = std::map<std::string, Value, std::less<>>;

// dlopens a file that PluginFile already checked (`path` as the user named it, for messages), checks its entry and ABI, and runs init unless
// an earlier init of the same library succeeded. `keep_fd` is the descriptor `dlopen_path` names
// (or -1): kept open for ever when the library is new (it is then the library's name), closed
// otherwise. `taken` is checked for names that are already registered. On success `record` is the
// library; on a refusal after the entry was read, `record` names it for the message.
[[nodiscard]] std::optional<Refusal> open_library(const std::string& path, const std::string& dlopen_path, int keep_fd,
                                                  const ConfigValues& config, const FunctionRegistry& taken,
                                                  LibraryRecord*& record);

// Undoes a successful init of a library that ends up refused (commit failed), unless it is active.
void abandon_library(LibraryRecord& record) noexcept;
// Marks a library whose registrations were committed somewhere.
void activate_library(LibraryRecord& record) noexcept;

// Makes the host-side callables for what a plugin registered: in this process, or through its
// helper process.
struct Binder {
  std::function<NativeFunction(const StagedFunction&)> function;
  std::function<ActionHandler(const StagedAction&)> action;
  std::function<CalendarProvider(const StagedCalendar&, const std::string& origin)> calendar;
  std::function<EventSink(const StagedEventSink&, const std::string& origin)> event_sink;
};

// The binder that calls the plugin's callbacks directly.
[[nodiscard]] Binder in_process_binder();

// Adds `r` to the targets, all or none; refuses names that are already taken there.
[[nodiscard]] std::optional<Refusal> commit_registrations(const Registrations& r, const std::string& path,
                                                          const PluginTargets& targets, const Binder& binder);

// "cannot load plugin '<path>' (<name> <version>)"
[[nodiscard]] std::string describe_plugin(const std::string& path, const std::string& name, const std::string& version);

// load_plugin for PluginIsolation::process (isolation/load_isolated.cpp).
[[nodiscard]] std::optional<LoadedPlugin> load_isolated(const PluginRequest& request, const PluginTargets& targets,
                                                        std::string& error);

}  // namespace docket::plugin
