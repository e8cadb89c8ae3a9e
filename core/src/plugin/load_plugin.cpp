// docket::load_plugin: check where a plugin lies and its hash, dlopen it, check its entry and ABI, init, commit.
#include <dlfcn.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "docket/core/plugin_host.hpp"
#include "plugin/abi_v1.hpp"
#include "plugin/file_sha256.hpp"
#include "plugin/library_record.hpp"

namespace docket {
namespace {

using plugin::LibraryRecord;
using plugin::Refusal;

// Loads are serialised; the libraries ever initialised are kept here, never destroyed.
std::mutex& load_mutex() {
  static std::mutex m;
  return m;
}

std::vector<std::unique_ptr<LibraryRecord>>& library_table() {
  static auto* table = new std::vector<std::unique_ptr<LibraryRecord>>();  // never destroyed
  return *table;
}

LibraryRecord* find_library(void* handle) {
  for (auto& record : library_table()) {
    if (record->handle == handle) return record.get();
  }
  return nullptr;
}

std::string bounded(const char* s) {
  return s != nullptr ? std::string(s, ::strnlen(s, 256)) : std::string();
}

std::string version_text(unsigned major, unsigned minor) {
  return std::to_string(major) + "." + std::to_string(minor);
}

// Reads the entry symbol and checks the descriptor; fills `record` or returns the refusal.
std::optional<Refusal> check_entry(void* handle, LibraryRecord& record) {
  void* symbol = ::dlsym(handle, DOCKET_PLUGIN_ENTRY_SYMBOL);
  if (symbol == nullptr) {
    return Refusal{"it does not export the entry symbol '" DOCKET_PLUGIN_ENTRY_SYMBOL "', so it is not a docket plugin",
                   "define docket_plugin_entry() with DOCKET_PLUGIN_EXPORT (see docket/plugin.h) and build the "
                   "plugin with docket_add_plugin()"};
  }
  auto entry = reinterpret_cast<docket_plugin_entry_fn>(symbol);
  const docket_plugin_descriptor* d = entry();
  if (d == nullptr) {
    return Refusal{"its docket_plugin_entry() returned NULL", "return a pointer to a static docket_plugin_descriptor"};
  }
  if (d->struct_size < plugin::descriptor_prefix_size) {
    return Refusal{"its plugin descriptor claims " + std::to_string(d->struct_size) +
                       " bytes, too small to hold even the ABI version",
                   "set struct_size to sizeof(docket_plugin_descriptor) and rebuild against docket/plugin.h"};
  }
  const std::string host_abi = version_text(DOCKET_PLUGIN_ABI_MAJOR, DOCKET_PLUGIN_ABI_MINOR);
  if (d->abi_major != DOCKET_PLUGIN_ABI_MAJOR) {
    return Refusal{"it was built for docket plugin ABI " + version_text(d->abi_major, d->abi_minor) +
                       ", but this engine speaks ABI " + std::to_string(DOCKET_PLUGIN_ABI_MAJOR) + ".x (" + host_abi +
                       ")",
                   "rebuild the plugin against the docket/plugin.h shipped with this engine (ABI " + host_abi + ")"};
  }
  if (d->struct_size < plugin::descriptor_v1_0_size) {
    return Refusal{"its plugin descriptor is " + std::to_string(d->struct_size) + " bytes, smaller than the " +
                       std::to_string(plugin::descriptor_v1_0_size) + " bytes of ABI 1.0",
                   "set struct_size to sizeof(docket_plugin_descriptor) and rebuild against docket/plugin.h"};
  }
  if (d->init == nullptr) {
    return Refusal{"its descriptor has no init function", "set docket_plugin_descriptor.init; it is required"};
  }
  if (d->name == nullptr || d->name[0] == '\0') {
    return Refusal{"its descriptor has no name", "set docket_plugin_descriptor.name, e.g. \"site_district\""};
  }
  record.handle = handle;
  record.descriptor = d;
  record.name = bounded(d->name);
  record.version = bounded(d->version);
  record.abi_major = d->abi_major;
  record.abi_minor = d->abi_minor;
  plugin::bind_host_services(record);
  return std::nullopt;
}

// Runs init against `registry`; on success the record holds what it registered.
std::optional<Refusal> run_init(LibraryRecord& record, const FunctionRegistry& registry,
                                const std::map<std::string, Value, std::less<>>& config) {
  plugin::InitSession session;
  session.registry = &registry;
  session.config = &config;
  record.session = &session;
  const docket_status status = record.descriptor->init(&record.binding.services);
  record.session = nullptr;

  if (session.registration_refused) {
    if (status == DOCKET_OK && record.descriptor->deinit != nullptr) record.descriptor->deinit();
    return std::move(session.registration_refused);
  }
  if (status != DOCKET_OK || session.init_error) {
    std::string said = session.init_error.value_or("");
    if (said.empty()) said = "no reason given";
    // A plugin that reported an error but returned DOCKET_OK still initialised itself.
    if (status == DOCKET_OK && record.descriptor->deinit != nullptr) record.descriptor->deinit();
    return Refusal{"its init failed: " + said,
                   "correct what the plugin reports, or remove it from the configuration; the engine carries on "
                   "without it"};
  }
  record.registered = std::move(session.staged);
  return std::nullopt;
}

// Adds the record's registrations to the targets, all or none.
std::optional<Refusal> commit(const LibraryRecord& record, const std::string& path, const PluginTargets& targets) {
  const plugin::Registrations& r = record.registered;
  FunctionRegistry& registry = *targets.functions;
  const std::string fix = "remove one of the two from the configuration, or rename it in the plugin";
  for (const plugin::StagedFunction& fn : r.functions) {
    if (const Function* taken = registry.find(fn.name)) {
      return Refusal{"function '" + fn.name + "' is already registered by '" + taken->signature.origin + "'", fix};
    }
  }
  for (const plugin::StagedAction& action : r.actions) {
    if (const ActionEntry* taken = registry.find_action(action.name)) {
      return Refusal{"action '" + action.name + "' is already registered by '" + taken->signature.origin + "'", fix};
    }
  }
  if (targets.calendars != nullptr) {
    for (const plugin::StagedCalendar& calendar : r.calendars) {
      if (const CalendarProvider* taken = targets.calendars->find(calendar.name)) {
        return Refusal{"calendar '" + calendar.name + "' is already registered by '" + taken->origin + "'", fix};
      }
    }
  }
  if (targets.event_sinks != nullptr) {
    const std::vector<std::string> sinks = targets.event_sinks->names();
    for (const plugin::StagedEventSink& sink : r.event_sinks) {
      if (std::find(sinks.begin(), sinks.end(), sink.name) != sinks.end()) {
        return Refusal{"event sink '" + sink.name + "' is already registered", fix};
      }
    }
  }
  for (const plugin::StagedFunction& fn : r.functions) {
    registry.add(plugin::signature_of(fn, path), plugin::make_plugin_function(fn));
  }
  for (const plugin::StagedAction& action : r.actions) {
    registry.add_action(plugin::signature_of(action, path), plugin::make_plugin_action(action));
  }
  if (targets.calendars != nullptr) {
    for (const plugin::StagedCalendar& c : r.calendars) targets.calendars->add(plugin::make_plugin_calendar(c, path));
  }
  if (targets.event_sinks != nullptr) {
    for (const plugin::StagedEventSink& s : r.event_sinks) {
      targets.event_sinks->add(plugin::make_plugin_event_sink(s, path));
    }
  }
  return std::nullopt;
}

std::string describe(const std::string& path, const LibraryRecord* record) {
  std::string out = "cannot load plugin '" + path + "'";
  if (record != nullptr && !record->name.empty()) {
    out += " (" + record->name + (record->version.empty() ? "" : " " + record->version) + ")";
  }
  return out;
}

// A file that is about to be opened: where it lies, and (when pinned) an open descriptor whose
// bytes were hashed, so that the bytes loaded are the bytes checked.
struct OpenedFile {
  std::string dlopen_path;
  int fd = -1;
  std::string sha256;
  ~OpenedFile() {
    if (fd >= 0) ::close(fd);
  }
};

bool inside(const std::filesystem::path& file, const std::filesystem::path& dir) {
  const std::filesystem::path rel = file.lexically_relative(dir);
  return !rel.empty() && *rel.begin() != ".." && *rel.begin() != ".";
}

// Checks the allowed directories and the pin; fills `out` or returns the refusal.
std::optional<Refusal> check_file(const PluginRequest& request, OpenedFile& out) {
  const std::string& path = request.path;
  // dlopen searches LD_LIBRARY_PATH and the system folders for a name without a slash.
  out.dlopen_path = path.find('/') == std::string::npos ? "./" + path : path;
  if (!request.allowed_directories.empty()) {
    std::error_code ec;
    const std::filesystem::path real = std::filesystem::canonical(path, ec);
    if (ec) {
      return Refusal{"cannot resolve it: " + ec.message(),
                     "check that the file exists and is readable (ls -l " + path + ")"};
    }
    bool allowed = false;
    std::string dirs;
    for (const std::filesystem::path& dir : request.allowed_directories) {
      dirs += (dirs.empty() ? "" : ", ") + dir.string();
      const std::filesystem::path real_dir = std::filesystem::canonical(dir, ec);
      if (!ec && inside(real, real_dir)) allowed = true;
    }
    if (!allowed) {
      return Refusal{"it lies outside the plugin directories (" + real.string() + " is not inside " +
                         (dirs.empty() ? std::string("any") : dirs) + ")",
                     "move the plugin into a configured directory, or add its folder to [plugins] directories "
                     "in docket.toml"};
    }
    out.dlopen_path = real.string();
  }
  if (!request.sha256) return std::nullopt;
  std::string want = *request.sha256;
  for (char& c : want) {
    if (c >= 'A' && c <= 'F') c = static_cast<char>(c - 'A' + 'a');
  }
  if (want.size() != 64 || want.find_first_not_of("0123456789abcdef") != std::string::npos) {
    return Refusal{"its sha256 pin '" + *request.sha256 + "' is not 64 hex digits",
                   "write the pin as printed by `sha256sum " + path + "`"};
  }
  out.fd = ::open(out.dlopen_path.c_str(), O_RDONLY | O_CLOEXEC);
  if (out.fd < 0) {
    return Refusal{std::string("cannot open it: ") + std::strerror(errno),
                   "check that the file exists and is readable (ls -l " + path + ")"};
  }
  std::string error;
  auto got = plugin::fd_sha256(out.fd, error);
  if (!got) return Refusal{"cannot hash it: " + error, "check that the file is readable"};
  if (*got != want) {
    return Refusal{"its sha256 is " + *got + ", but docket.toml pins " + want,
                   "if this build of the plugin is the one you trust, update the pin with `sha256sum " + path +
                       "`; otherwise restore the file"};
  }
  out.sha256 = *got;
  // dlopen the very file that was hashed, not whatever the path names by now.
  out.dlopen_path = "/proc/self/fd/" + std::to_string(out.fd);
  return std::nullopt;
}

}  // namespace

std::optional<LoadedPlugin> load_plugin(const PluginRequest& request, const PluginTargets& targets,
                                        std::string& error) {
  std::lock_guard<std::mutex> lock(load_mutex());
  error.clear();
  const std::string& path = request.path;
  auto refuse = [&](const LibraryRecord* record, const Refusal& r) {
    error = describe(path, record) + ": " + r.reason + ". Fix: " + r.fix + ".";
    return std::nullopt;
  };
  if (targets.functions == nullptr) return refuse(nullptr, {"no function registry was given", "pass one"});

  OpenedFile file;
  if (auto refusal = check_file(request, file)) return refuse(nullptr, *refusal);

  ::dlerror();
  void* handle = ::dlopen(file.dlopen_path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) {
    const char* why = ::dlerror();
    return refuse(nullptr, {why != nullptr ? why : "dlopen failed",
                            "check that the file exists, is readable and is a shared library built for this "
                            "machine, and that the libraries it needs are found (ldd " + path + ")"});
  }

  LibraryRecord* record = find_library(handle);
  if (record == nullptr) {
    auto fresh = std::make_unique<LibraryRecord>();
    if (auto refusal = check_entry(handle, *fresh)) {
      ::dlclose(handle);  // init was never called, so unloading is safe
      return refuse(nullptr, *refusal);
    }
    library_table().push_back(std::move(fresh));
    record = library_table().back().get();
  }

  // A library whose init already succeeded is not initialised again: what it registered goes
  // into these registries too. Otherwise (first load, or an earlier init failed) init runs now.
  if (!record->active) {
    if (auto refusal = run_init(*record, *targets.functions, request.config)) return refuse(record, *refusal);
  }
  if (auto refusal = commit(*record, path, targets)) {
    if (!record->active && record->descriptor->deinit != nullptr) record->descriptor->deinit();
    return refuse(record, *refusal);
  }
  record->active = true;
  return LoadedPlugin{path, record->name, record->version, record->abi_major, record->abi_minor, file.sha256};
}

std::optional<LoadedPlugin> load_plugin(const std::string& path, FunctionRegistry& registry, std::string& error) {
  PluginRequest request;
  request.path = path;
  return load_plugin(request, PluginTargets{&registry, nullptr, nullptr}, error);
}

}  // namespace docket
