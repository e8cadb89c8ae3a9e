// docket::load_plugin: check the file, dlopen it, check its entry and ABI, init, commit (or hand it to a helper).
#include <dlfcn.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "docket/core/plugin_host.hpp"
#include "plugin/abi_v1.hpp"
#include "plugin/library_record.hpp"
#include "plugin/loader.hpp"
#include "plugin/plugin_file.hpp"

namespace docket {
namespace plugin {
namespace {

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
  if (d->struct_size < descriptor_prefix_size) {
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
  if (d->struct_size < descriptor_v1_0_size) {
    return Refusal{"its plugin descriptor is " + std::to_string(d->struct_size) + " bytes, smaller than the " +
                       std::to_string(descriptor_v1_0_size) + " bytes of ABI 1.0",
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
  bind_host_services(record);
  return std::nullopt;
}

// Runs init against `registry`; on success the record holds what it registered.
std::optional<Refusal> run_init(LibraryRecord& record, const FunctionRegistry& registry, const ConfigValues& config) {
  InitSession session;
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

}  // namespace

std::optional<Refusal> open_library(const std::string& path, const std::string& dlopen_path, int keep_fd,
                                    const ConfigValues& config, const FunctionRegistry& taken,
                                    LibraryRecord*& record) {
  record = nullptr;
  auto close_fd = [&] {
    if (keep_fd >= 0) ::close(keep_fd);
  };
  ::dlerror();
  void* handle = ::dlopen(dlopen_path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) {
    close_fd();
    const char* why = ::dlerror();
    return Refusal{why != nullptr ? why : "dlopen failed",
                   "check that the file exists, is readable and is a shared library built for this machine, and "
                   "that the libraries it needs are found (ldd " + path + ")"};
  }
  record = find_library(handle);
  if (record == nullptr) {
    auto fresh = std::make_unique<LibraryRecord>();
    if (auto refusal = check_entry(handle, *fresh)) {
      ::dlclose(handle);  // init was never called, so unloading is safe (and then the name is free)
      close_fd();
      return refusal;
    }
    // A library opened as /proc/self/fd/N is known to the dynamic loader by that name: N stays
    // open for as long as the library is loaded (for ever), so that no later file gets number N
    // and, opened by the same name, is taken for this library.
    fresh->descriptor_fd = keep_fd;
    library_table().push_back(std::move(fresh));
    record = library_table().back().get();
  } else {
    close_fd();  // loaded before (under its own name): this descriptor names nothing
  }
  // A library whose init already succeeded is not initialised again: what it registered goes
  // into these registries too. Otherwise (first load, or an earlier init failed) init runs now.
  if (!record->active) return run_init(*record, taken, config);
  return std::nullopt;
}

void abandon_library(LibraryRecord& record) noexcept {
  if (!record.active && record.descriptor->deinit != nullptr) record.descriptor->deinit();
}

void activate_library(LibraryRecord& record) noexcept { record.active = true; }

Binder in_process_binder() {
  return Binder{&make_plugin_function, &make_plugin_action, &make_plugin_calendar, &make_plugin_event_sink};
}

std::optional<Refusal> commit_registrations(const Registrations& r, const std::string& path,
                                            const PluginTargets& targets, const Binder& binder) {
  FunctionRegistry& registry = *targets.functions;
  const std::string fix = "remove one of the two from the configuration, or rename it in the plugin";
  for (const StagedFunction& fn : r.functions) {
    if (const Function* taken = registry.find(fn.name)) {
      return Refusal{"function '" + fn.name + "' is already registered by '" + taken->signature.origin + "'", fix};
    }
  }
  for (const StagedAction& action : r.actions) {
    if (const ActionEntry* taken = registry.find_action(action.name)) {
      return Refusal{"action '" + action.name + "' is already registered by '" + taken->signature.origin + "'", fix};
    }
  }
  if (targets.calendars != nullptr) {
    for (const StagedCalendar& calendar : r.calendars) {
      if (const CalendarProvider* taken = targets.calendars->find(calendar.name)) {
        return Refusal{"calendar '" + calendar.name + "' is already registered by '" + taken->origin + "'", fix};
      }
    }
  }
  if (targets.event_sinks != nullptr) {
    const std::vector<std::string> sinks = targets.event_sinks->names();
    for (const StagedEventSink& sink : r.event_sinks) {
      if (std::find(sinks.begin(), sinks.end(), sink.name) != sinks.end()) {
        return Refusal{"event sink '" + sink.name + "' is already registered", fix};
      }
    }
  }
  for (const StagedFunction& fn : r.functions) registry.add(signature_of(fn, path), binder.function(fn));
  for (const StagedAction& action : r.actions) registry.add_action(signature_of(action, path), binder.action(action));
  if (targets.calendars != nullptr) {
    for (const StagedCalendar& c : r.calendars) targets.calendars->add(binder.calendar(c, path));
  }
  if (targets.event_sinks != nullptr) {
    for (const StagedEventSink& s : r.event_sinks) targets.event_sinks->add(binder.event_sink(s, path));
  }
  return std::nullopt;
}

std::string describe_plugin(const std::string& path, const std::string& name, const std::string& version) {
  std::string out = "cannot load plugin '" + path + "'";
  if (!name.empty()) out += " (" + name + (version.empty() ? "" : " " + version) + ")";
  return out;
}

}  // namespace plugin

std::optional<LoadedPlugin> load_plugin(const PluginRequest& request, const PluginTargets& targets,
                                        std::string& error) {
  error.clear();
  const std::string& path = request.path;
  auto refuse = [&](const plugin::LibraryRecord* record, const plugin::Refusal& r) {
    error = plugin::describe_plugin(path, record != nullptr ? record->name : "", record != nullptr ? record->version : "") +
            ": " + r.reason + ". Fix: " + r.fix + ".";
    return std::nullopt;
  };
  if (targets.functions == nullptr) return refuse(nullptr, {"no function registry was given", "pass one"});
  if (request.isolation.mode == PluginIsolation::process) return plugin::load_isolated(request, targets, error);

  std::lock_guard<std::mutex> lock(plugin::load_mutex());
  plugin::PluginFile file;
  if (auto refusal = file.open(request, false)) return refuse(nullptr, *refusal);
  const std::string dlopen_path = file.dlopen_path();
  plugin::LibraryRecord* record = nullptr;
  if (auto refusal = plugin::open_library(path, dlopen_path, file.release(), request.config, *targets.functions, record)) {
    return refuse(record, *refusal);
  }
  if (auto refusal = plugin::commit_registrations(record->registered, path, targets, plugin::in_process_binder())) {
    plugin::abandon_library(*record);
    return refuse(record, *refusal);
  }
  plugin::activate_library(*record);
  return LoadedPlugin{path, record->name, record->version, record->abi_major, record->abi_minor, file.sha256(), false};
}

std::optional<LoadedPlugin> load_plugin(const std::string& path, FunctionRegistry& registry, std::string& error) {
  PluginRequest request;
  request.path = path;
  return load_plugin(request, PluginTargets{&registry, nullptr, nullptr}, error);
}

}  // namespace docket
