// The documents the client has open: their text as typed (not as saved), versions and edits.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "lsp/position.hpp"

namespace docket::lsp {

struct Document {
  std::string uri;
  std::filesystem::path path;  // normalised, to match program files
  std::int64_t version = 0;
  std::string text;
};

class DocumentStore {
 public:
  // didOpen. Replaces a document of the same URI.
  Document& open(const std::string& uri, const std::filesystem::path& path, std::int64_t version, std::string text);
  // didChange: applies `changes` in order (each with a `range`: incremental; without: the whole
  // text). Returns false with `error` set when a change is malformed (the document is then left as
  // it was before this notification).
  bool change(const std::string& uri, std::int64_t version, const nlohmann::json& changes, Encoding encoding,
              std::string& error);
  void close(const std::string& uri);
  [[nodiscard]] const Document* find(const std::string& uri) const;
  [[nodiscard]] const Document* find_path(const std::filesystem::path& path) const;
  [[nodiscard]] const std::map<std::string, Document>& all() const { return documents_; }

 private:
  std::map<std::string, Document> documents_;  // by URI
};

// Applies one content change to `text` (see DocumentStore::change).
bool apply_change(std::string& text, const nlohmann::json& change, Encoding encoding, std::string& error);

// A normalised absolute path, so that a document and a program file name the same file alike.
std::filesystem::path normal_path(const std::filesystem::path& p);

}  // namespace docket::lsp
