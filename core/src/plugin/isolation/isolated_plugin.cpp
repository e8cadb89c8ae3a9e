// load_plugin with PluginIsolation::process: the plugin runs in a helper, and the engine calls it through proxies.
#include <array>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "plugin/abi_v1.hpp"
#include "plugin/isolation/helper_process.hpp"
#include "plugin/isolation/wire.hpp"
#include "plugin/loader.hpp"
#include "plugin/plugin_clock.hpp"
#include "plugin/plugin_file.hpp"
#include "plugin/value_bridge.hpp"

namespace docket::plugin {
namespace {

// The call's clock: the engine's injected time while one of its operations runs, else none (the
// plugin then reads the helper's wall clock).
void write_clock(wire::Writer& out) {
  const std::optional<std::int64_t> now = injected_now_unix_ns();
  out.u8(now ? 1 : 0);
  out.i64(now.value_or(0));
}

// Arguments by their declared types; the refusal message when one does not fit.
std::optional<std::string> write_args(wire::Writer& out, const std::string& callee,
                                      const std::vector<docket_type>& params, std::span<const Value> args) {
  if (args.size() != params.size()) {
    return callee + " expects " + std::to_string(params.size()) + " argument(s) but was given " +
           std::to_string(args.size());
  }
  out.u32(static_cast<std::uint32_t>(args.size()));
  for (std::size_t i = 0; i < args.size(); ++i) {
    docket_value v{};
    if (!value_to_abi(args[i], params[i], v)) return bad_argument(callee, i, params[i], args[i]);
    out.value(v);
  }
  return std::nullopt;
}

template <class Staged>
std::uint32_t index_of(const std::vector<Staged>& list, const Staged& item) {
  return static_cast<std::uint32_t>(&item - list.data());
}

struct IsolatedFunction {
  std::shared_ptr<HelperProcess> helper;
  std::uint32_t index;
  StagedFunction fn;

  Value call(std::span<const Value> args) const {
    wire::Writer out(wire::Op::call_function);
    out.u32(index);
    write_clock(out);
    if (auto refusal = write_args(out, fn.name, fn.params, args)) throw FunctionError(*refusal);
    Exchange ex = helper->exchange(out.frame(), fn.policy);
    if (!ex.answered) throw FunctionError(ex.failure);
    wire::Reader in(ex.payload);
    if (in.op() == wire::Op::failed) {
      std::string message = in.text();
      if (!in.failed() && in.at_end()) throw FunctionError(message);
    } else if (in.op() == wire::Op::value) {
      const docket_value v = in.value();
      if (!in.failed() && in.at_end() && abi_result_ok(v, fn.result)) return value_from_abi(v);
    }
    throw FunctionError(helper->garbled(fn.policy, "not a value of type " + abi_type_name(fn.result)));
  }
};

struct IsolatedAction {
  std::shared_ptr<HelperProcess> helper;
  std::uint32_t index;
  StagedAction action;

  ActionResult run(const ActionRequest& request) const {
    wire::Writer out(wire::Op::run_action);
    out.u32(index);
    write_clock(out);
    if (auto refusal = write_args(out, action.name, action.params, request.args)) {
      return {ActionOutcome::failed, *refusal};
    }
    out.text(request.idempotency_key);
    out.u64(request.instance);
    out.u32(request.attempt);
    Exchange ex = helper->exchange(out.frame(), action.policy);
    // A crash or an overrun is a failed delivery attempt: the outbox tries again with backoff,
    // up to its policy's max_attempts.
    if (!ex.answered) return {ActionOutcome::retry, ex.failure};
    wire::Reader in(ex.payload);
    const std::uint8_t outcome = in.u8();
    std::string message = in.text();
    if (in.op() == wire::Op::action_result && !in.failed() && in.at_end() &&
        outcome <= static_cast<std::uint8_t>(ActionOutcome::failed)) {
      return {static_cast<ActionOutcome>(outcome), std::move(message)};
    }
    return {ActionOutcome::retry, helper->garbled(action.policy, "not an action result")};
  }
};

struct IsolatedCalendar {
  std::shared_ptr<HelperProcess> helper;
  std::uint32_t index;
  StagedCalendar calendar;
  // A PURE calendar's answers are kept: business time asks about the same days again and again,
  // and each question is a round trip to the helper.
  mutable std::mutex mutex;
  mutable std::map<std::int64_t, CalendarDay> cache;

  std::optional<CalendarDay> day(int year, unsigned month, unsigned mday, std::string& error) const {
    const bool pure = (calendar.policy.flags & DOCKET_FLAG_PURE) != 0;
    const std::int64_t key = (std::int64_t{year} * 16 + month) * 32 + mday;
    if (pure) {
      std::lock_guard<std::mutex> lock(mutex);
      if (auto it = cache.find(key); it != cache.end()) return it->second;
    }
    wire::Writer out(wire::Op::calendar_day);
    out.u32(index);
    write_clock(out);
    out.i64(year);
    out.u32(month);
    out.u32(mday);
    Exchange ex = helper->exchange(out.frame(), calendar.policy);
    if (!ex.answered) {
      error = ex.failure;
      return std::nullopt;
    }
    wire::Reader in(ex.payload);
    if (in.op() == wire::Op::failed) {
      error = in.text();
      if (!in.failed() && in.at_end()) return std::nullopt;
    } else if (in.op() == wire::Op::day) {
      CalendarDay answer;
      answer.working = in.u8() != 0;
      const std::uint32_t periods = in.u32();
      for (std::uint32_t i = 0; i < periods && i <= 48 && !in.failed(); ++i) {
        const std::uint32_t start = in.u32();
        const std::uint32_t end = in.u32();
        if (start >= end || end > 1440) break;
        answer.periods.push_back(WorkPeriod{static_cast<std::uint16_t>(start), static_cast<std::uint16_t>(end)});
      }
      answer.note = in.text();
      if (!in.failed() && in.at_end() && answer.periods.size() == periods) {
        if (pure) {
          std::lock_guard<std::mutex> lock(mutex);
          if (cache.size() > 100000) cache.clear();  // a century of days, for a handful of calendars
          cache.emplace(key, answer);
        }
        return answer;
      }
    }
    error = helper->garbled(calendar.policy, "not a calendar day");
    return std::nullopt;
  }
};

struct IsolatedSink {
  std::shared_ptr<HelperProcess> helper;
  std::uint32_t index;
  StagedEventSink sink;

  void receive(const TraceEntry& entry) const noexcept {
    try {
      wire::Writer out(wire::Op::event);
      out.u32(index);
      write_clock(out);
      out.u8(static_cast<std::uint8_t>(entry.kind));
      out.u64(entry.instance);
      out.i64(entry.at.time_since_epoch().count());
      out.text(entry.node);
      out.text(entry.full_detail());
      Exchange ex = helper->exchange(out.frame(), sink.policy);
      if (!ex.answered) return;  // the helper's failure is in the log already; the engine carries on
      wire::Reader in(ex.payload);
      if (in.op() != wire::Op::ack || !in.at_end()) (void)helper->garbled(sink.policy, "not an acknowledgement");
    } catch (...) {
      log_line(sink.policy.plugin_name, DOCKET_LOG_ERROR, "event sink " + sink.name + ": the host ran out of memory");
    }
  }
};

Binder isolated_binder(const std::shared_ptr<HelperProcess>& helper, const Registrations& r) {
  Binder b;
  b.function = [helper, &r](const StagedFunction& fn) -> NativeFunction {
    auto bound = std::make_shared<const IsolatedFunction>(IsolatedFunction{helper, index_of(r.functions, fn), fn});
    return [bound](std::span<const Value> args) { return bound->call(args); };
  };
  b.action = [helper, &r](const StagedAction& action) -> ActionHandler {
    auto bound = std::make_shared<const IsolatedAction>(IsolatedAction{helper, index_of(r.actions, action), action});
    return [bound](const ActionRequest& request) { return bound->run(request); };
  };
  b.calendar = [helper, &r](const StagedCalendar& calendar, const std::string& origin) {
    auto bound = std::make_shared<IsolatedCalendar>();
    bound->helper = helper;
    bound->index = index_of(r.calendars, calendar);
    bound->calendar = calendar;
    return calendar_provider(calendar, origin, [bound](int year, unsigned month, unsigned day, std::string& error) {
      return bound->day(year, month, day, error);
    });
  };
  b.event_sink = [helper, &r](const StagedEventSink& sink, const std::string& origin) {
    auto bound = std::make_shared<const IsolatedSink>(IsolatedSink{helper, index_of(r.event_sinks, sink), sink});
    return EventSink{sink.name, origin, [bound](const TraceEntry& entry) { bound->receive(entry); }};
  };
  return b;
}

}  // namespace

std::optional<LoadedPlugin> load_isolated(const PluginRequest& request, const PluginTargets& targets,
                                          std::string& error) {
  const std::string& path = request.path;
  std::string name;
  std::string version;
  auto refuse = [&](const Refusal& r) {
    error = describe_plugin(path, name, version) + ": " + r.reason + ". Fix: " + r.fix + ".";
    return std::nullopt;
  };
  const IsolationOptions& options = request.isolation;
  if (options.call_timeout.count() <= 0 || options.grace.count() < 0) {
    return refuse({"its isolation options have a call timeout of " + std::to_string(options.call_timeout.count()) +
                       " ms and a grace of " + std::to_string(options.grace.count()) + " ms",
                   "give a positive call timeout and a grace of zero or more"});
  }
  PluginFile file;
  if (auto refusal = file.open(request, true)) return refuse(*refusal);
  HelperSpec spec;
  spec.path = path;
  spec.plugin_fd = file.release();
  spec.config = request.config;
  spec.program = options.helper.empty() ? default_helper_program() : options.helper;
  spec.call_timeout = options.call_timeout;
  spec.grace = options.grace;
  auto helper = std::make_shared<HelperProcess>(std::move(spec));
  Refusal refusal;
  auto manifest = helper->start(refusal, name, version);
  if (!manifest) return refuse(refusal);
  // Each proxy names its callback by its index in the manifest's lists.
  const Registrations& registered = manifest->registered;
  if (auto r = commit_registrations(registered, path, targets, isolated_binder(helper, registered))) {
    return refuse(*r);  // the helper ends with the last reference to it
  }
  return LoadedPlugin{path, name, version, manifest->abi_major, manifest->abi_minor, file.sha256(), true};
}

}  // namespace docket::plugin
