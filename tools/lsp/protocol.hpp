// LSP's JSON shapes made from docket's positions, and the error a request can answer with.
#pragma once

#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

#include "lsp/position.hpp"
#include "lsp/project.hpp"

namespace docket::lsp {

using json = nlohmann::json;

// JSON-RPC and LSP error codes.
inline constexpr int kParseError = -32700;
inline constexpr int kInvalidRequest = -32600;
inline constexpr int kMethodNotFound = -32601;
inline constexpr int kInvalidParams = -32602;
inline constexpr int kInternalError = -32603;
inline constexpr int kServerNotInitialized = -32002;
inline constexpr int kRequestFailed = -32803;

// Thrown by a feature to answer its request with an error.
class RequestError : public std::runtime_error {
 public:
  RequestError(int code, const std::string& message) : std::runtime_error(message), code_(code) {}
  [[nodiscard]] int code() const { return code_; }

 private:
  int code_;
};

// One analysed program, as the features read it: positions to and from LSP's, URIs.
class View {
 public:
  View(const Project& project, const Snapshot& snapshot, Encoding encoding)
      : project_(project), snapshot_(snapshot), encoding_(encoding) {}

  [[nodiscard]] const Project& project() const { return project_; }
  [[nodiscard]] const Snapshot& snapshot() const { return snapshot_; }
  [[nodiscard]] const dsl::SymbolIndex& index() const { return snapshot_.analysis->index; }
  [[nodiscard]] const SourceSet& sources() const { return snapshot_.sources; }
  [[nodiscard]] Encoding encoding() const { return encoding_; }

  [[nodiscard]] std::string uri(std::uint32_t file) const;
  [[nodiscard]] json position(std::uint32_t file, std::uint32_t offset) const;
  [[nodiscard]] json range(SourceRange r) const;
  [[nodiscard]] json location(SourceRange r) const;  // {uri, range}
  [[nodiscard]] std::uint32_t offset(std::uint32_t file, Position p) const;
  [[nodiscard]] std::string_view text(SourceRange r) const;

 private:
  const LineIndex& lines(std::uint32_t file) const;
  const Project& project_;
  const Snapshot& snapshot_;
  Encoding encoding_;
  mutable std::map<std::uint32_t, LineIndex> lines_;
};

// `{"line": L, "character": C}` as a Position (a bad one is an InvalidParams error).
Position position_param(const json& p);

}  // namespace docket::lsp
