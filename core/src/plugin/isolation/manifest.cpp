// Writing and reading a plugin helper's manifest (its registrations) on the wire.
#include "plugin/isolation/manifest.hpp"

#include "plugin/abi_v1.hpp"

namespace docket::plugin {
namespace {

// Registrations are bounded by what a plugin can sensibly offer; more is garbage.
constexpr std::uint32_t max_entries = 10000;

void write_types(wire::Writer& out, const std::vector<docket_type>& types) {
  out.u32(static_cast<std::uint32_t>(types.size()));
  for (docket_type t : types) out.u32(t);
}

bool read_types(wire::Reader& in, std::vector<docket_type>& types) {
  const std::uint32_t n = in.u32();
  if (n > max_plugin_params) return false;
  for (std::uint32_t i = 0; i < n; ++i) {
    const docket_type t = in.u32();
    if (!type_from_abi(t)) return false;
    types.push_back(t);
  }
  return !in.failed();
}

CallPolicy policy(std::string what, const std::string& plugin, docket_flags flags, std::uint32_t timeout_ms) {
  CallPolicy p;
  p.what = std::move(what);
  p.plugin_name = plugin;
  p.flags = flags & known_flags;
  p.timeout_ms = timeout_ms;
  return p;
}

}  // namespace

void write_manifest(wire::Writer& out, const LibraryRecord& record) {
  const Registrations& r = record.registered;
  out.text(record.name);
  out.text(record.version);
  out.u32(record.abi_major);
  out.u32(record.abi_minor);
  out.u32(static_cast<std::uint32_t>(r.functions.size()));
  for (const StagedFunction& fn : r.functions) {
    out.text(fn.name);
    write_types(out, fn.params);
    out.u32(fn.result);
    out.u32(fn.policy.flags);
    out.u32(fn.policy.timeout_ms);
  }
  out.u32(static_cast<std::uint32_t>(r.actions.size()));
  for (const StagedAction& action : r.actions) {
    out.text(action.name);
    write_types(out, action.params);
    out.u32(action.policy.flags);
    out.u32(action.policy.timeout_ms);
  }
  out.u32(static_cast<std::uint32_t>(r.calendars.size()));
  for (const StagedCalendar& calendar : r.calendars) {
    out.text(calendar.name);
    out.text(calendar.time_zone);
    out.u32(calendar.policy.flags);
  }
  out.u32(static_cast<std::uint32_t>(r.event_sinks.size()));
  for (const StagedEventSink& sink : r.event_sinks) {
    out.text(sink.name);
    out.u32(sink.policy.flags);
  }
}

std::optional<Manifest> read_manifest(wire::Reader& in) {
  Manifest m;
  m.name = in.text();
  m.version = in.text();
  m.abi_major = in.u32();
  m.abi_minor = in.u32();
  const std::uint32_t functions = in.u32();
  if (functions > max_entries) return std::nullopt;
  for (std::uint32_t i = 0; i < functions && !in.failed(); ++i) {
    StagedFunction fn;
    fn.name = in.text();
    if (!read_types(in, fn.params)) return std::nullopt;
    fn.result = in.u32();
    if (!type_from_abi(fn.result)) return std::nullopt;
    const docket_flags flags = in.u32();
    fn.policy = policy("function " + fn.name, m.name, flags, in.u32());
    m.registered.functions.push_back(std::move(fn));
  }
  const std::uint32_t actions = in.u32();
  if (actions > max_entries) return std::nullopt;
  for (std::uint32_t i = 0; i < actions && !in.failed(); ++i) {
    StagedAction action;
    action.name = in.text();
    if (!read_types(in, action.params)) return std::nullopt;
    const docket_flags flags = in.u32();
    action.policy = policy("action " + action.name, m.name, flags, in.u32());
    m.registered.actions.push_back(std::move(action));
  }
  const std::uint32_t calendars = in.u32();
  if (calendars > max_entries) return std::nullopt;
  for (std::uint32_t i = 0; i < calendars && !in.failed(); ++i) {
    StagedCalendar calendar;
    calendar.name = in.text();
    calendar.time_zone = in.text();
    calendar.policy = policy("calendar " + calendar.name, m.name, in.u32(), 0);
    m.registered.calendars.push_back(std::move(calendar));
  }
  const std::uint32_t sinks = in.u32();
  if (sinks > max_entries) return std::nullopt;
  for (std::uint32_t i = 0; i < sinks && !in.failed(); ++i) {
    StagedEventSink sink;
    sink.name = in.text();
    sink.policy = policy("event sink " + sink.name, m.name, in.u32(), 0);
    m.registered.event_sinks.push_back(std::move(sink));
  }
  if (in.failed() || !in.at_end()) return std::nullopt;
  return m;
}

bool same_registrations(const Registrations& a, const Registrations& b) {
  auto same_policy = [](const CallPolicy& x, const CallPolicy& y) {
    return x.flags == y.flags && x.timeout_ms == y.timeout_ms;
  };
  if (a.functions.size() != b.functions.size() || a.actions.size() != b.actions.size() ||
      a.calendars.size() != b.calendars.size() || a.event_sinks.size() != b.event_sinks.size()) {
    return false;
  }
  for (std::size_t i = 0; i < a.functions.size(); ++i) {
    const StagedFunction& x = a.functions[i];
    const StagedFunction& y = b.functions[i];
    if (x.name != y.name || x.params != y.params || x.result != y.result || !same_policy(x.policy, y.policy)) return false;
  }
  for (std::size_t i = 0; i < a.actions.size(); ++i) {
    const StagedAction& x = a.actions[i];
    const StagedAction& y = b.actions[i];
    if (x.name != y.name || x.params != y.params || !same_policy(x.policy, y.policy)) return false;
  }
  for (std::size_t i = 0; i < a.calendars.size(); ++i) {
    const StagedCalendar& x = a.calendars[i];
    const StagedCalendar& y = b.calendars[i];
    if (x.name != y.name || x.time_zone != y.time_zone || !same_policy(x.policy, y.policy)) return false;
  }
  for (std::size_t i = 0; i < a.event_sinks.size(); ++i) {
    if (a.event_sinks[i].name != b.event_sinks[i].name || !same_policy(a.event_sinks[i].policy, b.event_sinks[i].policy)) {
      return false;
    }
  }
  return true;
}

}  // namespace docket::plugin
