// Engine units of work: the instance cache, touching, committing or rolling back, batches, versions.
#include <fmt/format.h>

#include <algorithm>

#include "docket/core/engine.hpp"
#include "run/engine_impl.hpp"
#include "run/snapshot.hpp"

namespace docket {

using detail::InstanceState;
using detail::InstanceStatusKind;

Engine::Impl::Impl(std::shared_ptr<const Program> p, const Clock& c)
    : clock(&c), current(std::make_shared<detail::VersionRuntime>(std::move(p), 0, EvalMode::automatic)) {
  runtimes.emplace(0, current);
}

// ---- versions

const detail::VersionRuntime& Engine::Impl::runtime(std::uint32_t version) const {
  if (auto it = runtimes.find(version); it != runtimes.end()) return *it->second;
  if (store == nullptr) throw EngineError(fmt::format("there is no program version {} without a store", version));
  std::optional<ProgramVersion> found;
  for (const ProgramVersion& v : store->versions()) {
    if (v.version == version) found = v;
  }
  if (!found) {
    throw EngineError(fmt::format("the store has no program version {}: it is damaged, or was written by another docket",
                                  version));
  }
  if (found->hash == current->program->hash() || found->hash.empty()) {  // the same program, or one kept unversioned
    return *runtimes.emplace(version, std::make_shared<detail::VersionRuntime>(current->program, version, eval_mode)).first->second;
  }
  if (!loader) {
    throw EngineError(fmt::format("an instance runs on program version {} (sha256 {}), which this engine cannot load: "
                                  "give the engine a program loader (Engine::use_program_loader) that compiles a "
                                  "version's sources",
                                  version, found->hash.substr(0, 12)));
  }
  std::shared_ptr<const Program> program = loader(*found);
  if (!program) throw EngineError(fmt::format("program version {} could not be compiled again from the store", version));
  if (program->hash() != found->hash) {
    throw EngineError(fmt::format("the loader gave version {} a program with other sources (sha256 {} where the store "
                                  "says {})",
                                  version, program->hash().substr(0, 12), found->hash.substr(0, 12)));
  }
  return *runtimes.emplace(version, std::make_shared<detail::VersionRuntime>(std::move(program), version, eval_mode)).first->second;
}

// ---- the instance cache

void detail::assign_state(InstanceState& to, const InstanceState& from) {
  // Every member by name: a member added to InstanceState stops this from compiling until it is copied here.
  const auto& [id, version, workflow, params, outcomes, visits, active, arrived, cursor, status, end, error, retry,
               retries, retry_at, slas, deadlines, series] = from;
  to.id = id;
  to.version = version;
  to.workflow = workflow;
  to.params = params;
  to.outcomes.resize(outcomes.size());
  for (std::size_t i = 0; i < outcomes.size(); ++i) {
    if (outcomes[i].empty()) {
      to.outcomes[i].clear();
    } else {
      to.outcomes[i] = outcomes[i];
    }
  }
  to.visits = visits;
  to.active = active;
  to.arrived = arrived;
  to.cursor = cursor;
  to.status = status;
  to.end = end;
  to.error = error;
  to.retry = retry;
  to.retries = retries;
  to.retry_at = retry_at;
  to.slas = slas;
  to.deadlines = deadlines;
  to.series = series;
}

InstanceState Engine::Impl::read_stored(const StoredInstance& stored) const {
  const detail::VersionRuntime& rt = runtime(stored.version);
  InstanceState st = detail::decode_snapshot(stored.id, stored.snapshot, rt.program->module());
  st.version = stored.version;
  if (std::any_of(st.slas.begin(), st.slas.end(),
                  [](const detail::SlaRun& r) { return r.phase == SlaPhase::running && !r.scheduled; })) {
    detail::Effects none;  // a format-1 snapshot: its clocks' next marks were not kept
    const detail::StepContext ctx{rt, *clock, clock->now(), calendars, retry_policy, false};
    detail::Transition(ctx, st, none).schedule_unscheduled();
  }
  return st;
}

const InstanceState* Engine::Impl::lookup(InstanceId id, std::optional<InstanceState>& scratch) const {
  if (auto it = instances.find(id); it != instances.end()) return &it->second.st;
  if (store == nullptr) return nullptr;
  std::optional<StoredInstance> stored = store->instance(id);
  if (!stored) return nullptr;
  scratch = read_stored(*stored);
  return &*scratch;
}

Engine::Impl::Entry& Engine::Impl::load(InstanceId id) {
  if (auto it = instances.find(id); it != instances.end()) return it->second;
  if (store != nullptr) {
    if (auto b = broken.find(id); b != broken.end()) throw EngineError(b->second);
    if (std::optional<StoredInstance> stored = store->instance(id)) {
      Entry e{read_stored(*stored), stored->next_due, stored->revision};
      cache_order.push_back(id);
      return instances.emplace(id, std::move(e)).first->second;
    }
  }
  throw EngineError(fmt::format("there is no instance {}", id));
}

Engine::Impl::Entry& Engine::Impl::running(InstanceId id) {
  Entry& e = load(id);
  if (e.st.status == InstanceStatusKind::finished) {
    throw EngineError(fmt::format("instance {} has finished (end `{}`): it takes no more steps or events", id, e.st.end));
  }
  if (e.st.status == InstanceStatusKind::failed) {
    throw EngineError(fmt::format("instance {} has failed ({}): it takes no more steps or events", id, e.st.error));
  }
  return e;
}

void Engine::Impl::evict_over_limit() {
  if (store == nullptr) return;
  while (instances.size() > cache_limit && !cache_order.empty()) {
    const InstanceId id = cache_order.front();
    cache_order.pop_front();
    if (!unit.is_dirty(id)) instances.erase(id);
  }
  if (cache_order.size() > 2 * instances.size() + 1024) {  // ids of instances already gone
    std::erase_if(cache_order, [&](InstanceId id) { return !instances.contains(id); });
  }
}

// ---- units of work

Engine::Impl::Operation::Operation(Impl& impl)
    : impl_(impl),
      touched_before_(impl.unit.touched.size()),
      trail_before_(impl.unit.effects.trail.size()),
      actions_before_(impl.unit.effects.actions.size()) {
  if (!impl.unit.spoiled.empty()) {
    throw EngineError(fmt::format("this batch is spoiled ({}): let it go and start another", impl.unit.spoiled));
  }
  if (impl.shared() && impl.unit.touched.empty() && impl.unit.operations == 0) {
    // A new unit on a store other processes write: nothing cached is trusted, every instance the
    // unit needs is read again (the store is the truth; its revision check refuses stale writes).
    impl.instances.clear();
    impl.cache_order.clear();
  }
  ++impl.unit.operations;
  impl.ran = true;
}

Engine::Impl::Operation::~Operation() {
  if (done_) return;
  --impl_.unit.operations;
  // An exception: an operation that changed nothing (a refused argument) leaves the unit as it was.
  const bool changed = impl_.unit.touched.size() != touched_before_ || impl_.unit.effects.trail.size() != trail_before_ ||
                       impl_.unit.effects.actions.size() != actions_before_;
  if (!changed) return;
  if (impl_.unit.batch) {
    impl_.unit.spoiled = "an operation failed half-way";
    return;  // the Batch rolls the whole unit back
  }
  impl_.rollback_unit();
}

void Engine::Impl::Operation::done() {
  done_ = true;
  --impl_.unit.operations;
  // A sink called after a commit may run operations of its own: each is then a unit of its own.
  if (impl_.unit.batch || impl_.unit.operations > 0) return;
  impl_.commit_unit();
}

InstanceState& Engine::Impl::touch(Entry& e) {
  const InstanceId id = e.st.id;
  if (unit.mark_dirty(id) && store == nullptr) unit.back_up(id, &e.st);
  return e.st;
}

void Engine::Impl::after_step(Entry& e) {
  const std::optional<Instant> due = detail::next_due(e.st);
  if (store != nullptr) {
    // The overlay speaks for the instance until the unit commits; its store row is not looked at.
    if (auto it = unit.overlay_due.find(e.st.id); it != unit.overlay_due.end()) {
      unit.overlay.erase(DueInstance{it->second, e.st.id});
      unit.overlay_due.erase(it);
    }
    if (due) {
      unit.overlay.insert({*due, e.st.id});
      unit.overlay_due.emplace(e.st.id, *due);
    }
    return;
  }
  if (due != e.due) {
    e.due = due;
    if (due) due_heap.push({*due, e.st.id});
  }
}

void Engine::Impl::commit_unit() {
  if (unit.touched.empty() && unit.effects.trail.empty() && unit.effects.actions.empty() && unit.keys.empty() &&
      unit.meta.empty()) {
    unit.reset();
    return;
  }
  std::vector<OutboxEntry> outbox;
  outbox.reserve(unit.effects.actions.size());
  const Instant now = clock->now();
  for (Action& a : unit.effects.actions) {  // moved: the unit is reset (or rolled back) after this
    OutboxEntry o;
    o.channel = channel_of(a);
    o.action = std::move(a);
    o.next_at = now;
    outbox.push_back(std::move(o));
  }
  std::vector<std::optional<Instant>> dues;  // with a store: each touched instance's next timer, computed once
  if (store != nullptr) {
    StoreBatch batch;
    batch.instances.reserve(unit.touched.size());
    dues.reserve(unit.touched.size());
    for (InstanceId id : unit.touched) {
      const Entry& e = instances.at(id);
      const ir::Workflow& wf = runtime_of(e.st).program->module().workflows.at(e.st.workflow);
      dues.push_back(detail::next_due(e.st));
      batch.instances.push_back({id, wf.name, e.st.version, e.st.status != InstanceStatusKind::finished, dues.back(),
                                 detail::encode_snapshot(e.st, wf), e.revision});
    }
    // The store keeps each entry's full words: deferred explanations are put together now.
    for (TraceEntry& t : unit.effects.trail) {
      if (t.full) {
        t.detail = t.full->text();
        t.full.reset();
      }
    }
    batch.trail = std::move(unit.effects.trail);
    batch.actions = outbox;
    batch.deliveries = acks;
    batch.keys = unit.keys;
    batch.meta = unit.meta;
    try {
      store->write(batch);
    } catch (const StoreError& e) {
      unit.effects.trail = std::move(batch.trail);
      rollback_unit();
      const std::string why = fmt::format("the store failed to keep what the engine did, so it did not happen: {}", e.what());
      if (dynamic_cast<const StoreConflict*>(&e) != nullptr) throw StoreConflict(why);
      if (dynamic_cast<const StoreFenced*>(&e) != nullptr) throw StoreFenced(why);
      throw StoreError(why);
    }
    acks.clear();
    acked.clear();
    unit.effects.trail = std::move(batch.trail);
  }
  // Committed: the index, the cache, and then the outside world. (Without a store, an engine that
  // keeps finished instances has nothing to do here: not a look-up per instance.)
  const bool sweep = store != nullptr || !keep_finished;
  for (std::size_t i = 0; sweep && i < unit.touched.size(); ++i) {
    auto it = instances.find(unit.touched[i]);
    Entry& e = it->second;
    if (store != nullptr) {
      e.due = dues[i];
      e.revision = e.revision + 1;  // the store's revision after this write (a new instance's is 1)
      if (e.st.status == InstanceStatusKind::finished) instances.erase(it);  // the store answers for it
    } else if (e.st.status == InstanceStatusKind::finished && !keep_finished && !detail::next_due(e.st)) {
      instances.erase(it);  // kept while its `repeat` series has a next start to fire
    }
  }
  if (store == nullptr) {
    for (InstanceKey& k : unit.keys) keys.emplace(k.key, std::move(k));
    for (OutboxEntry& o : outbox) {
      if (o.channel == ActionChannel::plugin || action_sink) local_outbox.add(std::move(o));
    }
  }
  std::vector<TraceEntry> trail;
  if (trace_sink) trail.swap(unit.effects.trail);
  unit.reset();
  evict_over_limit();
  if (shared()) {
    // Other processes may write any instance from now on: what is cached is read again when needed
    // (a write from a stale copy would be refused by the store's revision check anyway).
    instances.clear();
    cache_order.clear();
  }
  for (const TraceEntry& t : trail) trace_sink(t);
  if (unit.effects.trail.empty() && unit.effects.trail.capacity() < trail.capacity()) {
    trail.clear();
    unit.effects.trail.swap(trail);  // the next unit's entries go into this memory
  }
  deliver_due();
}

void Engine::Impl::rollback_unit() {
  if (shared()) {
    try {
      store->release_claims();  // the timers it claimed are free for any process again
    } catch (const StoreError&) {  // freed when this process's lease ends
    }
  }
  if (store != nullptr) {
    for (InstanceId id : unit.touched) instances.erase(id);  // read again from the store when needed
  }
  for (std::size_t i = 0; i < unit.backups_used; ++i) {
    Backup& b = unit.backups[i];
    if (!b.existed) {
      instances.erase(b.id);  // started by the unit
      continue;
    }
    Entry& e = instances.at(b.id);
    std::swap(e.st, b.st);
    const std::optional<Instant> due = detail::next_due(e.st);
    if (due != e.due) {
      e.due = due;
      if (due) due_heap.push({*due, b.id});
    }
  }
  unit.reset();
}

// ---- Engine::Batch

Engine::Batch::Batch(Engine& engine) : engine_(engine) {
  Impl& impl = *engine.impl_;
  if (impl.unit.batch) throw EngineError("a Batch is already open on this engine: commit it first");
  if (impl.unit.operations > 0) throw EngineError("a Batch cannot be opened inside an operation");
  impl.unit.batch = true;
}

Engine::Batch::~Batch() {
  if (!open_) return;
  Impl& impl = *engine_.impl_;
  impl.unit.batch = false;
  impl.rollback_unit();
}

void Engine::Batch::set_meta(std::string key, std::string value) {
  if (!open_) throw EngineError("this Batch has been committed");
  engine_.impl_->unit.meta[std::move(key)] = std::move(value);
}

void Engine::Batch::commit() {
  if (!open_) throw EngineError("this Batch has been committed");
  Impl& impl = *engine_.impl_;
  open_ = false;
  impl.unit.batch = false;
  if (!impl.unit.spoiled.empty()) {
    const std::string why = impl.unit.spoiled;
    impl.rollback_unit();
    throw EngineError(fmt::format("the batch was not committed: {}; nothing of it was kept", why));
  }
  impl.commit_unit();
}

}  // namespace docket
