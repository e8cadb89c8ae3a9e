// docket.toml: which program files to load, which plugins, and defaults for running.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "docket/core/calendar_spec.hpp"
#include "docket/core/plugin_host.hpp"
#include "docket/core/value.hpp"

namespace docket::host {

struct Config {
  std::filesystem::path file;                        // the docket.toml read, if any
  std::vector<std::string> programs;                 // .dkt files, resolved against the file's folder
  std::vector<std::filesystem::path> plugin_dirs;    // searched in order for <name>.so
  std::vector<std::string> plugins;                  // plugin names to load
  std::map<std::string, std::string> plugin_sha256;  // [plugins.sha256] name = "hex": pins
  // [plugins.config.<name>] key = value: what the plugin reads with get_config during init.
  std::map<std::string, std::map<std::string, Value, std::less<>>> plugin_config;
  // [plugins] isolation = "process": where plugins run; [plugins.isolation_per_plugin] name = "...".
  PluginIsolation plugin_isolation = PluginIsolation::in_process;
  std::map<std::string, PluginIsolation> plugin_isolation_of;
  // [plugins] call_timeout_ms: how long an isolated callback without a deadline of its own may run.
  std::chrono::milliseconds plugin_call_timeout{IsolationOptions{}.call_timeout};
  std::string zone = "UTC";                          // IANA zone for times without an offset
  std::vector<CalendarSpec> calendars;               // [calendars.NAME], checked, inheritance resolved
  std::uint64_t max_cost = 0;                        // [program] max_cost; 0: not given (the default budget)
  // [serve]: `docket serve`'s HTTP listener. listen = "127.0.0.1:8095" (loopback unless told otherwise),
  // token = "..." (writes need `Authorization: Bearer <token>`; DOCKET_SERVE_TOKEN overrides it),
  // max_body_bytes (request bodies above it are refused with 413).
  std::string serve_listen = "127.0.0.1:8095";
  std::string serve_token;
  std::size_t serve_max_body = 1 << 20;
  std::string store;                                 // [store] location: a SQLite file (resolved) or a postgresql:// URL
  bool has_simulate = false;                         // a [simulate] table (read against the program later)
};

// The isolation a plugin loaded from the configuration runs under.
[[nodiscard]] PluginIsolation isolation_of(const Config& config, const std::string& plugin);

// Reads a docket.toml. On a problem returns false with `error` naming the file, the line,
// the key and the fix.
bool load_config(const std::filesystem::path& path, Config& out, std::string& error);

// The folders searched for plugins when a config names none, in order: those in the environment
// variable DOCKET_PLUGIN_PATH (separated by ':'), <exe>/../plugins (a build tree),
// <exe>/../lib/docket/plugins (the installed CLI), and <libdir>/docket/plugins next to an installed
// shared docket library a host embeds.
std::vector<std::filesystem::path> default_plugin_dirs();

}  // namespace docket::host
