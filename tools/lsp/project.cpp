// Project: configuration, plugins and files of one program; parses kept per file; analysis.
#include "lsp/project.hpp"

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include <toml++/toml.h>

namespace docket::lsp {

namespace fs = std::filesystem;

fs::path find_config(const fs::path& file) {
  std::error_code ec;
  for (fs::path dir = file.parent_path(); !dir.empty(); dir = dir.parent_path()) {
    if (fs::is_regular_file(dir / "docket.toml", ec)) return dir / "docket.toml";
    if (dir == dir.parent_path()) break;
  }
  return {};
}

Project::Project(fs::path config, fs::path folder) : config_(std::move(config)), folder_(std::move(folder)) { load(); }

void Project::load() {
  env_ = std::make_unique<host::Workspace>();
  std::error_code ec;
  if (!config_.empty()) config_time_ = fs::last_write_time(config_, ec);
  host::load_configuration(config_.string(), host::WorkspaceOptions{}, *env_);
  files_.clear();
  if (!config_.empty()) {
    for (const std::string& f : env_->config.programs) files_.push_back(normal_path(f));
  } else {
    for (const fs::directory_entry& e : fs::directory_iterator(folder_, ec)) {
      if (e.is_regular_file(ec) && e.path().extension() == ".dkt") files_.push_back(normal_path(e.path()));
    }
    std::sort(files_.begin(), files_.end());
  }
  for (const fs::path& extra : extra_files_) {
    if (std::find(files_.begin(), files_.end(), extra) == files_.end()) files_.push_back(extra);
  }
}

bool Project::holds(const fs::path& file) const { return std::find(files_.begin(), files_.end(), file) != files_.end(); }

void Project::add_file(const fs::path& file) {
  if (holds(file)) return;
  extra_files_.push_back(file);
  files_.push_back(file);
}

void Project::reload_if_changed() {
  if (config_.empty()) return;
  std::error_code ec;
  fs::file_time_type now = fs::last_write_time(config_, ec);
  if (!ec && now != config_time_) load();
}

std::uint32_t Project::file_id(const fs::path& path) const {
  auto it = std::find(files_.begin(), files_.end(), path);
  return it == files_.end() ? 0 : static_cast<std::uint32_t>(it - files_.begin() + 1);
}

std::string Project::read_text(std::size_t i, const DocumentStore& documents) const {
  if (const Document* d = documents.find_path(files_[i])) return d->text;
  std::ifstream in(files_[i], std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

const Snapshot& Project::analyze(const DocumentStore& documents) {
  reload_if_changed();
  auto snap = std::make_unique<Snapshot>();
  std::vector<dsl::ParsedFilePtr> trees;
  for (std::size_t i = 0; i < files_.size(); ++i) {
    std::string text = read_text(i, documents);
    const std::uint32_t id = snap->sources.add(files_[i].string(), text);
    Parsed& p = parsed_[files_[i]];
    if (!p.tree || p.id != id || p.text != text) {
      if (p.tree) retired_.push_back(p.tree);
      p.tree = dsl::parse_for_analysis(snap->sources, id);
      p.id = id;
      p.text = std::move(text);
    }
    snap->syntax_errors = snap->syntax_errors || dsl::has_syntax_errors(*p.tree);
    trees.push_back(p.tree);
  }
  snap->analysis = dsl::analyze(snap->sources, trees, env_->functions);
  configuration_diagnostics(snap->analysis->module, snap->analysis->diagnostics);
  if (snapshot_) retired_.push_back(std::shared_ptr<const Snapshot>(std::move(snapshot_)));
  snapshot_ = std::move(snap);
  return *snapshot_;
}

std::unique_ptr<Snapshot> Project::analyze_with(std::uint32_t file_id, std::string text) {
  auto snap = std::make_unique<Snapshot>();
  std::vector<dsl::ParsedFilePtr> trees;
  for (std::size_t i = 0; i < files_.size(); ++i) {
    // Every other file as the last analysis read it (analyze() ran before any completion).
    const bool replaced = i + 1 == file_id;
    auto cached = parsed_.find(files_[i]);
    const bool reuse = !replaced && cached != parsed_.end() && cached->second.tree != nullptr;
    const std::uint32_t id = snap->sources.add(files_[i].string(), replaced ? text : reuse ? cached->second.text : std::string());
    trees.push_back(reuse && cached->second.id == id ? cached->second.tree : dsl::parse_for_analysis(snap->sources, id));
  }
  snap->analysis = dsl::analyze(snap->sources, trees, env_->functions);
  return snap;
}

void Project::configuration_diagnostics(const ir::Module& module, Diagnostics& diagnostics) const {
  if (!config_.empty()) host::check_calendar_names(*env_, module, diagnostics);
}

std::optional<std::pair<fs::path, std::uint32_t>> Project::calendar_definition(const std::string& name) const {
  if (config_.empty()) return std::nullopt;
  std::set<fs::path> seen;
  std::vector<fs::path> todo{config_};
  while (!todo.empty()) {
    fs::path file = normal_path(todo.back());
    todo.pop_back();
    if (!seen.insert(file).second) continue;
    toml::table root;
    try {
      root = toml::parse_file(file.string());
    } catch (const toml::parse_error&) {
      continue;  // the configuration's own problems are reported when it is loaded
    }
    const toml::table* calendars = root["calendars"].as_table();
    if (calendars == nullptr) continue;
    if (const toml::node* def = calendars->get(name); def != nullptr && def->is_table()) {
      const auto line = def->source().begin.line;
      return std::make_pair(file, line > 0 ? static_cast<std::uint32_t>(line - 1) : 0U);
    }
    if (const toml::array* include = (*calendars)["include"].as_array()) {
      for (const toml::node& n : *include) {
        if (auto path = n.value<std::string>()) todo.push_back(file.parent_path() / *path);
      }
    }
  }
  return std::nullopt;
}

}  // namespace docket::lsp
