// What a plugin registered during init, copied out of its definitions and kept by the host.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "docket/core/extensions.hpp"
#include "docket/core/functions.hpp"
#include "docket/plugin.h"

namespace docket::plugin {

// How the host calls one registered callback: its flags, deadline and user_data, and a mutex
// when the plugin did not promise thread safety.
struct CallPolicy {
  std::string what;          // "function site.district", for messages
  std::string plugin_name;
  docket_flags flags = 0;
  std::uint32_t timeout_ms = 0;
  void* user_data = nullptr;
  const docket_host_services* host = nullptr;
  std::shared_ptr<std::mutex> serial;  // set when calls must not overlap

  [[nodiscard]] CallTraits traits() const;
};

struct StagedFunction {
  std::string name;
  std::vector<docket_type> params;
  docket_type result = DOCKET_TYPE_INVALID;
  docket_function_fn call = nullptr;
  CallPolicy policy;
};

struct StagedAction {
  std::string name;
  std::vector<docket_type> params;
  docket_action_fn run = nullptr;
  CallPolicy policy;
};

struct StagedCalendar {
  std::string name;
  std::string time_zone;
  docket_calendar_day_fn day = nullptr;
  CallPolicy policy;
};

struct StagedEventSink {
  std::string name;
  docket_event_sink_fn on_event = nullptr;
  CallPolicy policy;
};

// Everything one init registered.
struct Registrations {
  std::vector<StagedFunction> functions;
  std::vector<StagedAction> actions;
  std::vector<StagedCalendar> calendars;
  std::vector<StagedEventSink> event_sinks;
};

// A provider with the name and zone `calendar` registered, answered by `day`.
[[nodiscard]] CalendarProvider calendar_provider(const StagedCalendar& calendar, const std::string& origin,
                                                 CalendarDayFn day);

// Fills the mutex when the flags do not promise thread safety.
void finish_policy(CallPolicy& policy);

// The registry signature of a staged function or action; `origin` is the plugin file.
[[nodiscard]] FunctionSignature signature_of(const StagedFunction& fn, const std::string& origin);
[[nodiscard]] ActionSignature signature_of(const StagedAction& action, const std::string& origin);

// Host-side callables that convert values, call the plugin through the C ABI with a fresh call
// context, and convert the result; a reported error becomes a FunctionError (functions) or an
// ActionResult (actions) or an error message (calendars), with the plugin's message.
[[nodiscard]] NativeFunction make_plugin_function(const StagedFunction& fn);
[[nodiscard]] ActionHandler make_plugin_action(const StagedAction& action);
[[nodiscard]] CalendarProvider make_plugin_calendar(const StagedCalendar& calendar, const std::string& origin);
[[nodiscard]] EventSink make_plugin_event_sink(const StagedEventSink& sink, const std::string& origin);

}  // namespace docket::plugin
