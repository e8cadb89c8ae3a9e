// The host services table a plugin gets at init: logging, function registration, init errors.
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>

#include "plugin/abi_v1.hpp"
#include "plugin/library_record.hpp"

namespace docket::plugin {
namespace {

LibraryRecord& library_of(const docket_host_services* host) noexcept {
  return *reinterpret_cast<const HostBinding*>(host)->library;
}

const char* level_name(docket_log_level level) noexcept {
  switch (level) {
    case DOCKET_LOG_DEBUG: return "debug";
    case DOCKET_LOG_INFO: return "info";
    case DOCKET_LOG_WARN: return "warning";
    default: return "error";
  }
}

void write_log(const LibraryRecord& lib, docket_log_level level, const char* message) noexcept {
  try {
    std::string line = "[plugin " + lib.name + "] " + level_name(level) + ": " +
                       (message != nullptr ? message : "") + "\n";
    std::fputs(line.c_str(), stderr);
  } catch (...) {
    std::fputs("[plugin] (log message lost: out of memory)\n", stderr);
  }
}

void host_log(const docket_host_services* host, docket_log_level level, const char* message) noexcept {
  if (host == nullptr) return;
  write_log(library_of(host), level, message);
}

bool is_identifier(std::string_view s) noexcept {
  if (s.empty()) return false;
  auto alpha = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; };
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  if (!alpha(s.front())) return false;
  for (char c : s) {
    if (!alpha(c) && !digit(c)) return false;
  }
  return true;
}

// "site.district": two or more identifiers joined by dots.
bool is_dotted_name(std::string_view name) noexcept {
  std::size_t segments = 0;
  while (true) {
    const std::size_t dot = name.find('.');
    if (!is_identifier(name.substr(0, dot))) return false;
    ++segments;
    if (dot == std::string_view::npos) break;
    name.remove_prefix(dot + 1);
  }
  return segments >= 2;
}

// Checks a definition and copies it; returns the refusal when the host cannot accept it.
std::optional<Refusal> stage(const docket_function_def& def, const LibraryRecord& lib, InitSession& session) {
  if (def.struct_size < function_def_v1_0_size) {
    return Refusal{"it registers a function whose docket_function_def is " + std::to_string(def.struct_size) +
                       " bytes, smaller than the " + std::to_string(function_def_v1_0_size) + " bytes of ABI 1.0",
                   "set struct_size to sizeof(docket_function_def) and rebuild against docket/plugin.h"};
  }
  const std::string name = def.name != nullptr ? std::string(def.name, ::strnlen(def.name, 256)) : std::string();
  if (!is_dotted_name(name)) {
    return Refusal{"it registers a function named '" + name + "', which is not a dotted name",
                   "name plugin functions namespace.function, e.g. 'site.district' (letters, digits, _)"};
  }
  if (def.call == nullptr) {
    return Refusal{"function '" + name + "' has no call pointer", "set docket_function_def.call"};
  }
  if (def.param_count > max_plugin_params || (def.param_count > 0 && def.param_types == nullptr)) {
    return Refusal{"function '" + name + "' declares " + std::to_string(def.param_count) +
                       " parameters without a valid param_types array (at most " +
                       std::to_string(max_plugin_params) + ")",
                   "point param_types at param_count type codes"};
  }
  StagedFunction fn;
  fn.name = name;
  fn.plugin_name = lib.name;
  for (std::size_t i = 0; i < def.param_count; ++i) {
    if (!type_from_abi(def.param_types[i])) {
      return Refusal{"function '" + name + "' parameter " + std::to_string(i + 1) + " has " +
                         abi_type_name(def.param_types[i]) + ", which this engine does not know",
                     "use DOCKET_TYPE_BOOL, _INT, _NUMBER or _TEXT, or a newer engine"};
    }
    fn.params.push_back(def.param_types[i]);
  }
  if (!type_from_abi(def.result_type)) {
    return Refusal{"function '" + name + "' returns " + abi_type_name(def.result_type) +
                       ", which this engine does not know",
                   "use DOCKET_TYPE_BOOL, _INT, _NUMBER or _TEXT, or a newer engine"};
  }
  for (const StagedFunction& other : session.staged) {
    if (other.name == name) {
      return Refusal{"it registers function '" + name + "' twice", "register each function name once"};
    }
  }
  if (const Function* taken = session.registry->find(name)) {
    return Refusal{"function '" + name + "' is already registered by " +
                       (taken->signature.origin == "builtin" ? std::string("the engine (builtin)")
                                                             : "'" + taken->signature.origin + "'"),
                   "remove one of the two from the configuration, or rename the function in the plugin"};
  }
  fn.result = def.result_type;
  fn.call = def.call;
  fn.user_data = def.user_data;
  session.staged.push_back(std::move(fn));
  return std::nullopt;
}

docket_status host_register_function(const docket_host_services* host, const docket_function_def* def) noexcept {
  if (host == nullptr) return DOCKET_ERROR;
  LibraryRecord& lib = library_of(host);
  if (lib.session == nullptr) {
    write_log(lib, DOCKET_LOG_ERROR, "register_function called outside init; ignored");
    return DOCKET_ERROR;
  }
  InitSession& session = *lib.session;
  try {
    std::optional<Refusal> refusal =
        def != nullptr ? stage(*def, lib, session)
                       : Refusal{"it registers a function with a NULL definition", "pass a docket_function_def"};
    if (!refusal) return DOCKET_OK;
    if (!session.registration_refused) session.registration_refused = std::move(refusal);
  } catch (...) {
    if (!session.registration_refused) session.registration_refused = Refusal{"the host ran out of memory", "retry"};
  }
  return DOCKET_ERROR;
}

void host_set_error(const docket_host_services* host, const char* message) noexcept {
  if (host == nullptr) return;
  LibraryRecord& lib = library_of(host);
  if (lib.session == nullptr) {
    write_log(lib, DOCKET_LOG_ERROR, message);  // outside init: keep the message at least
    return;
  }
  try {
    lib.session->init_error = message != nullptr ? message : "";
  } catch (...) {
    lib.session->init_error.emplace();
  }
}

}  // namespace

void bind_host_services(LibraryRecord& record) noexcept {
  record.binding.services.struct_size = sizeof(docket_host_services);
  record.binding.services.abi_major = DOCKET_PLUGIN_ABI_MAJOR;
  record.binding.services.abi_minor = DOCKET_PLUGIN_ABI_MINOR;
  record.binding.services.log = &host_log;
  record.binding.services.register_function = &host_register_function;
  record.binding.services.set_error = &host_set_error;
  record.binding.library = &record;
}

}  // namespace docket::plugin
