// The state of one workflow instance and of one deadline timer: plain data, ready to persist.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "docket/core/engine.hpp"
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

struct InstanceState {
  InstanceId id = 0;
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
};

enum class TimerKind : std::uint8_t {
  deadline,  // a step's `within`: live while its PendingDeadline (`node`, visit `stamp`) is
  retry,     // a failed instance's retry: live while it is failed after `stamp` retries
  sla,       // SLA `node`'s next mark: live while that clock runs in generation `stamp`
};

struct Timer {
  Instant due;
  std::uint64_t seq = 0;  // ties broken by creation order
  InstanceId instance = 0;
  std::uint32_t node = 0;
  std::uint32_t stamp = 0;
  TimerKind kind = TimerKind::deadline;
};

// Orders a std::priority_queue as a min-heap on (due, seq).
struct TimerLater {
  bool operator()(const Timer& a, const Timer& b) const noexcept {
    return a.due != b.due ? a.due > b.due : a.seq > b.seq;
  }
};

}  // namespace docket::detail
