// The simulator's loop: one engine, a virtual clock, a queue of pending host operations, tickets.
#pragma once

#include <cstdint>
#include <functional>
#include <queue>
#include <string>
#include <unordered_map>
#include <vector>

#include "docket/core/simulation.hpp"

namespace docket::sim::detail {

// A host operation waiting for its time. `kind`, `index`, `visit` and `extra` mean what the
// generator or the replayer that queued it says; ties in time keep the order of queueing.
struct Pending {
  Instant at;
  std::uint64_t seq = 0;
  std::uint32_t ticket = 0;
  std::uint32_t index = 0;
  std::uint32_t visit = 0;
  std::uint16_t kind = 0;
  std::uint16_t extra = 0;
};

class Driver {
 public:
  Driver(const std::shared_ptr<const Program>& program, const CalendarRegistry* calendars, Instant start, EvalMode mode);

  // Called when a ticket's step (not a wait) is entered: ticket, node index, visit number.
  std::function<void(std::uint32_t, std::uint32_t, std::uint32_t)> on_step_entered;
  // Called when a workflow's `repeat` started an instance: its new ticket, and the ticket of the
  // instance whose series it continues (same workflow, arguments and segment).
  std::function<void(std::uint32_t, std::uint32_t)> on_ticket_repeated;

  // An operation known before the run (arrivals, recorded events), given in time order: kept in a
  // list, so only operations queued while running go through the heap.
  void schedule(Pending p);
  // An operation queued while running (a completion, an event).
  void push(Pending p);
  // Pops operations in time order, moving the clock (and firing timers) up to each, and hands
  // each to `apply`. Then moves the clock to `until` if that is later.
  void run(const std::function<void(const Pending&)>& apply, Instant until);

  // Tickets: add one (returns its index), start its instance (may throw EngineError).
  std::uint32_t add_ticket(std::string label);
  void start(std::uint32_t ticket, std::size_t workflow, std::vector<Value> args, std::string segment);
  [[nodiscard]] bool started(std::uint32_t ticket) const { return runs_[ticket].id != 0; }
  [[nodiscard]] bool done(std::uint32_t ticket) const;
  // The node is active in its `visit`-th visit (0: any visit).
  [[nodiscard]] bool active(std::uint32_t ticket, std::uint32_t node, std::uint32_t visit) const;
  [[nodiscard]] InstanceId id(std::uint32_t ticket) const { return runs_[ticket].id; }
  [[nodiscard]] std::size_t workflow(std::uint32_t ticket) const { return result_.tickets[ticket].workflow; }

  Engine& engine() { return engine_; }
  [[nodiscard]] Instant now() const { return clock_.now(); }
  void count_op(bool applied) { ++(applied ? result_.host_ops : result_.skipped_ops); }

  // SLA results of every ticket, as they stand now.
  [[nodiscard]] Result finish();

 private:
  struct Later {
    bool operator()(const Pending& a, const Pending& b) const noexcept {
      return a.at != b.at ? a.at > b.at : a.seq > b.seq;
    }
  };
  struct Run {
    InstanceId id = 0;
    std::vector<std::uint32_t> visits;  // per node, as the engine counts them
    std::vector<bool> active;           // per node
  };

  void on_trace(const TraceEntry& t);
  // A ticket for an instance a `repeat` started (its first trace entry); returns the ticket.
  std::uint32_t adopt(const TraceEntry& t);

  std::shared_ptr<const Program> program_;
  VirtualClock clock_;
  Engine engine_;
  std::vector<Pending> scheduled_;
  std::size_t next_scheduled_ = 0;
  std::priority_queue<Pending, std::vector<Pending>, Later> queue_;
  std::uint64_t seq_ = 0;
  std::vector<std::unordered_map<std::string, std::uint32_t>> node_index_;  // per workflow
  std::vector<std::uint32_t> ticket_of_;  // by instance id: ticket + 1 (0: not mapped)
  std::uint32_t starting_ = 0;            // the ticket being started (its first traces come before start returns)
  bool in_start_ = false;                 // inside start(): an unmapped id is that ticket's
  std::vector<Run> runs_;
  Result result_;
};

}  // namespace docket::sim::detail
