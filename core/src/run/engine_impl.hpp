// Engine::Impl: the driver — instance cache, units of work, the due-time index, versions and delivery.
//
// The transitions (transition.hpp) change one instance and return their effects; the driver loads
// the instances they need (from memory, or from the store that is the source of truth), commits
// the new states and the effects of a unit of work (one operation, or a Batch of them) in one
// store transaction, and only then hands trail entries to the trace sink and actions to their
// handlers. A unit that fails half-way leaves nothing behind: with a store, the instances it
// touched are dropped from memory and read again from the store; without one, they are put back
// from copies taken when first touched.
#pragma once

#include <algorithm>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <queue>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "docket/core/engine.hpp"
#include "docket/core/extensions.hpp"
#include "docket/core/store.hpp"
#include "run/instance_state.hpp"
#include "run/local_outbox.hpp"
#include "run/transition.hpp"

namespace docket {

struct Engine::Impl {
  Impl(std::shared_ptr<const Program> p, const Clock& c);

  const Clock* clock;
  std::function<void(const Action&)> action_sink;
  std::function<void(const TraceEntry&)> trace_sink;
  std::function<void(const OutboxEntry&)> delivery_sink;
  RetryPolicy retry_policy;
  RetryPolicy action_policy = kActionRetry;
  mutable detail::CalendarCache calendars;  // a memo: answers never change
  Store* store = nullptr;
  bool keep_finished = true;
  std::size_t cache_limit = 100'000;
  bool ran = false;  // an operation has run (recover() must come before)

  // ---- program versions (engine_unit.cpp)
  EvalMode eval_mode = EvalMode::automatic;  // every version's evaluator
  std::shared_ptr<detail::VersionRuntime> current;  // new instances start on it
  mutable std::map<std::uint32_t, std::shared_ptr<detail::VersionRuntime>> runtimes;
  ProgramLoader loader;
  // The runtime of `version`, loaded through the loader when needed (EngineError when it cannot be).
  [[nodiscard]] const detail::VersionRuntime& runtime(std::uint32_t version) const;
  [[nodiscard]] const detail::VersionRuntime& runtime_of(const detail::InstanceState& st) const {
    return st.version == current->version ? *current : runtime(st.version);
  }

  // ---- instances: the truth without a store, a cache in front of it with one
  struct Entry {
    detail::InstanceState st;
    std::optional<Instant> due;  // its earliest timer as the due-time index knows it
    std::uint64_t revision = 0;  // the store's revision of it when read (0: new); a shared store checks it
  };
  std::unordered_map<InstanceId, Entry> instances;
  std::deque<InstanceId> cache_order;  // with a store: oldest cached first, for eviction
  InstanceId next_id = 1;              // without a store
  std::map<std::string, InstanceKey, std::less<>> keys;  // without a store
  std::map<InstanceId, std::string> broken;  // with a store: instances that cannot be read, and why

  // The instance in memory, else read from the store into the cache (open ones) or, for a finished
  // one, into `scratch`; null when there is none.
  [[nodiscard]] const detail::InstanceState* lookup(InstanceId id, std::optional<detail::InstanceState>& scratch) const;
  // Reads an instance from the store (EngineError when its snapshot cannot be read).
  [[nodiscard]] detail::InstanceState read_stored(const StoredInstance& stored) const;
  // An open instance, loaded into memory; EngineError when there is none or it has finished/failed
  // (running()) and the message names it.
  [[nodiscard]] Entry& load(InstanceId id);
  [[nodiscard]] Entry& running(InstanceId id);
  void evict_over_limit();

  // ---- units of work (engine_unit.cpp)
  // What a unit of work without a store puts back when it rolls back: the instance as it was when
  // the unit first touched it, or (`existed` false) nothing, for one the unit started.
  struct Backup {
    InstanceId id = 0;
    bool existed = false;
    detail::InstanceState st;  // kept between units, so copying into it reuses its vectors' memory
  };
  struct Unit {
    static constexpr std::size_t kScanTouched = 8;  // up to this many, `touched` is searched, not `dirty`
    std::vector<InstanceId> touched;  // in the order first touched
    std::vector<Backup> backups;      // without a store: [0, backups_used) are this unit's, in `touched` order
    std::size_t backups_used = 0;
    std::unordered_set<InstanceId> dirty;  // the touched instances, filled only past kScanTouched of them
    std::set<DueInstance> overlay;  // with a store: the touched instances' current due times
    std::unordered_map<InstanceId, Instant> overlay_due;  // the same by instance (to replace one in O(log n))
    detail::Effects effects;
    std::vector<InstanceKey> keys;
    std::map<std::string, std::string> meta;
    int operations = 0;   // operations under way
    bool batch = false;   // an Engine::Batch holds the unit open
    std::string spoiled;  // why an operation failed half-way inside the batch
    // Empties the unit for the next one, keeping its containers' memory (an operation is a few
    // microseconds: allocating hash tables afresh for each one cost a tenth of it).
    // Whether the unit has touched the instance.
    [[nodiscard]] bool is_dirty(InstanceId id) const {
      if (touched.size() <= kScanTouched) return std::find(touched.begin(), touched.end(), id) != touched.end();
      return dirty.contains(id);
    }
    // Records that the unit touches the instance; false when it already had.
    bool mark_dirty(InstanceId id) {
      if (is_dirty(id)) return false;
      touched.push_back(id);
      if (touched.size() == kScanTouched + 1) {
        dirty.insert(touched.begin(), touched.end());
      } else if (touched.size() > kScanTouched) {
        dirty.insert(id);
      }
      return true;
    }
    // Keeps the instance as it is now (null: it did not exist before the unit).
    void back_up(InstanceId id, const detail::InstanceState* st) {
      if (backups_used == backups.size()) backups.emplace_back();
      Backup& b = backups[backups_used++];
      b.id = id;
      b.existed = st != nullptr;
      if (st != nullptr) detail::assign_state(b.st, *st);
    }
    void reset() {
      touched.clear();
      // clear() walks every bucket: after a unit that touched many instances (a sweep firing a
      // whole night's breaches), a fresh table is cheaper than clearing the big one each time.
      auto empty = [](auto& table) {
        if (table.empty()) return;  // clear() would still wipe every bucket
        if (table.bucket_count() > 64) {
          table = std::remove_reference_t<decltype(table)>{};
        } else {
          table.clear();
        }
      };
      backups_used = 0;
      if (backups.size() > 64) backups.resize(64);  // after a big unit, keep only a few copies' memory
      empty(dirty);
      overlay.clear();
      empty(overlay_due);
      effects.trail.clear();
      effects.actions.clear();
      effects.repeats.clear();
      keys.clear();
      meta.clear();
      operations = 0;
      batch = false;
      spoiled.clear();
    }
  } unit;
  std::vector<DeliveryUpdate> acks;  // delivery results not yet written
  std::unordered_set<std::string> acked;

  // An operation inside the current unit; not finished (an exception) = it leaves nothing behind.
  class Operation {
   public:
    explicit Operation(Impl& impl);
    ~Operation();
    Operation(const Operation&) = delete;
    Operation& operator=(const Operation&) = delete;
    // Ends the operation; commits the unit unless a Batch holds it open.
    void done();

   private:
    Impl& impl_;
    std::size_t touched_before_;
    std::size_t trail_before_;
    std::size_t actions_before_;
    bool done_ = false;
  };
  // Creates instance of `workflow` on `rt` with checked arguments and starts it in the current unit.
  InstanceId begin(const detail::VersionRuntime& rt, std::size_t workflow, std::vector<Value> args,
                   std::optional<detail::SeriesState> series);
  // Starts the next instances of the `repeat` series whose timers just fired (Effects::repeats).
  void start_repeats();
  // Marks an instance as changed by the unit (a copy is kept first without a store).
  detail::InstanceState& touch(Entry& e);
  // Runs `step` as a transition of the entry's instance and records what it changed.
  template <class Step>
  void transit(Entry& e, Step&& step) {
    detail::InstanceState& st = touch(e);
    const detail::StepContext ctx{runtime_of(st), *clock, clock->now(), calendars, retry_policy, tracing()};
    detail::Transition t(ctx, st, unit.effects);
    step(t);
    after_step(e);
  }
  void after_step(Entry& e);
  void commit_unit();
  void rollback_unit();
  [[nodiscard]] bool tracing() const noexcept { return trace_sink || store != nullptr; }
  // Other processes write the store too: cached instances are read again for every unit of work.
  [[nodiscard]] bool shared() const noexcept { return store != nullptr && store->shared(); }

  // ---- timers (engine_timers.cpp)
  std::priority_queue<DueInstance, std::vector<DueInstance>, std::greater<>> due_heap;  // without a store
  struct DueCursor {
    std::vector<DueInstance> page;
    std::size_t pos = 0;
    std::optional<DueInstance> after;
    bool exhausted = false;
  };
  // The next instance with a timer due at `now`, in (due, id) order; null when none is.
  [[nodiscard]] std::optional<InstanceId> next_due_instance(Instant now, DueCursor& cursor);

  // ---- actions (delivery.cpp)
  detail::LocalOutbox local_outbox;  // without a store
  [[nodiscard]] ActionChannel channel_of(const Action& a) const;
  std::size_t deliver_due();
  void write_acks();
};

}  // namespace docket
