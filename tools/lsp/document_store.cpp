// DocumentStore: open documents, full and incremental edits.
#include "lsp/document_store.hpp"

namespace docket::lsp {

std::filesystem::path normal_path(const std::filesystem::path& p) {
  std::error_code ec;
  std::filesystem::path out = std::filesystem::weakly_canonical(std::filesystem::absolute(p, ec), ec);
  return ec ? p.lexically_normal() : out;
}

bool apply_change(std::string& text, const nlohmann::json& change, Encoding encoding, std::string& error) {
  if (!change.is_object() || !change.contains("text") || !change["text"].is_string()) {
    error = "a content change needs a `text` string";
    return false;
  }
  const std::string& replacement = change["text"].get_ref<const std::string&>();
  if (!change.contains("range")) {
    text = replacement;
    return true;
  }
  const nlohmann::json& range = change["range"];
  auto position = [&](const char* key, Position& out) {
    if (!range.is_object() || !range.contains(key) || !range[key].is_object()) return false;
    const nlohmann::json& p = range[key];
    if (!p.contains("line") || !p.contains("character") || !p["line"].is_number_unsigned() ||
        !p["character"].is_number_unsigned()) {
      return false;
    }
    out.line = p["line"].get<std::uint32_t>();
    out.character = p["character"].get<std::uint32_t>();
    return true;
  };
  Position start;
  Position end;
  if (!position("start", start) || !position("end", end)) {
    error = "a content change's `range` needs `start` and `end` positions of unsigned `line` and `character`";
    return false;
  }
  LineIndex lines(text);
  const std::uint32_t from = lines.offset(start, encoding);
  const std::uint32_t to = lines.offset(end, encoding);
  if (to < from) {
    error = "a content change's range ends before it starts";
    return false;
  }
  text.replace(from, to - from, replacement);
  return true;
}

Document& DocumentStore::open(const std::string& uri, const std::filesystem::path& path, std::int64_t version,
                              std::string text) {
  Document& d = documents_[uri];
  d.uri = uri;
  d.path = path;
  d.version = version;
  d.text = std::move(text);
  return d;
}

bool DocumentStore::change(const std::string& uri, std::int64_t version, const nlohmann::json& changes,
                           Encoding encoding, std::string& error) {
  auto it = documents_.find(uri);
  if (it == documents_.end()) {
    error = "a change to a document that is not open: " + uri;
    return false;
  }
  if (!changes.is_array()) {
    error = "`contentChanges` must be an array";
    return false;
  }
  std::string text = it->second.text;
  for (const nlohmann::json& c : changes) {
    if (!apply_change(text, c, encoding, error)) return false;
  }
  it->second.text = std::move(text);
  it->second.version = version;
  return true;
}

void DocumentStore::close(const std::string& uri) { documents_.erase(uri); }

const Document* DocumentStore::find(const std::string& uri) const {
  auto it = documents_.find(uri);
  return it == documents_.end() ? nullptr : &it->second;
}

const Document* DocumentStore::find_path(const std::filesystem::path& path) const {
  for (const auto& [uri, d] : documents_) {
    if (d.path == path) return &d;
  }
  return nullptr;
}

}  // namespace docket::lsp
