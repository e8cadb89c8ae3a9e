// Trace entries: one move of one instance, as the audit trail and trace sinks see it.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "docket/core/action.hpp"
#include "docket/core/value.hpp"

namespace docket {

enum class TraceKind : std::uint8_t {
  started,          // instance started
  entered,          // a step or wait became active (detail: who does it, deadline)
  completed,        // a step completed (detail: outcomes)
  event,            // a named event arrived (detail: the event)
  took,             // an edge was taken (detail: why: the guard, otherwise, or the event)
  deadline_missed,  // a step's `within` passed while it was still active
  action,           // an action went to the host
  ended,            // the instance reached an end node
  failed,           // evaluation failed (a function reported an error); the instance stops
  sla,              // an SLA clock started, paused, resumed, was re-targeted, reset, stopped or cancelled
  warned,           // an SLA warning fell due
  breached,         // an SLA's due time passed while its clock ran
  escalated,        // a rung of an SLA's escalation ladder after the breach
};

// "started", "deadline_missed", ...: the enumerator's name; nullopt for a name that is none.
[[nodiscard]] const char* trace_kind_name(TraceKind kind) noexcept;
[[nodiscard]] std::optional<TraceKind> trace_kind_from_name(std::string_view name) noexcept;

// A trace entry's full words, put together the first time someone reads them: the explanation of
// the decisions behind a role, guard or SLA target. A sink that never reads them never pays for them.
class DeferredDetail {
 public:
  explicit DeferredDetail(std::function<std::string()> make) : make_(std::move(make)) {}
  // Built on the first call, then kept. Thread-safe.
  [[nodiscard]] const std::string& text() const {
    std::call_once(once_, [this] { text_ = make_(); });
    return text_;
  }

 private:
  std::function<std::string()> make_;
  mutable std::once_flag once_;
  mutable std::string text_;
};

struct TraceEntry {
  Instant at;
  InstanceId instance = 0;
  TraceKind kind = TraceKind::started;
  std::string node;     // the node concerned, when there is one
  std::string detail;   // human-readable; without the decisions' explanations when `full` is set
  std::optional<Instant> due;  // entered with a clock deadline, deadline_missed: when it is due
  std::shared_ptr<const DeferredDetail> full;  // detail with the decisions behind it explained

  // `detail` with the decisions behind it explained (put together now when it was deferred). Stores
  // keep this text, and entries read back from a store have it in `detail`.
  [[nodiscard]] const std::string& full_detail() const { return full ? full->text() : detail; }
};

}  // namespace docket
