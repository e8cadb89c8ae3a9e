// Shared by the language-server tests: a started and initialised `docket lsp`, example files, and
// positions counted the way LSP counts them (UTF-16 code units), independently of the server's code.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "lsp_client.hpp"

namespace docket::testing {

inline std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

inline std::string file_uri(const std::filesystem::path& p) { return "file://" + p.generic_string(); }

inline std::filesystem::path example(const std::string& name) {
  return std::filesystem::path(DOCKET_EXAMPLES) / "95598" / name;
}

// The LSP position (UTF-16) of byte offset `at` of `text`.
inline json cursor_at(const std::string& text, std::size_t at) {
  std::uint32_t line = 0;
  std::uint32_t character = 0;
  for (std::size_t i = 0; i < at; ++i) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c == '\n') {
      ++line;
      character = 0;
    } else if ((c & 0xC0) != 0x80) {
      character += c >= 0xF0 ? 2 : 1;
    }
  }
  return {{"line", line}, {"character", character}};
}

// The LSP position (UTF-16) of the `nth` occurrence of `needle` in `text`, plus `delta` bytes.
inline json position_of(const std::string& text, const std::string& needle, int nth = 0, std::size_t delta = 0) {
  std::size_t at = text.find(needle);
  for (int i = 0; i < nth && at != std::string::npos; ++i) at = text.find(needle, at + 1);
  if (at == std::string::npos) throw std::runtime_error("`" + needle + "` is not in the text");
  return cursor_at(text, at + delta);
}

// A `docket lsp` started and initialised, for one test.
class LspTest : public ::testing::Test {
 protected:
  void SetUp() override {
    client_ = std::make_unique<LspClient>(DOCKET_BIN, std::vector<std::string>{"lsp"});
    json init = client().call("initialize", {{"processId", ::getpid()},
                                             {"rootUri", file_uri(example(""))},
                                             {"capabilities", json::object()}});
    ASSERT_TRUE(init.contains("result")) << init.dump();
    capabilities_ = init["result"]["capabilities"];
    client().notify("initialized", json::object());
  }
  void TearDown() override {
    if (client_ == nullptr) return;
    if (!stopped_) {
      json r = client().call("shutdown", nullptr);
      EXPECT_TRUE(r.contains("result")) << r.dump();
      client().notify("exit", nullptr);
      EXPECT_EQ(client().wait_exit(), 0) << client().stderr_text();
    }
    client_.reset();
  }

  LspClient& client() { return *client_; }

  // Opens `path` with `text` (default: its text on disk) and returns the first diagnostics for it.
  json open(const std::filesystem::path& path, const std::string& text, std::int64_t version = 1) {
    client().notify("textDocument/didOpen",
                    {{"textDocument", {{"uri", file_uri(path)}, {"languageId", "docket"}, {"version", version}, {"text", text}}}});
    return client().diagnostics(file_uri(path), version);
  }
  json open(const std::filesystem::path& path) { return open(path, read_file(path)); }

  // A request about a position of a document: {textDocument, position} plus `extra`.
  json at(const std::filesystem::path& path, const json& position, json extra = json::object()) {
    extra["textDocument"] = {{"uri", file_uri(path)}};
    extra["position"] = position;
    return extra;
  }

  json capabilities_;
  bool stopped_ = false;

 private:
  std::unique_ptr<LspClient> client_;
};

// The labels of a completion answer.
inline std::vector<std::string> labels(const json& response) {
  std::vector<std::string> out;
  const json& result = response.at("result");
  const json& items = result.is_array() ? result : result.at("items");
  for (const json& i : items) out.push_back(i.at("label").get<std::string>());
  return out;
}

inline bool has(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

}  // namespace docket::testing
