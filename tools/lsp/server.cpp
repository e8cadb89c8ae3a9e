// Server: the message loop, the lifecycle, documents and programs, and dispatch to the features.
#include "lsp/server.hpp"

#include <fmt/format.h>

#include <chrono>
#include <cstdlib>
#include <ostream>

#include "lsp/features.hpp"
#include "lsp/uri.hpp"

namespace docket::lsp {

namespace {

const json& member(const json& object, const char* key) {
  static const json none;
  return object.is_object() && object.contains(key) ? object[key] : none;
}

std::string text_document_uri(const json& params) {
  const json& uri = member(member(params, "textDocument"), "uri");
  if (!uri.is_string()) throw RequestError(kInvalidParams, "`textDocument.uri` must be a string");
  return uri.get<std::string>();
}

json capabilities(Encoding encoding) {
  return {
      {"positionEncoding", encoding == Encoding::utf8 ? "utf-8" : "utf-16"},
      {"textDocumentSync", {{"openClose", true}, {"change", 2}, {"save", {{"includeText", false}}}}},
      {"hoverProvider", true},
      {"definitionProvider", true},
      {"referencesProvider", true},
      {"documentSymbolProvider", true},
      {"documentFormattingProvider", true},
      {"renameProvider", {{"prepareProvider", true}}},
      {"completionProvider", {{"triggerCharacters", {".", "\""}}, {"resolveProvider", false}}},
  };
}

}  // namespace

int Server::run() {
  std::string body;
  std::string error;
  for (;;) {
    Transport::Read r = transport_.read(body, error);
    if (r == Transport::Read::end) {
      if (!error.empty()) log("stopping: " + error);
      return 1;  // the client went away without `exit`
    }
    if (r == Transport::Read::bad_frame) {
      log("skipped a message: " + error);
      respond_error(nullptr, kParseError, "bad message header: " + error);
      continue;
    }
    handle(body);
    if (exit_) return shutdown_ ? 0 : 1;
    // Edits already waiting are applied before analysing: one analysis for a burst of keystrokes.
    if (transport_.pending()) continue;
    analyze_dirty();
  }
}

void Server::handle(const std::string& body) {
  json message = json::parse(body, nullptr, false);
  if (message.is_discarded()) {
    respond_error(nullptr, kParseError, "the message is not JSON");
    return;
  }
  if (!message.is_object() || member(message, "jsonrpc") != "2.0" || !member(message, "method").is_string()) {
    if (message.is_object() && message.contains("id") && !message.contains("method")) return;  // a response to us
    respond_error(member(message, "id"), kInvalidRequest, "a JSON-RPC 2.0 request or notification needs `jsonrpc` and `method`");
    return;
  }
  const std::string method = message["method"].get<std::string>();
  const json& params = member(message, "params");
  if (message.contains("id")) {
    const json& id = message["id"];
    if (!id.is_number_integer() && !id.is_string()) {
      respond_error(nullptr, kInvalidRequest, "a request's `id` must be a number or a string");
      return;
    }
    request(id, method, params);
  } else {
    notification(method, params);
  }
}

void Server::request(const json& id, const std::string& method, const json& params) {
  if (!initialized_ && method != "initialize") {
    respond_error(id, kServerNotInitialized, "the server is not initialized: send `initialize` first");
    return;
  }
  if (shutdown_) {
    respond_error(id, kInvalidRequest, "the server is shutting down: only `exit` is accepted");
    return;
  }
  try {
    respond(id, answer(method, params));
  } catch (const RequestError& e) {
    respond_error(id, e.code(), e.what());
  } catch (const std::exception& e) {
    log(method + " failed: " + e.what());
    respond_error(id, kInternalError, std::string("docket lsp: internal error: ") + e.what());
  }
}

json Server::answer(const std::string& method, const json& params) {
  if (method == "initialize") return initialize(params);
  if (method == "shutdown") {
    shutdown_ = true;
    return nullptr;
  }
  if (method == "textDocument/formatting") {
    const std::string uri = text_document_uri(params);
    const Document* d = documents_.find(uri);
    if (d == nullptr) throw RequestError(kInvalidParams, "format a document that is open: " + uri);
    std::string note;
    json edits = formatting(*d, encoding_, note);
    if (!note.empty()) notify("window/logMessage", {{"type", 3}, {"message", note}});
    return edits;
  }
  const bool known = method == "textDocument/hover" || method == "textDocument/definition" ||
                     method == "textDocument/references" || method == "textDocument/documentSymbol" ||
                     method == "textDocument/prepareRename" || method == "textDocument/rename" ||
                     method == "textDocument/completion";
  if (!known) throw RequestError(kMethodNotFound, "docket lsp does not offer `" + method + "`");
  Target t = target(params);
  if (t.file == 0 || t.project->snapshot() == nullptr) return nullptr;
  const View view(*t.project, *t.project->snapshot(), encoding_);
  if (method == "textDocument/documentSymbol") return document_symbols(view, t.file);
  const std::uint32_t offset = view.offset(t.file, position_param(member(params, "position")));
  if (method == "textDocument/hover") return hover(view, t.file, offset);
  if (method == "textDocument/definition") return definition(view, t.file, offset);
  if (method == "textDocument/references") {
    const json& include = member(member(params, "context"), "includeDeclaration");
    return references(view, t.file, offset, include.is_boolean() && include.get<bool>());
  }
  if (method == "textDocument/prepareRename") return prepare_rename(view, t.file, offset);
  if (method == "textDocument/rename") {
    const json& name = member(params, "newName");
    if (!name.is_string()) throw RequestError(kInvalidParams, "`newName` must be a string");
    return rename(view, t.file, offset, name.get<std::string>());
  }
  if (t.document == nullptr) throw RequestError(kInvalidParams, "complete in a document that is open");
  return completion(*t.project, view, *t.document, t.file, offset);
}

json Server::initialize(const json& params) {
  if (initialized_) throw RequestError(kInvalidRequest, "`initialize` was already sent");
  initialized_ = true;
  const json& encodings = member(member(member(params, "capabilities"), "general"), "positionEncodings");
  if (encodings.is_array()) {
    for (const json& e : encodings) {
      if (e == "utf-8") encoding_ = Encoding::utf8;
    }
  }
  return {{"capabilities", capabilities(encoding_)},
          {"serverInfo", {{"name", "docket lsp"}, {"version", DOCKET_VERSION}}}};
}

void Server::notification(const std::string& method, const json& params) {
  if (method == "exit") {
    exit_ = true;
    return;
  }
  if (!initialized_ || shutdown_) return;  // dropped, as the protocol says
  try {
    if (method == "textDocument/didOpen") {
      did_open(params);
    } else if (method == "textDocument/didChange") {
      did_change(params);
    } else if (method == "textDocument/didClose") {
      did_close(params);
    } else if (method == "textDocument/didSave" || method == "workspace/didChangeWatchedFiles") {
      for (const auto& p : projects_) dirty_.insert(p.get());  // files on disk may have changed
    }
    // initialized, $/cancelRequest, $/setTrace and other notifications need nothing.
  } catch (const RequestError& e) {
    log(method + ": " + e.what());
  }
}

void Server::did_open(const json& params) {
  const json& doc = member(params, "textDocument");
  const json& uri = member(doc, "uri");
  const json& text = member(doc, "text");
  const json& version = member(doc, "version");
  if (!uri.is_string() || !text.is_string() || !version.is_number_integer()) {
    throw RequestError(kInvalidParams, "didOpen needs `textDocument` with `uri`, `text` and `version`");
  }
  std::optional<std::filesystem::path> path = uri_to_path(uri.get<std::string>());
  if (!path) {
    log("ignored a document that is not a file: " + uri.get<std::string>());
    return;
  }
  const std::filesystem::path file = normal_path(*path);
  documents_.open(uri.get<std::string>(), file, version.get<std::int64_t>(), text.get<std::string>());
  if (file.extension() != ".dkt") return;  // kept for formatting requests, but not a program file
  dirty_.insert(&project_for(file));
}

void Server::did_change(const json& params) {
  const std::string uri = text_document_uri(params);
  const json& version = member(member(params, "textDocument"), "version");
  std::string error;
  if (!documents_.change(uri, version.is_number_integer() ? version.get<std::int64_t>() : 0,
                         member(params, "contentChanges"), encoding_, error)) {
    log("ignored a change: " + error);
    return;
  }
  const std::filesystem::path& file = documents_.find(uri)->path;
  if (file.extension() == ".dkt") dirty_.insert(&project_for(file));
}

void Server::did_close(const json& params) {
  const std::string uri = text_document_uri(params);
  const Document* d = documents_.find(uri);
  if (d == nullptr) return;
  if (d->path.extension() == ".dkt") dirty_.insert(&project_for(d->path));  // now read from disk
  documents_.close(uri);
}

Project& Server::project_for(const std::filesystem::path& file) {
  for (const auto& p : projects_) {
    if (p->holds(file)) return *p;
  }
  const std::filesystem::path config = find_config(file);
  for (const auto& p : projects_) {
    const bool same = config.empty() ? p->config().empty() && p->folder() == file.parent_path()
                                     : p->config() == normal_path(config);
    if (same) {
      p->add_file(file);
      return *p;
    }
  }
  auto project = std::make_unique<Project>(config.empty() ? config : normal_path(config), file.parent_path());
  for (const std::string& problem : project->problems()) log(problem);
  project->add_file(file);
  projects_.push_back(std::move(project));
  return *projects_.back();
}

Server::Target Server::target(const json& params) {
  const std::string uri = text_document_uri(params);
  Target t;
  t.document = documents_.find(uri);
  std::optional<std::filesystem::path> path = uri_to_path(uri);
  if (!path) throw RequestError(kInvalidParams, "not a file URI: " + uri);
  const std::filesystem::path file = normal_path(*path);
  if (file.extension() != ".dkt") return t;  // no program file: nothing to answer
  t.project = &project_for(file);
  if (dirty_.count(t.project) != 0 || t.project->snapshot() == nullptr) analyze(*t.project);
  t.file = t.project->file_id(file);
  return t;
}

void Server::analyze(Project& project) {
  dirty_.erase(&project);
  const auto started = std::chrono::steady_clock::now();
  const Snapshot& snap = project.analyze(documents_);
  const auto analysed = std::chrono::steady_clock::now();
  const View view(project, snap, encoding_);
  std::set<std::string>& before = published_[&project];
  std::set<std::string> now;
  std::set<std::string> sent;
  for (auto& [uri, diagnostics] : diagnostics_by_uri(view)) {
    // An open document always hears back (an empty list says it was checked); other files only
    // when they have something to show or to clear.
    if (diagnostics.empty() && before.count(uri) == 0 && documents_.find(uri) == nullptr) continue;
    json params = {{"uri", uri}, {"diagnostics", std::move(diagnostics)}};
    if (const Document* d = documents_.find(uri)) params["version"] = d->version;
    if (!params["diagnostics"].empty()) now.insert(uri);
    sent.insert(uri);
    notify("textDocument/publishDiagnostics", std::move(params));
  }
  for (const std::string& uri : before) {
    // A file that left the program: clear what it showed.
    if (sent.count(uri) == 0) notify("textDocument/publishDiagnostics", {{"uri", uri}, {"diagnostics", json::array()}});
  }
  before = std::move(now);
  if (timing_) {
    const auto published = std::chrono::steady_clock::now();
    using Ms = std::chrono::duration<double, std::milli>;
    log(fmt::format("analysed {} files in {:.1f} ms, diagnostics out {:.1f} ms later", snap.sources.size(),
                    Ms(analysed - started).count(), Ms(published - analysed).count()));
  }
  reaper_.free_later(project.take_retired());
}

void Server::analyze_dirty() {
  while (!dirty_.empty()) analyze(**dirty_.begin());
}

void Server::send(const json& message) {
  if (!transport_.write(message.dump(-1, ' ', false, json::error_handler_t::replace))) {
    log("the output is closed");
  }
}

void Server::respond(const json& id, json result) {
  send({{"jsonrpc", "2.0"}, {"id", id}, {"result", std::move(result)}});
}

void Server::respond_error(const json& id, int code, const std::string& message) {
  send({{"jsonrpc", "2.0"}, {"id", id}, {"error", {{"code", code}, {"message", message}}}});
}

void Server::notify(const std::string& method, json params) {
  send({{"jsonrpc", "2.0"}, {"method", method}, {"params", std::move(params)}});
}

void Server::log(const std::string& message) { log_ << "docket lsp: " << message << std::endl; }

}  // namespace docket::lsp
