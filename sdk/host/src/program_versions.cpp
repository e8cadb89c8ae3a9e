// Program versions from the command line: naming a workspace's files stably, and compiling stored versions.
#include "docket/host/program_versions.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <sstream>

#include "docket/core/engine.hpp"
#include "docket/dsl/compile.hpp"

namespace docket::host {

namespace fs = std::filesystem;

ProgramSource program_source(const WorkspaceOptions& options, const Workspace& ws) {
  std::error_code ec;
  const fs::path base = fs::weakly_canonical(
      ws.config.file.empty() ? fs::current_path(ec) : fs::absolute(ws.config.file, ec).parent_path(), ec);
  (void)options;
  ProgramSource out;
  for (std::uint32_t id = 1; id <= ws.sources.size(); ++id) {
    const SourceFile& f = ws.sources.file(id);
    const fs::path path = fs::weakly_canonical(fs::absolute(f.name(), ec), ec);
    fs::path name = path.lexically_relative(base);
    if (name.empty() || name.native().starts_with("..")) name = path.filename();
    out.files.push_back({name.generic_string(), f.text()});
  }
  return out;
}

std::shared_ptr<const Program> VersionLoader::operator()(const ProgramVersion& version) {
  std::string error;
  std::optional<ProgramSource> source = ProgramSource::from_json(version.sources, error);
  if (!source) throw EngineError(fmt::format("program version {} in the store: {}", version.version, error));
  auto set = std::make_unique<SourceSet>();
  for (const ProgramSource::File& f : source->files) set->add(f.name, f.text);
  Diagnostics diagnostics;
  std::optional<ir::Module> module = dsl::compile(*set, ws_.functions, diagnostics);
  std::shared_ptr<const Program> program;
  if (module) program = Program::lower(std::move(*module), ws_.functions, diagnostics, *source, LowerOptions{ws_.step_budget});
  if (program == nullptr || diagnostics.has_errors()) {
    std::ostringstream first;
    std::size_t shown = 0;
    for (const Diagnostic& d : diagnostics.all()) {
      if (d.severity != Severity::error || shown++ == 3) continue;
      first << "\n  " << d.message;
    }
    throw EngineError(fmt::format("program version {} in the store no longer compiles with this configuration's "
                                  "plugins:{}",
                                  version.version, first.str()));
  }
  sources_.push_back(std::move(set));
  return program;
}

}  // namespace docket::host
