// Reading docket.toml with TOML++, strictly: unknown tables and keys are errors with a hint.
#include "cli/config.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <set>
#include <toml++/toml.h>

namespace docket::cli {

namespace {

std::string where(const std::filesystem::path& file, const toml::node& node) {
  const toml::source_region& src = node.source();
  return fmt::format("{}:{}:{}", file.string(), src.begin.line, src.begin.column);
}

bool string_list(const std::filesystem::path& file, const toml::table& table, std::string_view key,
                 std::vector<std::string>& out, std::string& error) {
  const toml::node* node = table.get(key);
  if (node == nullptr) return true;
  const toml::array* array = node->as_array();
  if (array == nullptr) {
    error = fmt::format("{}: error: `{}` must be a list of texts, e.g. {} = [\"a\", \"b\"]", where(file, *node), key, key);
    return false;
  }
  for (const toml::node& item : *array) {
    auto text = item.value<std::string>();
    if (!text) {
      error = fmt::format("{}: error: every entry of `{}` must be a text in quotes", where(file, item), key);
      return false;
    }
    out.push_back(*text);
  }
  return true;
}

bool only_keys(const std::filesystem::path& file, const toml::table& table, std::string_view name,
               const std::set<std::string, std::less<>>& allowed, std::string& error) {
  for (const auto& [key, node] : table) {
    (void)node;
    if (allowed.count(key.str()) == 0) {
      std::string list;
      for (const std::string& a : allowed) list += (list.empty() ? "" : ", ") + a;
      const toml::source_region& src = key.source();
      error = fmt::format("{}:{}:{}: error: unknown key `{}` in {}; known keys: {}", file.string(), src.begin.line,
                          src.begin.column, key.str(), name, list);
      return false;
    }
  }
  return true;
}

}  // namespace

bool load_config(const std::filesystem::path& path, Config& out, std::string& error) {
  toml::table root;
  try {
    root = toml::parse_file(path.string());
  } catch (const toml::parse_error& e) {
    const toml::source_region& src = e.source();
    if (src.begin.line == 0) {
      error = fmt::format("{}: error: cannot read the configuration: {}", path.string(), e.description());
    } else {
      error = fmt::format("{}:{}:{}: error: {}", path.string(), src.begin.line, src.begin.column, e.description());
    }
    return false;
  }
  out.file = path;
  std::filesystem::path base = path.parent_path();
  if (!only_keys(path, root, "docket.toml", {"program", "plugins", "run"}, error)) return false;

  if (const toml::table* program = root["program"].as_table()) {
    if (!only_keys(path, *program, "[program]", {"files"}, error)) return false;
    std::vector<std::string> files;
    if (!string_list(path, *program, "files", files, error)) return false;
    for (const std::string& f : files) out.programs.push_back((base / f).lexically_normal().string());
  }
  if (const toml::table* plugins = root["plugins"].as_table()) {
    if (!only_keys(path, *plugins, "[plugins]", {"directories", "load"}, error)) return false;
    std::vector<std::string> dirs;
    if (!string_list(path, *plugins, "directories", dirs, error)) return false;
    for (const std::string& d : dirs) out.plugin_dirs.push_back((base / d).lexically_normal());
    if (!string_list(path, *plugins, "load", out.plugins, error)) return false;
  }
  if (const toml::table* run = root["run"].as_table()) {
    if (!only_keys(path, *run, "[run]", {"zone"}, error)) return false;
    if (auto zone = (*run)["zone"].value<std::string>()) out.zone = *zone;
  }
  if (out.plugin_dirs.empty()) out.plugin_dirs = default_plugin_dirs();
  return true;
}

std::vector<std::filesystem::path> default_plugin_dirs() {
  std::error_code ec;
  std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) return {};
  std::filesystem::path dir = exe.parent_path();
  return {(dir / ".." / "plugins").lexically_normal(), (dir / ".." / "lib" / "docket" / "plugins").lexically_normal()};
}

}  // namespace docket::cli
