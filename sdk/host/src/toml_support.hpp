// Shared by the TOML readers: where a node is (file:line:column), and lists of texts with their nodes.
#pragma once

#include <fmt/format.h>

#include <array>
#include <filesystem>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <toml++/toml.h>

#include "docket/core/clock.hpp"

#include <cstdint>
#include <fstream>
#include <map>
#include <optional>

namespace docket::host {

// The largest TOML file docket reads (docket.toml, calendar files, simulation profiles): they are
// a few kilobytes; this bounds the memory a wrong path (a log file, /dev/zero) can take.
inline constexpr std::uintmax_t kMaxTomlBytes = std::uintmax_t{4} << 20;

// Reads and parses `path`, which must be a regular file of at most kMaxTomlBytes. `what` names it
// in messages ("the configuration", "calendar file"); `at` is where it was named, if anywhere
// ("docket.toml:3:12"). Returns nullopt with `error` as "file:line:column: error: ..." otherwise.
inline std::optional<toml::table> read_toml_file(const std::filesystem::path& path, std::string_view what,
                                                 std::string& error, const std::string& at = {}) {
  const std::string prefix = at.empty() ? path.string() : at;
  std::error_code ec;
  const std::filesystem::file_status st = std::filesystem::status(path, ec);
  if (ec || !std::filesystem::exists(st)) {
    error = fmt::format("{}: error: cannot read {} `{}`: no such file\n  hint: check the path (relative paths start "
                        "at the folder of the file that names them)",
                        prefix, what, path.string());
    return std::nullopt;
  }
  if (!std::filesystem::is_regular_file(st)) {
    error = fmt::format("{}: error: {} `{}` is {}, not a file\n  hint: name a .toml file", prefix, what, path.string(),
                        std::filesystem::is_directory(st) ? "a directory" : "a device or other special file");
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  std::string text;
  // In pieces, up to one byte past the limit: a buffer of the limit's size would touch 4 MiB of fresh
  // memory (a thousand page faults, milliseconds) for every few-kilobyte file.
  std::array<char, 16384> piece;
  while (in && text.size() <= kMaxTomlBytes) {
    in.read(piece.data(), static_cast<std::streamsize>(piece.size()));
    text.append(piece.data(), static_cast<std::size_t>(in.gcount()));
  }
  if (!in && !in.eof()) {
    error = fmt::format("{}: error: cannot read {} `{}`", prefix, what, path.string());
    return std::nullopt;
  }
  if (text.size() > kMaxTomlBytes) {
    error = fmt::format("{}: error: {} `{}` is larger than {} MiB\n  hint: is this the right file? TOML files of "
                        "docket are a few kilobytes",
                        prefix, what, path.string(), kMaxTomlBytes >> 20);
    return std::nullopt;
  }
  try {
    return toml::parse(text, path.string());
  } catch (const toml::parse_error& e) {
    const toml::source_region& src = e.source();
    error = src.begin.line == 0
                ? fmt::format("{}: error: cannot read {}: {}", prefix, what, e.description())
                : fmt::format("{}:{}:{}: error: {}", path.string(), src.begin.line, src.begin.column, e.description());
    return std::nullopt;
  }
}

inline std::string where(const std::filesystem::path& file, const toml::node& node) {
  const toml::source_region& src = node.source();
  return fmt::format("{}:{}:{}", file.string(), src.begin.line, src.begin.column);
}

// `key = ["a", "b"]` in `table` (absent: nothing added). Each text comes with its node, so a later
// check can point at the entry. False, with `error`, when it is not a list of texts.
inline bool text_list(const std::filesystem::path& file, const toml::table& table, std::string_view key,
                      std::vector<std::pair<std::string, const toml::node*>>& out, std::string& error) {
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
    out.emplace_back(*text, &item);
  }
  return true;
}

// More help for a zone nothing is close to: `Mars/Olympus` has no region `Mars`, so list the regions
// (the first part of the machine's zone names that hold many zones).
inline std::string zone_regions_hint(std::string_view zone) {
  const std::size_t slash = zone.find('/');
  if (slash == std::string_view::npos) return "use an IANA name such as Asia/Shanghai, or an offset such as +08:00";
  std::map<std::string, int, std::less<>> regions;
  for (const std::string& name : known_zone_names()) {
    const std::size_t s = name.find('/');
    if (s != std::string::npos) ++regions[name.substr(0, s)];
  }
  if (regions.count(zone.substr(0, slash)) != 0) return "the name after the region is the zone's main city, e.g. Asia/Shanghai";
  std::string list;
  for (const auto& [region, count] : regions) {
    if (count >= 5) list += (list.empty() ? "" : ", ") + region;
  }
  return fmt::format("there is no region `{}`: {} (e.g. Asia/Shanghai), or an offset such as +08:00",
                     zone.substr(0, slash), list);
}

// `key` of `table` as a table (nullptr when absent); false, with `error`, when it is something else.
inline bool sub_table(const std::filesystem::path& file, const toml::table& table, std::string_view key,
                      const toml::table*& out, std::string& error) {
  out = nullptr;
  const toml::node* node = table.get(key);
  if (node == nullptr) return true;
  out = node->as_table();
  if (out != nullptr) return true;
  error = fmt::format("{}: error: `{}` must be a table, written [{}] on a line of its own with its keys below it",
                      where(file, *node), key, key);
  return false;
}

// Every key of `table` (called `name` in messages, e.g. "[program]") is one of `allowed`;
// otherwise false, with `error` pointing at the key and listing the known ones.
inline bool only_keys(const std::filesystem::path& file, const toml::table& table, std::string_view name,
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

}  // namespace docket::host
