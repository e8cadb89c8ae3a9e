// docket-plugin-host's loop: load the plugin, report what it registered, answer calls until the engine goes.
#include "plugin/isolation/serve.hpp"

#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <optional>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include "docket/core/clock.hpp"
#include "plugin/isolation/manifest.hpp"
#include "plugin/isolation/wire.hpp"
#include "plugin/loader.hpp"
#include "plugin/plugin_clock.hpp"
#include "plugin/value_bridge.hpp"

namespace docket::plugin {
namespace {

// The engine learns how a plugin crashed from the helper's exit status. A handler that a
// sanitizer runtime (or anything else) installed would turn a SIGSEGV into an exit code, so the
// fatal signals get their default action back.
void restore_fatal_signals() {
  struct sigaction action {};
  action.sa_handler = SIG_DFL;
  ::sigemptyset(&action.sa_mask);
  for (int sig : {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT, SIGTRAP, SIGSYS}) ::sigaction(sig, &action, nullptr);
}

// Ends the helper when the engine's end of the socket closes, even while a plugin callback runs
// for ever: the helper dies with the engine, however the engine ends.
void watch_engine(int socket_fd) {
  std::thread([socket_fd] {
    pollfd p{socket_fd, POLLRDHUP, 0};
    while (true) {
      const int ready = ::poll(&p, 1, -1);
      if (ready < 0 && errno != EINTR) ::_exit(0);
      if (ready > 0 && (p.revents & (POLLRDHUP | POLLHUP | POLLERR | POLLNVAL)) != 0) ::_exit(0);
    }
  }).detach();
}

[[noreturn]] void protocol_violation() { ::_exit(2); }

// What the helper calls: the plugin's callbacks bound in this process, as the engine would.
struct Served {
  std::string path;
  std::vector<StagedFunction> staged_functions;
  std::vector<NativeFunction> functions;
  std::vector<StagedAction> staged_actions;
  std::vector<ActionHandler> actions;
  std::vector<CalendarProvider> calendars;
  std::vector<EventSink> sinks;
};

// Sets this call's clock when the engine sent one.
struct CallClock {
  std::optional<VirtualClock> clock;
  std::optional<ScopedPluginClock> scope;
  explicit CallClock(wire::Reader& in) {
    const bool injected = in.u8() != 0;
    const std::int64_t ns = in.i64();
    if (!injected) return;
    clock.emplace(std::chrono::floor<std::chrono::seconds>(std::chrono::sys_time<std::chrono::nanoseconds>(
        std::chrono::nanoseconds(ns))));
    scope.emplace(*clock);
  }
};

std::vector<Value> read_args(wire::Reader& in) {
  const std::uint32_t n = in.u32();
  std::vector<Value> args;
  for (std::uint32_t i = 0; i < n && !in.failed(); ++i) args.push_back(value_from_abi(in.value()));
  if (in.failed()) protocol_violation();
  return args;
}

template <class T>
const T& pick(const std::vector<T>& list, std::uint32_t index) {
  if (index >= list.size()) protocol_violation();
  return list[index];
}

wire::Writer call_function(const Served& s, wire::Reader& in) {
  const std::uint32_t index = in.u32();
  const StagedFunction& fn = pick(s.staged_functions, index);
  CallClock clock(in);
  const std::vector<Value> args = read_args(in);
  std::string error;
  try {
    const Value result = s.functions[index](args);
    docket_value v{};
    if (value_to_abi(result, fn.result, v)) {
      wire::Writer answer(wire::Op::value);
      answer.value(v);
      return answer;
    }
    error = fn.name + " returned a value of another type";
  } catch (const std::exception& e) {
    error = e.what();
  }
  wire::Writer answer(wire::Op::failed);
  answer.text(error);
  return answer;
}

wire::Writer run_action(const Served& s, wire::Reader& in) {
  const std::uint32_t index = in.u32();
  const StagedAction& action = pick(s.staged_actions, index);
  CallClock clock(in);
  const std::vector<Value> args = read_args(in);
  const std::string key = in.text();
  ActionRequest request{action.name, args, key, in.u64(), in.u32()};
  if (in.failed()) protocol_violation();
  ActionResult result;
  try {
    result = s.actions[index](request);
  } catch (const std::exception& e) {
    result = {ActionOutcome::failed, e.what()};
  }
  wire::Writer answer(wire::Op::action_result);
  answer.u8(static_cast<std::uint8_t>(result.outcome));
  answer.text(result.message);
  return answer;
}

wire::Writer calendar_day(const Served& s, wire::Reader& in) {
  const CalendarProvider& provider = pick(s.calendars, in.u32());
  CallClock clock(in);
  const auto year = static_cast<int>(in.i64());
  const std::uint32_t month = in.u32();
  const std::uint32_t day = in.u32();
  if (in.failed()) protocol_violation();
  std::string error;
  std::optional<CalendarDay> got;
  try {
    got = provider.day(year, month, day, error);
  } catch (const std::exception& e) {
    error = e.what();
  }
  if (!got) {
    wire::Writer answer(wire::Op::failed);
    answer.text(error);
    return answer;
  }
  wire::Writer answer(wire::Op::day);
  answer.u8(got->working ? 1 : 0);
  answer.u32(static_cast<std::uint32_t>(got->periods.size()));
  for (const WorkPeriod& p : got->periods) {
    answer.u32(p.start_minute);
    answer.u32(p.end_minute);
  }
  answer.text(got->note);
  return answer;
}

wire::Writer event(const Served& s, wire::Reader& in) {
  const EventSink& sink = pick(s.sinks, in.u32());
  CallClock clock(in);
  TraceEntry entry;
  entry.kind = static_cast<TraceKind>(in.u8());
  entry.instance = in.u64();
  entry.at = Instant(std::chrono::seconds(in.i64()));
  entry.node = in.text();
  entry.detail = in.text();
  if (in.failed()) protocol_violation();
  sink.receive(entry);  // a sink logs its own failures
  return wire::Writer(wire::Op::ack);
}

wire::Writer answer_to(const Served& served, wire::Reader& in) {
  switch (in.op()) {
    case wire::Op::call_function: return call_function(served, in);
    case wire::Op::run_action: return run_action(served, in);
    case wire::Op::calendar_day: return calendar_day(served, in);
    case wire::Op::event: return event(served, in);
    default: protocol_violation();
  }
}

}  // namespace

void serve_helper(int plugin_fd, int socket_fd) {
  restore_fatal_signals();
  watch_engine(socket_fd);
  std::string payload;
  if (wire::receive_frame(socket_fd, payload, std::nullopt) != wire::Received::frame) ::_exit(0);
  wire::Reader load(payload);
  if (load.op() != wire::Op::load) protocol_violation();
  Served served;
  served.path = load.text();
  ConfigValues config;
  const std::uint32_t settings = load.u32();
  for (std::uint32_t i = 0; i < settings && !load.failed(); ++i) {
    std::string key = load.text();
    config.emplace(std::move(key), value_from_abi(load.value()));
  }
  if (load.failed()) protocol_violation();

  const FunctionRegistry nothing_taken;  // the engine checks names against its own registries
  LibraryRecord* record = nullptr;
  const std::optional<Refusal> refusal = open_library(served.path, "/proc/self/fd/" + std::to_string(plugin_fd),
                                                      plugin_fd, config, nothing_taken, record);
  if (refusal) {
    wire::Writer out(wire::Op::refused);
    out.text(record != nullptr ? record->name : "");
    out.text(record != nullptr ? record->version : "");
    out.text(refusal->reason);
    out.text(refusal->fix);
    (void)wire::send_frame(socket_fd, out.frame());
    ::_exit(0);
  }
  {
    wire::Writer out(wire::Op::manifest);
    write_manifest(out, *record);
    if (!wire::send_frame(socket_fd, out.frame())) ::_exit(0);
  }
  const Registrations& r = record->registered;
  served.staged_functions = r.functions;
  served.staged_actions = r.actions;
  for (const StagedFunction& fn : r.functions) served.functions.push_back(make_plugin_function(fn));
  for (const StagedAction& action : r.actions) served.actions.push_back(make_plugin_action(action));
  for (const StagedCalendar& c : r.calendars) served.calendars.push_back(make_plugin_calendar(c, served.path));
  for (const StagedEventSink& sink : r.event_sinks) served.sinks.push_back(make_plugin_event_sink(sink, served.path));

  while (true) {
    if (wire::receive_frame(socket_fd, payload, std::nullopt) != wire::Received::frame) ::_exit(0);
    wire::Reader in(payload);
    wire::Writer answer = answer_to(served, in);
    if (!wire::send_frame(socket_fd, answer.frame())) ::_exit(0);
  }
}

}  // namespace docket::plugin
