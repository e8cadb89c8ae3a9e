// The state of one workflow instance, its pending timers included: plain data, ready to persist.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "docket/core/action.hpp"
#include "docket/core/value.hpp"
#include "run/sla_clock.hpp"

namespace docket::detail {

enum class InstanceStatusKind : std::uint8_t { running, finished, failed };

// What a retry does again: enter `node` (or choose a way out of it), then take `then` in order
// (the edges a parallel split had not reached when it failed).
struct RetryOp {
  bool valid = false;
  bool enter = true;
  std::uint32_t node = 0;
  std::vector<std::uint32_t> then;
};

// A step's `within` deadline not yet passed: set when the step is entered, gone when it is left
// or the deadline fires (so a recovered engine neither loses nor repeats it).
struct PendingDeadline {
  std::uint32_t node = 0;
  std::uint32_t visit = 0;
  Instant due;
};

// An instance's place in a `repeat` series: when the series' first instance started (every
// occurrence counts from it, so month ends do not drift), which occurrence this instance is (0: the
// first), and, while pending, when the next instance starts. The next start is a timer of this
// instance, kept after it ends, and fired once: it starts the next instance in the same unit of
// work and is gone.
struct SeriesState {
  Instant origin;
  std::uint32_t occurrence = 0;
  std::optional<Instant> next;
  InstanceId previous = 0;  // the instance that started this one (0: the host started it)
};

struct InstanceState {
  InstanceId id = 0;
  std::uint32_t version = 0;                  // the program version it runs on (0: the engine has no store)
  std::size_t workflow = 0;                   // index in the module's workflows
  std::vector<Value> params;                  // one per workflow parameter
  std::vector<std::vector<Value>> outcomes;   // [node][outcome]; empty until a step with outcomes completes
  std::vector<std::uint32_t> visits;          // [node]: how many times it was entered
  std::vector<std::uint32_t> active;          // active steps and waits, in the order entered
  std::vector<std::uint32_t> arrived;         // [edge]: branches waiting at a join along it (sized on first use)
  std::uint32_t cursor = 0;                   // the node being worked on (named when evaluation fails)
  InstanceStatusKind status = InstanceStatusKind::running;
  std::string end;                            // the end node reached
  std::string error;                          // why the instance failed
  RetryOp retry;                              // the operation under way; what a retry repeats
  std::uint32_t retries = 0;                  // retries of the failed operation so far
  std::optional<Instant> retry_at;            // the pending automatic retry
  std::vector<SlaRun> slas;                   // one per SLA of the workflow (empty when it has none)
  std::vector<PendingDeadline> deadlines;     // of active steps, not yet passed
  std::optional<SeriesState> series;          // a workflow with `repeat`: set when it starts
};

// `to` becomes a copy of `from`, in `to`'s memory: the engine's rollback copy, taken once a unit of
// work. The outcomes of steps not completed (most of them) are empty and cost a check each.
void assign_state(InstanceState& to, const InstanceState& from);

// The instance's earliest pending timer (a step's deadline, an SLA's next mark, its retry, the next
// start of its `repeat` series, which outlives the instance's end): what the
// store's due-time index keeps, and what the engine fires next for this instance.
[[nodiscard]] std::optional<Instant> next_due(const InstanceState& st);

}  // namespace docket::detail
