// Checking and copying what a plugin registers during init: functions, actions, calendars, sinks.
#include <cstring>
#include <string>
#include <string_view>

#include "plugin/abi_v1.hpp"
#include "plugin/library_record.hpp"

namespace docket::plugin {
namespace {

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

// "cn-workdays": letters, digits, '_', '.', '-'.
bool is_calendar_name(std::string_view name) noexcept {
  if (name.empty()) return false;
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
                    c == '.' || c == '-';
    if (!ok) return false;
  }
  return true;
}

std::string bounded(const char* s) { return s != nullptr ? std::string(s, ::strnlen(s, 256)) : std::string(); }

std::string too_small(std::string_view what, std::size_t got, std::size_t need, std::string_view minor) {
  return "it registers " + std::string(what) + " whose struct_size is " + std::to_string(got) +
         " bytes, smaller than the " + std::to_string(need) + " bytes of ABI " + std::string(minor);
}

std::string fix_size(std::string_view type) {
  return "set struct_size to sizeof(" + std::string(type) + ") and rebuild against docket/plugin.h";
}

CallPolicy policy_for(std::string what, const LibraryRecord& lib, docket_flags flags, std::uint32_t timeout_ms,
                      void* user_data) {
  CallPolicy p;
  p.what = std::move(what);
  p.plugin_name = lib.name;
  p.flags = flags & known_flags;
  p.timeout_ms = timeout_ms;
  p.user_data = user_data;
  p.host = &lib.binding.services;
  finish_policy(p);
  return p;
}

// Parameter codes: at most max_plugin_params, each a type this host knows.
std::optional<Refusal> copy_params(const std::string& what, const docket_type* types, std::size_t count,
                                   std::vector<docket_type>& out) {
  if (count > max_plugin_params || (count > 0 && types == nullptr)) {
    return Refusal{what + " declares " + std::to_string(count) +
                       " parameters without a valid param_types array (at most " + std::to_string(max_plugin_params) +
                       ")",
                   "point param_types at param_count type codes"};
  }
  for (std::size_t i = 0; i < count; ++i) {
    if (!type_from_abi(types[i])) {
      return Refusal{what + " parameter " + std::to_string(i + 1) + " has " + abi_type_name(types[i]) +
                         ", which this engine does not know",
                     "use DOCKET_TYPE_BOOL, _INT, _NUMBER or _TEXT, or a newer engine"};
    }
    out.push_back(types[i]);
  }
  return std::nullopt;
}

std::string origin_name(const std::string& origin) {
  return origin == "builtin" ? std::string("the engine (builtin)") : "'" + origin + "'";
}

// A name a function or action would take: taken within this init or in the registry already.
template <class Staged>
bool staged_twice(const std::vector<Staged>& staged, const std::string& name) {
  for (const Staged& other : staged) {
    if (other.name == name) return true;
  }
  return false;
}

}  // namespace

std::optional<Refusal> stage_function(const docket_function_def& def, const LibraryRecord& lib, InitSession& session) {
  if (def.struct_size < function_def_v1_0_size) {
    return Refusal{too_small("a function", def.struct_size, function_def_v1_0_size, "1.0"),
                   fix_size("docket_function_def")};
  }
  const std::string name = bounded(def.name);
  if (!is_dotted_name(name)) {
    return Refusal{"it registers a function named '" + name + "', which is not a dotted name",
                   "name plugin functions namespace.function, e.g. 'site.district' (letters, digits, _)"};
  }
  if (def.call == nullptr) return Refusal{"function '" + name + "' has no call pointer", "set docket_function_def.call"};
  StagedFunction fn;
  fn.name = name;
  if (auto refusal = copy_params("function '" + name + "'", def.param_types, def.param_count, fn.params)) {
    return refusal;
  }
  if (!type_from_abi(def.result_type)) {
    return Refusal{"function '" + name + "' returns " + abi_type_name(def.result_type) +
                       ", which this engine does not know",
                   "use DOCKET_TYPE_BOOL, _INT, _NUMBER or _TEXT, or a newer engine"};
  }
  if (staged_twice(session.staged.functions, name)) {
    return Refusal{"it registers function '" + name + "' twice", "register each function name once"};
  }
  if (const Function* taken = session.registry->find(name)) {
    return Refusal{"function '" + name + "' is already registered by " + origin_name(taken->signature.origin),
                   "remove one of the two from the configuration, or rename the function in the plugin"};
  }
  // A 1.0 definition has no flags: 1.0 promised every function was reentrant.
  const bool has_flags = def.struct_size >= function_def_v1_1_size;
  fn.result = def.result_type;
  fn.call = def.call;
  fn.policy = policy_for("function " + name, lib, has_flags ? def.flags : docket_flags{DOCKET_FLAG_THREAD_SAFE},
                         has_flags ? def.timeout_ms : 0, def.user_data);
  session.staged.functions.push_back(std::move(fn));
  return std::nullopt;
}

std::optional<Refusal> stage_action(const docket_action_def& def, const LibraryRecord& lib, InitSession& session) {
  if (def.struct_size < action_def_v1_1_size) {
    return Refusal{too_small("an action", def.struct_size, action_def_v1_1_size, "1.1"), fix_size("docket_action_def")};
  }
  const std::string name = bounded(def.name);
  if (!is_dotted_name(name)) {
    return Refusal{"it registers an action named '" + name + "', which is not a dotted name",
                   "name plugin actions namespace.action, e.g. 'site.schedule_meter' (letters, digits, _)"};
  }
  if (def.run == nullptr) return Refusal{"action '" + name + "' has no run pointer", "set docket_action_def.run"};
  StagedAction action;
  action.name = name;
  if (auto refusal = copy_params("action '" + name + "'", def.param_types, def.param_count, action.params)) {
    return refusal;
  }
  if (staged_twice(session.staged.actions, name)) {
    return Refusal{"it registers action '" + name + "' twice", "register each action name once"};
  }
  if (const ActionEntry* taken = session.registry->find_action(name)) {
    return Refusal{"action '" + name + "' is already registered by " + origin_name(taken->signature.origin),
                   "remove one of the two from the configuration, or rename the action in the plugin"};
  }
  action.run = def.run;
  action.policy = policy_for("action " + name, lib, def.flags, def.timeout_ms, def.user_data);
  session.staged.actions.push_back(std::move(action));
  return std::nullopt;
}

std::optional<Refusal> stage_calendar(const docket_calendar_def& def, const LibraryRecord& lib, InitSession& session) {
  if (def.struct_size < calendar_def_v1_1_size) {
    return Refusal{too_small("a calendar", def.struct_size, calendar_def_v1_1_size, "1.1"),
                   fix_size("docket_calendar_def")};
  }
  const std::string name = bounded(def.name);
  if (!is_calendar_name(name)) {
    return Refusal{"it registers a calendar named '" + name + "'",
                   "name calendars with letters, digits, '_', '.' and '-', e.g. 'cn-workdays'"};
  }
  if (def.day == nullptr) return Refusal{"calendar '" + name + "' has no day pointer", "set docket_calendar_def.day"};
  const std::string zone = bounded(def.time_zone);
  if (zone.empty()) {
    return Refusal{"calendar '" + name + "' has no time zone", "set time_zone to an IANA zone, e.g. \"Asia/Shanghai\""};
  }
  if (staged_twice(session.staged.calendars, name)) {
    return Refusal{"it registers calendar '" + name + "' twice", "register each calendar name once"};
  }
  StagedCalendar calendar;
  calendar.name = name;
  calendar.time_zone = zone;
  calendar.day = def.day;
  calendar.policy = policy_for("calendar " + name, lib, def.flags, 0, def.user_data);
  session.staged.calendars.push_back(std::move(calendar));
  return std::nullopt;
}

std::optional<Refusal> stage_event_sink(const docket_event_sink_def& def, const LibraryRecord& lib,
                                        InitSession& session) {
  if (def.struct_size < event_sink_def_v1_1_size) {
    return Refusal{too_small("an event sink", def.struct_size, event_sink_def_v1_1_size, "1.1"),
                   fix_size("docket_event_sink_def")};
  }
  const std::string name = bounded(def.name);
  if (!is_dotted_name(name)) {
    return Refusal{"it registers an event sink named '" + name + "', which is not a dotted name",
                   "name event sinks namespace.sink, e.g. 'audit.log'"};
  }
  if (def.on_event == nullptr) {
    return Refusal{"event sink '" + name + "' has no on_event pointer", "set docket_event_sink_def.on_event"};
  }
  if (staged_twice(session.staged.event_sinks, name)) {
    return Refusal{"it registers event sink '" + name + "' twice", "register each event sink name once"};
  }
  StagedEventSink sink;
  sink.name = name;
  sink.on_event = def.on_event;
  sink.policy = policy_for("event sink " + name, lib, def.flags, 0, def.user_data);
  session.staged.event_sinks.push_back(std::move(sink));
  return std::nullopt;
}

}  // namespace docket::plugin
