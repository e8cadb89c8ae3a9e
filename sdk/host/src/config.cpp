// Reading docket.toml with TOML++, strictly: unknown tables and keys are errors with a hint.
#include "docket/host/config.hpp"

#include "calendar_config.hpp"
#include "toml_support.hpp"
#include "docket/host/store_open.hpp"
#include "docket/core/clock.hpp"
#include "docket/core/ir_limits.hpp"

#include <fmt/format.h>
#include <dlfcn.h>
#include <unistd.h>

#include <cstdlib>

#include <algorithm>
#include <set>
#include <toml++/toml.h>

namespace docket::host {

namespace {

bool string_list(const std::filesystem::path& file, const toml::table& table, std::string_view key,
                 std::vector<std::string>& out, std::string& error) {
  std::vector<std::pair<std::string, const toml::node*>> items;
  if (!text_list(file, table, key, items, error)) return false;
  for (auto& [text, node] : items) out.push_back(std::move(text));
  return true;
}

// A plugin name from `load`: a file name without folders, so it cannot step out of the directories.
bool plain_plugin_name(const std::string& name) {
  return !name.empty() && name.find_first_of("/\\") == std::string::npos && name != "." && name != "..";
}

// "in-process" or "process", as `key` of `node`.
bool isolation_mode(const std::filesystem::path& file, const toml::node& node, std::string_view key,
                    PluginIsolation& out, std::string& error) {
  const auto text = node.value_exact<std::string>();
  if (text == "in-process") out = PluginIsolation::in_process;
  else if (text == "process") out = PluginIsolation::process;
  else {
    error = fmt::format("{}: error: `{}` must be \"in-process\" (plugins run inside docket: fastest) or \"process\" "
                        "(each plugin runs in a helper process, so a crash or a hang fails one call, not docket)",
                        where(file, node), key);
    return false;
  }
  return true;
}

bool read_isolation(const std::filesystem::path& file, const toml::table& plugins, Config& out, std::string& error) {
  if (const toml::node* node = plugins.get("isolation")) {
    if (!isolation_mode(file, *node, "isolation", out.plugin_isolation, error)) return false;
  }
  if (const toml::node* node = plugins.get("call_timeout_ms")) {
    const auto ms = node->value_exact<std::int64_t>();
    if (!ms || *ms < 1 || *ms > 86'400'000) {
      error = fmt::format("{}: error: `call_timeout_ms` must be a whole number of milliseconds from 1 to 86400000 "
                          "(a day), e.g. call_timeout_ms = 10000",
                          where(file, *node));
      return false;
    }
    out.plugin_call_timeout = std::chrono::milliseconds(*ms);
  }
  if (const toml::node* node = plugins.get("isolation_per_plugin")) {
    const toml::table* table = node->as_table();
    if (table == nullptr) {
      error = fmt::format("{}: error: `isolation_per_plugin` must be a table, e.g. [plugins.isolation_per_plugin] "
                          "site_district = \"process\"",
                          where(file, *node));
      return false;
    }
    for (const auto& [name, value] : *table) {
      if (std::find(out.plugins.begin(), out.plugins.end(), name.str()) == out.plugins.end()) {
        error = fmt::format("{}: error: `{}` has an isolation but is not in `load`; name only plugins that are loaded",
                            where(file, value), name.str());
        return false;
      }
      PluginIsolation mode{};
      if (!isolation_mode(file, value, name.str(), mode, error)) return false;
      out.plugin_isolation_of[std::string(name.str())] = mode;
    }
  }
  return true;
}

bool read_plugin_tables(const std::filesystem::path& file, const toml::table& plugins, Config& out,
                        std::string& error) {
  if (!read_isolation(file, plugins, out, error)) return false;
  std::set<std::string, std::less<>> loaded(out.plugins.begin(), out.plugins.end());
  if (const toml::node* node = plugins.get("sha256")) {
    const toml::table* pins = node->as_table();
    if (pins == nullptr) {
      error = fmt::format("{}: error: `sha256` must be a table of pins, e.g. [plugins.sha256] site_district = \"...\"",
                          where(file, *node));
      return false;
    }
    for (const auto& [key, value] : *pins) {
      auto hex = value.value<std::string>();
      if (!hex || hex->size() != 64 || hex->find_first_not_of("0123456789abcdefABCDEF") != std::string::npos) {
        error = fmt::format("{}: error: the sha256 pin of `{}` must be 64 hex digits in quotes, as printed by "
                            "`sha256sum {}.so`",
                            where(file, value), key.str(), key.str());
        return false;
      }
      if (loaded.count(key.str()) == 0) {
        error = fmt::format("{}: error: `{}` is pinned but not in `load`; pin only plugins that are loaded",
                            where(file, value), key.str());
        return false;
      }
      out.plugin_sha256[std::string(key.str())] = *hex;
    }
  }
  if (const toml::node* node = plugins.get("config")) {
    const toml::table* configs = node->as_table();
    if (configs == nullptr) {
      error = fmt::format("{}: error: `config` must hold one table per plugin, e.g. [plugins.config.site_district]",
                          where(file, *node));
      return false;
    }
    for (const auto& [name, table_node] : *configs) {
      const toml::table* table = table_node.as_table();
      if (table == nullptr || loaded.count(name.str()) == 0) {
        error = fmt::format("{}: error: [plugins.config.{}] must be a table for a plugin named in `load`",
                            where(file, table_node), name.str());
        return false;
      }
      auto& values = out.plugin_config[std::string(name.str())];
      for (const auto& [key, value] : *table) {
        if (auto b = value.value_exact<bool>()) values.emplace(std::string(key.str()), Value(*b));
        else if (auto i = value.value_exact<std::int64_t>()) values.emplace(std::string(key.str()), Value(*i));
        else if (auto d = value.value_exact<double>()) values.emplace(std::string(key.str()), Value(*d));
        else if (auto t = value.value_exact<std::string>()) values.emplace(std::string(key.str()), Value(*t));
        else {
          error = fmt::format("{}: error: plugin setting `{}` must be a bool, integer, number or text",
                              where(file, value), key.str());
          return false;
        }
      }
    }
  }
  return true;
}

// [store] location = "docket.sqlite" (a SQLite file, relative to the configuration) or a
// "postgresql://..." URL: where hosts built from this configuration keep their instances.
bool read_store(const std::filesystem::path& path, const toml::table& store, Config& out, std::string& error) {
  if (!only_keys(path, store, "[store]", {"location"}, error)) return false;
  const toml::node* location = store.get("location");
  if (location == nullptr) {
    error = fmt::format("{}: error: [store] needs `location`: a SQLite file (location = \"docket.sqlite\") or a "
                        "PostgreSQL URL (location = \"postgresql://docket@localhost/docket\")",
                        where(path, store));
    return false;
  }
  std::optional<std::string> text = location->value_exact<std::string>();
  if (!text || text->empty()) {
    error = fmt::format("{}: error: `location` must be a file name or a postgresql:// URL in quotes, e.g. "
                        "location = \"docket.sqlite\"",
                        where(path, *location));
    return false;
  }
  out.store = is_postgres_url(*text) ? *text : (path.parent_path() / *text).lexically_normal().string();
  return true;
}

// [serve] listen = "127.0.0.1:8095", token = "...", max_body_bytes = 1048576.
bool read_serve(const std::filesystem::path& path, const toml::table& serve, Config& out, std::string& error) {
  if (!only_keys(path, serve, "[serve]", {"listen", "max_body_bytes", "token"}, error)) return false;
  if (const toml::node* listen = serve.get("listen")) {
    std::optional<std::string> text = listen->value_exact<std::string>();
    const std::size_t colon = text ? text->rfind(':') : std::string::npos;
    if (!text || colon == std::string::npos || colon == 0 || colon + 1 == text->size() ||
        text->find_first_not_of("0123456789", colon + 1) != std::string::npos) {
      error = fmt::format("{}: error: `listen` must be \"ADDRESS:PORT\" in quotes, e.g. listen = \"127.0.0.1:8095\" "
                          "(port 0: any free port)",
                          where(path, *listen));
      return false;
    }
    out.serve_listen = *text;
  }
  if (const toml::node* token = serve.get("token")) {
    std::optional<std::string> text = token->value_exact<std::string>();
    if (!text || text->size() < 16) {
      error = fmt::format("{}: error: `token` must be a text of at least 16 characters in quotes (the bearer token "
                          "writes must carry); or leave it out and set DOCKET_SERVE_TOKEN",
                          where(path, *token));
      return false;
    }
    out.serve_token = *text;
  }
  if (const toml::node* max = serve.get("max_body_bytes")) {
    std::optional<std::int64_t> n = max->value_exact<std::int64_t>();
    if (!n || *n < 1024 || *n > (std::int64_t{1} << 30)) {
      error = fmt::format("{}: error: `max_body_bytes` must be a whole number from 1024 to 1073741824",
                          where(path, *max));
      return false;
    }
    out.serve_max_body = static_cast<std::size_t>(*n);
  }
  return true;
}

}  // namespace

bool load_config(const std::filesystem::path& path, Config& out, std::string& error) {
  std::optional<toml::table> parsed = read_toml_file(path, "the configuration", error);
  if (!parsed) return false;
  const toml::table& root = *parsed;
  out.file = path;
  std::filesystem::path base = path.parent_path();
  if (!only_keys(path, root, "docket.toml", {"calendars", "program", "plugins", "run", "serve", "simulate", "store"},
                 error)) {
    return false;
  }
  const toml::table* program = nullptr;
  const toml::table* plugins = nullptr;
  const toml::table* run = nullptr;
  const toml::table* calendars = nullptr;
  const toml::table* simulate = nullptr;
  const toml::table* store = nullptr;
  const toml::table* serve = nullptr;
  if (!sub_table(path, root, "store", store, error) || !sub_table(path, root, "serve", serve, error)) return false;
  if (!sub_table(path, root, "program", program, error) || !sub_table(path, root, "plugins", plugins, error) ||
      !sub_table(path, root, "run", run, error) || !sub_table(path, root, "calendars", calendars, error) ||
      !sub_table(path, root, "simulate", simulate, error)) {
    return false;
  }

  if (program != nullptr) {
    if (!only_keys(path, *program, "[program]", {"files", "max_cost"}, error)) return false;
    std::vector<std::string> files;
    if (!string_list(path, *program, "files", files, error)) return false;
    for (const std::string& f : files) out.programs.push_back((base / f).lexically_normal().string());
    if (const toml::node* cost = program->get("max_cost")) {
      std::optional<std::int64_t> n = cost->value_exact<std::int64_t>();
      if (!n || *n < 1) {
        error = fmt::format("{}: error: `max_cost` must be a whole number of evaluation steps, at least 1 (the "
                            "default is {})",
                            where(path, *cost), ir::kDefaultStepBudget);
        return false;
      }
      out.max_cost = static_cast<std::uint64_t>(*n);
    }
  }
  if (plugins != nullptr) {
    if (!only_keys(path, *plugins, "[plugins]", {"call_timeout_ms", "config", "directories", "isolation", "isolation_per_plugin", "load", "sha256"}, error)) return false;
    std::vector<std::string> dirs;
    if (!string_list(path, *plugins, "directories", dirs, error)) return false;
    for (const std::string& d : dirs) out.plugin_dirs.push_back((base / d).lexically_normal());
    if (!string_list(path, *plugins, "load", out.plugins, error)) return false;
    for (const std::string& name : out.plugins) {
      if (!plain_plugin_name(name)) {
        error = fmt::format("{}: error: plugin `{}` in `load` must be a plain name such as \"site_district\" "
                            "(no folders): plugins load only from [plugins] directories",
                            where(path, *plugins->get("load")), name);
        return false;
      }
    }
    if (!read_plugin_tables(path, *plugins, out, error)) return false;
  }
  if (run != nullptr) {
    if (!only_keys(path, *run, "[run]", {"zone"}, error)) return false;
    if (const toml::node* zone = run->get("zone")) {
      std::optional<std::string> text = zone->value_exact<std::string>();
      if (!text) {
        error = fmt::format("{}: error: `zone` must be a time zone in quotes, e.g. zone = \"Asia/Shanghai\" or "
                            "zone = \"+08:00\"",
                            where(path, *zone));
        return false;
      }
      std::string why;
      if (!is_known_zone(*text, why)) {
        error = fmt::format("{}: error: [run] zone: {}", where(path, *zone), why);
        if (why.find("did you mean") == std::string::npos) error += "\n  hint: " + zone_regions_hint(*text);
        return false;
      }
      out.zone = *text;
    }
  }
  if (store != nullptr && !read_store(path, *store, out, error)) return false;
  if (serve != nullptr && !read_serve(path, *serve, out, error)) return false;
  if (calendars != nullptr) {
    if (!read_calendars(path, *calendars, out.calendars, error)) return false;
  }
  out.has_simulate = simulate != nullptr;
  if (out.plugin_dirs.empty()) out.plugin_dirs = default_plugin_dirs();
  return true;
}

PluginIsolation isolation_of(const Config& config, const std::string& plugin) {
  const auto it = config.plugin_isolation_of.find(plugin);
  return it != config.plugin_isolation_of.end() ? it->second : config.plugin_isolation;
}

std::vector<std::filesystem::path> default_plugin_dirs() {
  std::vector<std::filesystem::path> out;
  auto add = [&out](const std::filesystem::path& dir) {
    if (dir.empty()) return;
    const std::filesystem::path normal = dir.lexically_normal();
    if (std::find(out.begin(), out.end(), normal) == out.end()) out.push_back(normal);
  };
  // DOCKET_PLUGIN_PATH: folders separated by ':', searched first.
  if (const char* env = std::getenv("DOCKET_PLUGIN_PATH"); env != nullptr) {
    std::string_view rest = env;
    while (!rest.empty()) {
      const std::size_t colon = rest.find(':');
      add(std::filesystem::path(std::string(rest.substr(0, colon))));
      rest = colon == std::string_view::npos ? std::string_view() : rest.substr(colon + 1);
    }
  }
  std::error_code ec;
  const std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    add(exe.parent_path() / ".." / "plugins");                  // a build tree: <build>/tools/docket
    add(exe.parent_path() / ".." / "lib" / "docket" / "plugins");  // installed: <prefix>/bin/docket
  }
  // A host embedding the installed library: <prefix>/lib/libdocket_host.so -> <prefix>/lib/docket/plugins.
  Dl_info info{};
  if (::dladdr(reinterpret_cast<const void*>(&default_plugin_dirs), &info) != 0 && info.dli_fname != nullptr) {
    const std::filesystem::path library = std::filesystem::weakly_canonical(info.dli_fname, ec);
    if (!ec && library != std::filesystem::weakly_canonical(exe, ec)) add(library.parent_path() / "docket" / "plugins");
  }
  return out;
}

}  // namespace docket::host
