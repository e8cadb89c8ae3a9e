// Shared by the TOML readers: where a node is (file:line:column), and lists of texts with their nodes.
#pragma once

#include <fmt/format.h>

#include <filesystem>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <toml++/toml.h>

namespace docket::cli {

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

}  // namespace docket::cli
