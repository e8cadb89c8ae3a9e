// The language server: the JSON-RPC loop, the lifecycle (initialize … shutdown, exit) and the
// dispatch of each method to its feature.
//
// One thread answers (a second only frees old analyses). After each message the server reads every message already waiting before it
// analyses, so a burst of keystrokes costs one analysis, and a request is answered from an
// analysis of the text as it stands.
#pragma once

#include <filesystem>
#include <iosfwd>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "lsp/document_store.hpp"
#include "lsp/project.hpp"
#include "lsp/protocol.hpp"
#include "lsp/reaper.hpp"
#include "lsp/transport.hpp"

namespace docket::lsp {

class Server {
 public:
  // With `timing`, every analysis logs how long it took (DOCKET_LSP_TIMING=1 for `docket lsp`).
  Server(Transport& transport, std::ostream& log, bool timing = false)
      : transport_(transport), log_(log), timing_(timing) {}
  // Serves until `exit` (0 after `shutdown`, else 1) or the end of the input (1).
  int run();

 private:
  void handle(const std::string& body);
  void request(const json& id, const std::string& method, const json& params);
  void notification(const std::string& method, const json& params);
  json answer(const std::string& method, const json& params);
  json initialize(const json& params);

  void did_open(const json& params);
  void did_change(const json& params);
  void did_close(const json& params);

  // The program a file belongs to (made on first use), and that file's id in it.
  Project& project_for(const std::filesystem::path& file);
  struct Target {
    Project* project = nullptr;
    const Document* document = nullptr;  // null when the file is not open
    std::uint32_t file = 0;
  };
  // The document a request names (`textDocument.uri`), its program analysed as it stands.
  Target target(const json& params);
  void analyze(Project& project);
  void analyze_dirty();

  void send(const json& message);
  void respond(const json& id, json result);
  void respond_error(const json& id, int code, const std::string& message);
  void notify(const std::string& method, json params);
  void log(const std::string& message);

  Transport& transport_;
  std::ostream& log_;
  DocumentStore documents_;
  std::vector<std::unique_ptr<Project>> projects_;
  std::set<Project*> dirty_;
  std::map<const Project*, std::set<std::string>> published_;  // URIs given diagnostics, per program
  Encoding encoding_ = Encoding::utf16;
  bool initialized_ = false;
  bool shutdown_ = false;
  bool exit_ = false;
  bool timing_ = false;
  Reaper reaper_;  // last: destroyed first, freeing retired analyses before the projects go
};

}  // namespace docket::lsp
