// `docket deploy` and `docket migrate`: program versions in a store, and moving running instances to another.
#include <fmt/format.h>

#include <algorithm>
#include <iostream>
#include <map>

#include "cli/commands.hpp"
#include "docket/host/program_versions.hpp"
#include "docket/host/store_open.hpp"
#include "docket/core/engine.hpp"

namespace docket::cli {

namespace {

std::string files_of(const ProgramVersion& v) {
  std::string error;
  std::optional<ProgramSource> source = ProgramSource::from_json(v.sources, error);
  if (!source) return v.hash.empty() ? "(kept before versions: runs on the program given)" : "(unreadable sources)";
  std::string out;
  for (const ProgramSource::File& f : source->files) out += (out.empty() ? "" : ", ") + f.name;
  return out;
}

}  // namespace

int run_deploy(const DeployOptions& options) {
  try {
    if (options.list) {
      std::unique_ptr<Store> store = host::open_store(options.store, true);
      std::map<std::uint32_t, std::size_t> open;
      for (const StoredInstance& i : store->instances()) open[i.version] += i.open ? 1 : 0;
      for (const ProgramVersion& v : store->versions()) {
        std::cout << fmt::format("version {}  sha256 {}  deployed {}  {} open instance(s)  {}\n", v.version,
                                 v.hash.empty() ? std::string("-") : v.hash.substr(0, 12), format_instant(v.deployed, "UTC"),
                                 open[v.version], files_of(v));
      }
      return kExitOk;
    }
    Workspace ws;
    if (!load_workspace(options.workspace, ws)) {
      print_diagnostics(ws, false);
      return kExitProblems;
    }
    std::unique_ptr<Store> store = host::open_store(options.store);
    const std::size_t before = store->versions().size();
    const std::uint32_t number =
        store->deploy({0, ws.program->hash(), ws.program->source().to_json(), SystemClock().now()});
    std::cout << fmt::format("{} program version {} (sha256 {}): {}\n",
                             store->versions().size() > before ? "deployed" : "already deployed as", number,
                             ws.program->hash().substr(0, 12), files_of(store->versions()[number - 1]));
  } catch (const StoreError& e) {
    std::cerr << "error: " << e.what() << "\n";
    return kExitProblems;
  }
  return kExitOk;
}

int run_migrate(const MigrateOptions& options) {
  Workspace ws;
  if (!load_workspace(options.workspace, ws)) {
    print_diagnostics(ws, false);
    return kExitProblems;
  }
  try {
    std::unique_ptr<Store> store = host::open_existing_store(options.store);
    SystemClock clock;
    host::VersionLoader loader(ws);
    Engine engine(ws.program, clock);  // deploys the configuration's program when it is new
    engine.use_calendars(ws.calendars);
    engine.use_program_loader([&loader](const ProgramVersion& v) { return loader(v); });
    engine.use_store(*store);
    const std::uint32_t to = options.to != 0 ? options.to : engine.program_version();
    const std::vector<ProgramVersion> known = store->versions();
    if (std::none_of(known.begin(), known.end(), [to](const ProgramVersion& v) { return v.version == to; })) {
      std::cerr << fmt::format("error: store {} has no program version {} (`docket deploy --store {} --list` shows them)\n",
                               options.store, to, options.store);
      return kExitProblems;
    }
    int refused = 0;
    for (InstanceId id : options.instances) {
      try {
        const std::uint32_t from = engine.status(id).version;
        engine.migrate(id, to);
        std::cout << fmt::format("instance {}: moved from program version {} to {}\n", id, from, to);
      } catch (const EngineError& e) {
        std::cerr << fmt::format("error: {}\n", e.what());
        ++refused;
      }
    }
    return refused == 0 ? kExitOk : kExitProblems;
  } catch (const StoreError& e) {
    std::cerr << "error: " << e.what() << "\n";
    return kExitProblems;
  } catch (const EngineError& e) {
    std::cerr << "error: " << e.what() << "\n";
    return kExitProblems;
  }
}

}  // namespace docket::cli
