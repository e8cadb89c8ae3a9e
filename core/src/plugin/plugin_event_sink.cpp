// Hands engine trace entries to a plugin event sink; its failures are logged, never thrown.
#include <chrono>
#include <memory>
#include <string>

#include "plugin/call_scope.hpp"
#include "plugin/library_record.hpp"
#include "plugin/staged.hpp"

namespace docket::plugin {
namespace {

docket_event_kind event_kind(TraceKind kind) noexcept {
  switch (kind) {
    case TraceKind::started: return DOCKET_EVENT_STARTED;
    case TraceKind::entered: return DOCKET_EVENT_ENTERED;
    case TraceKind::completed: return DOCKET_EVENT_COMPLETED;
    case TraceKind::event: return DOCKET_EVENT_SIGNAL;
    case TraceKind::took: return DOCKET_EVENT_TOOK;
    case TraceKind::deadline_missed: return DOCKET_EVENT_DEADLINE_MISSED;
    case TraceKind::action: return DOCKET_EVENT_ACTION;
    case TraceKind::ended: return DOCKET_EVENT_ENDED;
    case TraceKind::failed: return DOCKET_EVENT_FAILED;
    case TraceKind::sla: return DOCKET_EVENT_SLA;
    case TraceKind::warned: return DOCKET_EVENT_SLA_WARNED;
    case TraceKind::breached: return DOCKET_EVENT_SLA_BREACHED;
    case TraceKind::escalated: return DOCKET_EVENT_SLA_ESCALATED;
  }
  return DOCKET_EVENT_FAILED;
}

struct SinkBinding {
  StagedEventSink sink;

  void receive(const TraceEntry& entry) const noexcept {
    docket_event event{};
    event.struct_size = sizeof event;
    event.kind = event_kind(entry.kind);
    event.instance = entry.instance;
    event.at_unix_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(entry.at.time_since_epoch()).count();
    event.node = docket_string_view{entry.node.data(), entry.node.size()};
    event.detail = docket_string_view{entry.full_detail().data(), entry.full_detail().size()};
    try {
      CallScope scope(sink.policy);
      const docket_status status = sink.on_event(scope.context(), &event);
      scope.finish();
      if (status != DOCKET_OK || scope.state().failed) {
        log_line(sink.policy.plugin_name, DOCKET_LOG_ERROR,
                 "event sink " + sink.name + " failed: " + scope.error_message(status));
      }
    } catch (...) {
      log_line(sink.policy.plugin_name, DOCKET_LOG_ERROR, "event sink " + sink.name + ": the host ran out of memory");
    }
  }
};

}  // namespace

EventSink make_plugin_event_sink(const StagedEventSink& sink, const std::string& origin) {
  auto binding = std::make_shared<const SinkBinding>(SinkBinding{sink});
  return EventSink{sink.name, origin, [binding](const TraceEntry& entry) { binding->receive(entry); }};
}

}  // namespace docket::plugin
