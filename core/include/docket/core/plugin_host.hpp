// Loads site plugins (shared libraries built against sdk/include/docket/plugin.h) with dlopen.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "docket/core/extensions.hpp"
#include "docket/core/functions.hpp"

namespace docket {

struct LoadedPlugin {
  std::string path;
  std::string name;
  std::string version;
  unsigned abi_major = 0;
  unsigned abi_minor = 0;
  std::string sha256;  // of the file that was loaded (lower-case hex); empty when not pinned
  bool isolated = false;  // its callbacks run in a helper process (PluginIsolation::process)
};

// Where a plugin's callbacks run (docs/plugins.md, "Isolation").
enum class PluginIsolation : std::uint8_t {
  // In the engine's process: the fastest. A callback that crashes takes the engine with it, and
  // one that never returns (and never polls should_cancel) blocks its caller for ever.
  in_process,
  // In a helper process (docket-plugin-host) that the engine starts and supervises, one per
  // plugin: the same .so and C ABI, calls over a socket. A crash, or a call that outlives its
  // deadline, fails that one call; the helper is restarted for the next one.
  process,
};

struct IsolationOptions {
  PluginIsolation mode = PluginIsolation::in_process;
  // The helper executable. Empty: docket-plugin-host next to the running program, else in docket/
  // beside the installed libdocket_core.so (<prefix>/lib/docket), else in <exe>/../lib/docket.
  std::filesystem::path helper;
  // The longest an isolated call (or init) may run when the callback declares no deadline
  // (timeout_ms) of its own; then the helper is killed and the call fails.
  std::chrono::milliseconds call_timeout{10000};
  // How long past its declared deadline an isolated callback may run (time to notice
  // should_cancel and return) before the helper is killed.
  std::chrono::milliseconds grace{1000};
};

// What to load and under which conditions.
struct PluginRequest {
  std::string path;
  // When not empty, the file (symlinks resolved) must lie inside one of these directories.
  std::vector<std::filesystem::path> allowed_directories;
  // When set (64 hex digits), the file's SHA-256 must match; the bytes hashed are the bytes loaded.
  std::optional<std::string> sha256;
  // What the plugin reads with host->get_config during init (bool, int, number or text values).
  std::map<std::string, Value, std::less<>> config;
  // In this process (the default) or in a supervised helper process.
  IsolationOptions isolation{};
};

// Where registrations go. Functions and actions go to `functions`; calendars and event sinks to
// the other two, or, when those are null, are accepted and dropped.
struct PluginTargets {
  FunctionRegistry* functions = nullptr;
  CalendarRegistry* calendars = nullptr;
  EventSinkRegistry* event_sinks = nullptr;
};

// Opens the library, checks where it lies and its hash, finds its entry symbol, checks the ABI
// version and struct sizes, runs its init, and commits what it registers, all or nothing. On any
// problem returns nullopt and sets `error` to a message naming the file, the reason and the fix;
// the caller carries on without the plugin. Libraries are never unloaded. With
// PluginIsolation::process the library is loaded (and init runs) in a helper process instead, and
// what it registers is called through that helper.
std::optional<LoadedPlugin> load_plugin(const PluginRequest& request, const PluginTargets& targets,
                                        std::string& error);

// The ABI 1.0 entry point: no directory or hash checks; calendars and event sinks are dropped.
std::optional<LoadedPlugin> load_plugin(const std::string& path, FunctionRegistry& registry,
                                        std::string& error);

// The SHA-256 of a file as 64 lower-case hex digits, or nullopt with `error` set.
std::optional<std::string> file_sha256(const std::filesystem::path& path, std::string& error);

}  // namespace docket
