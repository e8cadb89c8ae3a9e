// Program versions from the command line: the sources a workspace compiled, and compiling a stored version again.
#pragma once

#include <memory>
#include <vector>

#include "docket/host/workspace.hpp"
#include "docket/core/program.hpp"
#include "docket/core/store.hpp"

namespace docket::host {

// The workspace's .dkt files as a program version: each named relative to the folder of docket.toml
// (or to the working folder without one), so that the version does not depend on where docket runs.
[[nodiscard]] ProgramSource program_source(const WorkspaceOptions& options, const Workspace& ws);

// Compiles program versions kept in a store with the workspace's plugins, as the engine needs them
// (Engine::use_program_loader). Keeps each version's sources alive as long as it lives.
class VersionLoader {
 public:
  explicit VersionLoader(const Workspace& ws) : ws_(ws) {}
  // EngineError with the compiler's first messages when the version no longer compiles (a plugin
  // function it calls is gone, say).
  std::shared_ptr<const Program> operator()(const ProgramVersion& version);

 private:
  const Workspace& ws_;
  std::vector<std::unique_ptr<SourceSet>> sources_;
};

}  // namespace docket::host
