// docket::load_plugin: dlopen a plugin, check its entry and ABI, run its init, commit its functions.
#include <dlfcn.h>

#include <cstring>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "docket/core/plugin_host.hpp"
#include "plugin/abi_v1.hpp"
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

// Runs init against `registry`; on success the record holds the functions it registered.
std::optional<Refusal> run_init(LibraryRecord& record, const FunctionRegistry& registry) {
  plugin::InitSession session;
  session.registry = &registry;
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
  record.functions = std::move(session.staged);
  return std::nullopt;
}

// Adds the record's functions to `registry`, all or none.
std::optional<Refusal> commit(const LibraryRecord& record, const std::string& path, FunctionRegistry& registry) {
  for (const plugin::StagedFunction& fn : record.functions) {
    if (const Function* taken = registry.find(fn.name)) {
      return Refusal{"function '" + fn.name + "' is already registered by '" + taken->signature.origin + "'",
                     "remove one of the two from the configuration, or rename the function in the plugin"};
    }
  }
  for (const plugin::StagedFunction& fn : record.functions) {
    registry.add(plugin::signature_of(fn, path), plugin::make_plugin_function(fn));
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

}  // namespace

std::optional<LoadedPlugin> load_plugin(const std::string& path, FunctionRegistry& registry, std::string& error) {
  std::lock_guard<std::mutex> lock(load_mutex());
  error.clear();
  auto refuse = [&](const LibraryRecord* record, const Refusal& r) {
    error = describe(path, record) + ": " + r.reason + ". Fix: " + r.fix + ".";
    return std::nullopt;
  };

  ::dlerror();
  void* handle = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
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

  // A library whose init already succeeded is not initialised again: its functions go into
  // this registry too. Otherwise (first load, or an earlier init failed) init runs now.
  if (!record->active) {
    if (auto refusal = run_init(*record, registry)) return refuse(record, *refusal);
  }
  if (auto refusal = commit(*record, path, registry)) {
    if (!record->active && record->descriptor->deinit != nullptr) record->descriptor->deinit();
    return refuse(record, *refusal);
  }
  record->active = true;
  return LoadedPlugin{path, record->name, record->version, record->abi_major, record->abi_minor};
}

}  // namespace docket
