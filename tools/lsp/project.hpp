// A program as the language server sees it: a docket.toml (or a folder of .dkt files), its plugins
// and calendars, its files (open documents as typed, the others as saved), and their analysis.
//
// Each file's parse is kept while its text is unchanged, so an edit re-parses one file and
// re-checks the program: the checker needs every file (names are resolved across modules).
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "docket/host/workspace.hpp"
#include "docket/dsl/analysis.hpp"
#include "lsp/document_store.hpp"

namespace docket::lsp {

// One analysis of the whole program, and the texts it was made from.
struct Snapshot {
  SourceSet sources;                          // file i + 1 is Project::files()[i]
  std::unique_ptr<dsl::Analysis> analysis;
  bool syntax_errors = false;                 // some file does not parse (rename refuses then)
};

class Project {
 public:
  // `config`: a docket.toml, or empty for a folder without one (`folder`: its .dkt files).
  Project(std::filesystem::path config, std::filesystem::path folder);

  [[nodiscard]] const std::filesystem::path& config() const { return config_; }
  [[nodiscard]] const std::filesystem::path& folder() const { return folder_; }
  [[nodiscard]] const std::vector<std::filesystem::path>& files() const { return files_; }
  [[nodiscard]] const host::Workspace& environment() const { return *env_; }
  // Configuration and plugin problems (no .dkt position), to show on docket.toml.
  [[nodiscard]] const std::vector<std::string>& problems() const { return env_->problems; }
  [[nodiscard]] bool holds(const std::filesystem::path& file) const;
  // Adds a file that the configuration does not list yet (a new file the analyst is writing).
  void add_file(const std::filesystem::path& file);

  // Re-reads docket.toml (and reloads the plugins) when it changed on disk since the last load.
  void reload_if_changed();
  // Analyses the program as it stands (open documents as typed). Reuses the parse of every file
  // whose text did not change.
  const Snapshot& analyze(const DocumentStore& documents);
  // The last analysis (analyze() first).
  [[nodiscard]] const Snapshot* snapshot() const { return snapshot_.get(); }
  // The analysis and parses the last analyze() replaced, for the caller to free once the new
  // diagnostics are out (tearing down a large program's trees takes a while; see Reaper).
  std::vector<std::shared_ptr<const void>> take_retired() { return std::move(retired_); }
  // An analysis with file `file_id`'s text replaced (completion's trial text); the stored
  // snapshot and parses stay as they were.
  std::unique_ptr<Snapshot> analyze_with(std::uint32_t file_id, std::string text);

  // The file id of `path` in snapshots (1-based), or 0.
  [[nodiscard]] std::uint32_t file_id(const std::filesystem::path& path) const;
  // Where [calendars.NAME] is written: the TOML file and 0-based line, when found.
  [[nodiscard]] std::optional<std::pair<std::filesystem::path, std::uint32_t>> calendar_definition(
      const std::string& name) const;
  // Diagnostics about the configuration that need the analysed module (D0525 calendars).
  void configuration_diagnostics(const ir::Module& module, Diagnostics& diagnostics) const;

 private:
  void load();
  std::string read_text(std::size_t i, const DocumentStore& documents) const;

  std::filesystem::path config_;
  std::filesystem::path folder_;
  std::filesystem::file_time_type config_time_{};
  std::unique_ptr<host::Workspace> env_;
  std::vector<std::filesystem::path> files_;
  std::vector<std::filesystem::path> extra_files_;  // added by add_file
  struct Parsed {
    std::uint32_t id = 0;  // the file id it was parsed under (positions and diagnostics carry it)
    std::string text;
    dsl::ParsedFilePtr tree;
  };
  std::map<std::filesystem::path, Parsed> parsed_;  // kept between analyses
  std::unique_ptr<Snapshot> snapshot_;
  std::vector<std::shared_ptr<const void>> retired_;  // replaced snapshot and parses, freed later
};

// The docket.toml that governs `file`: beside it or in a parent folder; empty when none.
std::filesystem::path find_config(const std::filesystem::path& file);

}  // namespace docket::lsp
