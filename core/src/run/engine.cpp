// Engine: the public operations (start, complete, signal, timers, status) and their misuse checks.
#include "docket/core/engine.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

#include "eval/eval_error.hpp"
#include "eval/value_check.hpp"
#include "docket/core/store.hpp"
#include "docket/core/suggest.hpp"
#include "run/engine_impl.hpp"
#include "run/snapshot.hpp"

namespace docket {

namespace {

using detail::InstanceState;
using detail::InstanceStatusKind;

std::string describe(const Value& v) { return fmt::format("{} {}", detail::value_type_name(v), to_string(v)); }

const char* node_kind_article(ir::NodeKind kind) {
  switch (kind) {
    case ir::NodeKind::start: return "the start";
    case ir::NodeKind::end: return "an end";
    case ir::NodeKind::parallel: return "a parallel split";
    case ir::NodeKind::join: return "a join";
    case ir::NodeKind::step:
    case ir::NodeKind::wait: break;
  }
  return "a";
}

std::vector<std::string> node_names(const ir::Workflow& wf, ir::NodeKind kind) {
  std::vector<std::string> out;
  for (const ir::Node& n : wf.nodes) {
    if (n.kind == kind) out.push_back(n.name);
  }
  return out;
}

}  // namespace

InstanceState& Engine::Impl::find(InstanceId id) {
  auto it = instances.find(id);
  if (it == instances.end()) throw EngineError(fmt::format("there is no instance {}", id));
  return it->second;
}

const InstanceState& Engine::Impl::find(InstanceId id) const {
  auto it = instances.find(id);
  if (it == instances.end()) throw EngineError(fmt::format("there is no instance {}", id));
  return it->second;
}

const InstanceState* Engine::Impl::lookup(InstanceId id) const {
  if (auto it = instances.find(id); it != instances.end()) return &it->second;
  if (auto it = archived.find(id); it != archived.end()) return &it->second;
  if (store == nullptr) return nullptr;
  std::optional<StoredInstance> stored = store->instance(id);
  if (!stored) return nullptr;
  return &archived.emplace(id, detail::decode_snapshot(id, stored->snapshot, program->module())).first->second;
}

const InstanceState& Engine::Impl::known(InstanceId id) const {
  const InstanceState* st = lookup(id);
  if (st == nullptr) throw EngineError(fmt::format("there is no instance {}", id));
  return *st;
}

void Engine::Impl::check_store() const {
  if (!store_failure.empty()) {
    throw EngineError(fmt::format("the engine stopped when its store failed ({}); make a new engine and recover() it "
                                  "from the store",
                                  store_failure));
  }
}

void Engine::Impl::flush() {
  if (store == nullptr) return;
  for (InstanceId id : touched) {
    if (std::find_if(pending.instances.begin(), pending.instances.end(),
                     [&](const StoredInstance& i) { return i.id == id; }) != pending.instances.end()) {
      continue;
    }
    const InstanceState& st = find(id);
    const ir::Workflow& wf = workflow(st);
    pending.instances.push_back({id, wf.name, st.status != InstanceStatusKind::finished, detail::encode_snapshot(st, wf)});
  }
  touched.clear();
  if (pending.empty()) return;
  StoreBatch batch = std::move(pending);
  pending = {};
  try {
    store->write(batch);
  } catch (const std::exception& e) {
    store_failure = e.what();
    throw StoreError(fmt::format("the store failed to keep what the engine did: {}", e.what()));
  }
}

void Engine::Impl::arm_timers(InstanceState& st) {
  for (const detail::PendingDeadline& d : st.deadlines) {
    timers.push(detail::Timer{d.due, next_timer_seq++, st.id, d.node, d.visit, detail::TimerKind::deadline});
  }
  if (st.status == InstanceStatusKind::failed && st.retry_at) {
    timers.push(detail::Timer{*st.retry_at, next_timer_seq++, st.id, st.retry.node, st.retries, detail::TimerKind::retry});
  }
  for (std::uint32_t i = 0; i < st.slas.size(); ++i) {
    if (st.slas[i].phase == SlaPhase::running) sla_schedule(st, i);
  }
}

InstanceState& Engine::Impl::running(InstanceId id) {
  InstanceState& st = find(id);
  if (st.status == InstanceStatusKind::finished) {
    throw EngineError(fmt::format("instance {} has finished (end `{}`): it takes no more steps or events", id, st.end));
  }
  if (st.status == InstanceStatusKind::failed) {
    throw EngineError(fmt::format("instance {} has failed ({}): it takes no more steps or events", id, st.error));
  }
  return st;
}

Engine::Engine(std::shared_ptr<const Program> program, const Clock& clock) {
  if (!program) throw EngineError("the engine needs a program: Program::lower returned null (see its diagnostics)");
  impl_ = std::make_unique<Impl>(std::move(program), clock);
}

Engine::~Engine() = default;

void Engine::on_action(std::function<void(const Action&)> sink) { impl_->action_sink = std::move(sink); }
void Engine::on_trace(std::function<void(const TraceEntry&)> sink) { impl_->trace_sink = std::move(sink); }
void Engine::use_store(Store& store) {
  impl_->store = &store;
  impl_->next_id = std::max(impl_->next_id, store.last_instance_id() + 1);  // never overwrite a stored instance
}

std::vector<TraceEntry> Engine::audit(InstanceId id) const {
  if (impl_->store == nullptr) {
    (void)impl_->find(id);
    throw EngineError("the engine keeps no audit trail: give it a store with Engine::use_store (MemoryStore in memory)");
  }
  if (impl_->lookup(id) == nullptr) throw EngineError(fmt::format("there is no instance {}", id));
  return impl_->store->audit(id);
}

std::size_t Engine::recover() {
  Impl& impl = *impl_;
  if (impl.store == nullptr) throw EngineError("recover() reads a store: give the engine one with Engine::use_store first");
  if (!impl.instances.empty()) {
    throw EngineError(fmt::format("recover() fills a new engine, and this one already runs {} instance(s)",
                                  impl.instances.size()));
  }
  impl.check_store();
  std::size_t count = 0;
  for (const StoredInstance& stored : impl.store->open_instances()) {
    InstanceState st = detail::decode_snapshot(stored.id, stored.snapshot, impl.program->module());
    impl.arm_timers(impl.instances.emplace(stored.id, std::move(st)).first->second);
    ++count;
  }
  impl.next_id = std::max(impl.next_id, impl.store->last_instance_id() + 1);
  impl.prune_timers();
  return count;
}

InstanceId Engine::start(std::string_view workflow_name, std::vector<Value> args) {
  impl_->check_store();
  const ir::Module& module = impl_->program->module();
  const ir::Workflow* wf = module.find_workflow(workflow_name);
  if (wf == nullptr) {
    std::vector<std::string> names;
    for (const ir::Workflow& w : module.workflows) names.push_back(w.name);
    throw EngineError(fmt::format("there is no workflow `{}`{} (workflows: {})", workflow_name,
                                  did_you_mean_suffix(workflow_name, names), join_names(names)));
  }
  std::vector<std::string> signature;
  for (const ir::Param& p : wf->params) signature.push_back(p.name + ": " + p.type.name());
  if (args.size() != wf->params.size()) {
    throw EngineError(fmt::format("workflow `{}` takes {} argument(s) ({}), got {}", wf->name, wf->params.size(),
                                  join_names(signature), args.size()));
  }
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::optional<Value> typed = detail::conform(args[i], wf->params[i].type);
    if (!typed) {
      throw EngineError(fmt::format("argument `{}` of workflow `{}` must be a {}, got {}", wf->params[i].name, wf->name,
                                    wf->params[i].type.name(), describe(args[i])));
    }
    args[i] = *std::move(typed);
  }

  InstanceState st;
  st.id = impl_->next_id++;
  st.workflow = static_cast<std::size_t>(wf - module.workflows.data());
  st.params = std::move(args);
  st.visits.assign(wf->nodes.size(), 0);
  InstanceState& inst = impl_->instances.emplace(st.id, std::move(st)).first->second;

  if (impl_->tracing()) {
    std::vector<std::string> shown;
    for (std::size_t i = 0; i < inst.params.size(); ++i) shown.push_back(wf->params[i].name + " = " + to_string(inst.params[i]));
    impl_->trace(impl_->clock->now(), inst, TraceKind::started, wf->nodes[0].name,
                 fmt::format("{}({})", wf->name, fmt::join(shown, ", ")));
  }
  impl_->touch(inst);
  impl_->guarded(inst, [&] { impl_->enter(inst, 0); });
  impl_->prune_timers();
  impl_->flush();
  return inst.id;
}

void Engine::complete(InstanceId id, std::string_view step, std::map<std::string, Value, std::less<>> outcomes) {
  impl_->check_store();
  InstanceState& st = impl_->running(id);
  const ir::Workflow& wf = impl_->workflow(st);
  std::vector<std::string> active;
  for (std::uint32_t a : st.active) active.push_back(wf.nodes[a].name);

  std::optional<std::uint32_t> index = wf.find_node(step);
  if (!index) {
    std::vector<std::string> steps = node_names(wf, ir::NodeKind::step);
    throw EngineError(fmt::format("workflow `{}` has no step `{}`{} (steps: {})", wf.name, step,
                                  did_you_mean_suffix(step, steps), join_names(steps)));
  }
  const ir::Node& node = wf.nodes[*index];
  if (node.kind == ir::NodeKind::wait) {
    std::vector<std::string> events;
    for (std::uint32_t e : impl_->graph(st).edges_from(*index)) {
      if (wf.edges[e].kind == ir::EdgeKind::on_event) events.push_back(wf.edges[e].event);
    }
    throw EngineError(fmt::format("`{}` is a wait, not a step: it is left by an event (signal one of: {})", node.name,
                                  join_names(events)));
  }
  if (node.kind != ir::NodeKind::step) {
    throw EngineError(fmt::format("`{}` is {} node, not a step: only steps are completed", node.name,
                                  node_kind_article(node.kind)));
  }
  if (std::find(st.active.begin(), st.active.end(), *index) == st.active.end()) {
    throw EngineError(fmt::format("step `{}` is not active in instance {} (active: {})", node.name, id,
                                  join_names(active)));
  }

  std::vector<std::string> declared;
  for (const ir::Outcome& o : node.outcomes) declared.push_back(o.name);
  for (const auto& [name, value] : outcomes) {
    if (std::find(declared.begin(), declared.end(), name) == declared.end()) {
      throw EngineError(fmt::format("step `{}` has no outcome `{}`{} (its outcomes: {})", node.name, name,
                                    did_you_mean_suffix(name, declared), join_names(declared)));
    }
  }
  std::vector<Value> values;
  std::vector<std::string> shown;
  for (const ir::Outcome& o : node.outcomes) {
    auto it = outcomes.find(o.name);
    if (it == outcomes.end()) {
      throw EngineError(fmt::format("step `{}` needs outcome `{}` ({}) to complete", node.name, o.name, o.type.name()));
    }
    std::optional<Value> typed = detail::conform(it->second, o.type);
    if (!typed) {
      throw EngineError(fmt::format("outcome `{}` of step `{}` must be a {}, got {}", o.name, node.name, o.type.name(),
                                    describe(it->second)));
    }
    if (impl_->tracing()) shown.push_back(o.name + " = " + to_string(*typed));
    values.push_back(*std::move(typed));
  }

  if (!values.empty()) {
    if (st.outcomes.empty()) st.outcomes.resize(wf.nodes.size());  // made when first needed
    st.outcomes[*index] = std::move(values);
  }
  st.cursor = *index;
  impl_->touch(st);
  impl_->leave(st, *index, true);
  if (impl_->tracing()) {
    impl_->trace(impl_->clock->now(), st, TraceKind::completed, node.name,
                 shown.empty() ? std::string("no outcomes") : fmt::format("{}", fmt::join(shown, ", ")));
  }
  impl_->guarded(st, [&] { impl_->route(st, *index); });
  impl_->prune_timers();
  impl_->flush();
}

void Engine::signal(InstanceId id, std::string_view event) {
  impl_->check_store();
  InstanceState& st = impl_->running(id);
  const ir::Workflow& wf = impl_->workflow(st);
  std::vector<std::string> awaited;
  for (std::uint32_t node : st.active) {
    for (std::uint32_t e : impl_->graph(st).edges_from(node)) {
      const ir::Edge& edge = wf.edges[e];
      if (edge.kind != ir::EdgeKind::on_event) continue;
      if (edge.event != event) {
        awaited.push_back(fmt::format("{} (at {})", edge.event, wf.nodes[node].name));
        continue;
      }
      impl_->touch(st);
      impl_->trace(impl_->clock->now(), st, TraceKind::event, wf.nodes[node].name, std::string(event));
      impl_->leave(st, node, false);
      impl_->guarded(st, [&] { impl_->take(st, e, fmt::format("on event {}", event)); });
      impl_->prune_timers();
      impl_->flush();
      return;
    }
  }
  throw EngineError(fmt::format("instance {} is not waiting for event `{}`; it awaits: {}", id, event,
                                awaited.empty() ? std::string("no events") : join_names(awaited)));
}

std::optional<Instant> Engine::next_timer() const {
  if (impl_->timers.empty()) return std::nullopt;
  return impl_->timers.top().due;
}

void Engine::fire_due_timers() {
  impl_->check_store();
  const Instant now = impl_->clock->now();
  impl_->prune_timers();
  while (!impl_->timers.empty() && impl_->timers.top().due <= now) {
    detail::Timer t = impl_->timers.top();
    impl_->timers.pop();
    if (!impl_->live(t)) {
      // stale: its node was left, its instance recovered, or its SLA clock changed since
    } else if (t.kind == detail::TimerKind::retry) {
      InstanceState& st = impl_->find(t.instance);
      impl_->touch(st);
      impl_->retry(st);
    } else if (t.kind == detail::TimerKind::sla) {
      InstanceState& st = impl_->find(t.instance);
      impl_->touch(st);
      impl_->sla_fire(st, t.node, t.due);
    } else {
      InstanceState& st = impl_->find(t.instance);
      impl_->touch(st);
      std::erase_if(st.deadlines, [&](const detail::PendingDeadline& d) { return d.node == t.node && d.visit == t.stamp; });
      const ir::Node& node = impl_->workflow(st).nodes.at(t.node);
      impl_->trace(t.due, st, TraceKind::deadline_missed, node.name,
                   fmt::format("within {} passed; `{}` is still active", to_string(*node.within), node.name),
                   t.due);
    }
    impl_->prune_timers();
  }
  impl_->flush();
}

InstanceStatus Engine::status(InstanceId id) const {
  const InstanceState& st = impl_->known(id);
  const ir::Workflow& wf = impl_->workflow(st);
  InstanceStatus out;
  out.workflow = wf.name;
  for (std::uint32_t a : st.active) out.active.push_back(wf.nodes[a].name);
  out.finished = st.status == InstanceStatusKind::finished;
  out.end = st.end;
  out.error = st.error;
  out.retries = st.retries;
  out.retry_at = st.retry_at;
  for (const detail::SlaRun& run : st.slas) out.escalation_level = std::max(out.escalation_level, run.level);
  return out;
}

std::vector<SlaStatus> Engine::slas(InstanceId id) const {
  const InstanceState& st = impl_->known(id);
  const ir::Workflow& wf = impl_->workflow(st);
  std::vector<SlaStatus> out;
  for (std::size_t i = 0; i < wf.slas.size(); ++i) {
    SlaStatus s;
    s.name = wf.slas[i].name;
    if (i < st.slas.size()) {
      const detail::SlaRun& run = st.slas[i];
      const detail::SlaMeter meter = impl_->sla_meter(st, run);
      s.phase = run.phase;
      s.target = run.target;
      s.business = run.business;
      if (run.phase != SlaPhase::idle) s.started = run.started;
      if (run.phase == SlaPhase::running) s.due = detail::sla_due(run, meter);
      if (run.phase == SlaPhase::stopped || run.phase == SlaPhase::cancelled) s.ended = run.ended;
      s.breached = run.breached;
      s.level = run.level;
      const Instant now = run.phase == SlaPhase::running ? std::max(impl_->clock->now(), run.since) : run.since;
      s.elapsed = std::chrono::seconds{detail::sla_elapsed(run, meter, now)};
      s.clock_elapsed = std::chrono::seconds{run.clock_elapsed + (run.phase == SlaPhase::running ? (now - run.since).count() : 0)};
      s.budget = std::chrono::seconds{run.budget};
      s.ledger = run.ledger;
    }
    out.push_back(std::move(s));
  }
  return out;
}

void Engine::update(InstanceId id, std::string_view param, Value value) {
  impl_->check_store();
  InstanceState& st = impl_->find(id);
  const ir::Workflow& wf = impl_->workflow(st);
  std::vector<std::string> names;
  for (const ir::Param& p : wf.params) names.push_back(p.name);
  auto it = std::find(names.begin(), names.end(), param);
  if (it == names.end()) {
    throw EngineError(fmt::format("workflow `{}` has no parameter `{}`{} (parameters: {})", wf.name, param,
                                  did_you_mean_suffix(param, names), join_names(names)));
  }
  const auto index = static_cast<std::size_t>(it - names.begin());
  std::optional<Value> typed = detail::conform(value, wf.params[index].type);
  if (!typed) {
    throw EngineError(fmt::format("parameter `{}` of workflow `{}` must be a {}, got {}", param, wf.name,
                                  wf.params[index].type.name(), describe(value)));
  }
  std::vector<Value> params = st.params;
  params[index] = *std::move(typed);
  // The new targets are worked out before anything changes.
  std::vector<std::pair<std::size_t, Duration>> retargets;
  for (std::size_t i = 0; i < st.slas.size(); ++i) {
    const SlaPhase phase = st.slas[i].phase;
    if (phase != SlaPhase::running && phase != SlaPhase::paused) continue;
    try {
      Duration target = impl_->sla_target(st, wf.slas[i], params);
      if (!(target == st.slas[i].target)) retargets.emplace_back(i, target);
    } catch (const detail::EvalError& e) {
      throw EngineError(fmt::format("cannot update `{}` of instance {}: the target of SLA `{}` fails with it: {}", param,
                                    id, wf.slas[i].name, e.what()));
    }
  }
  impl_->touch(st);
  st.params = std::move(params);
  const Instant now = impl_->clock->now();
  for (const auto& [i, target] : retargets) {
    detail::SlaRun& run = st.slas[i];
    const detail::SlaMeter meter = impl_->sla_meter(st, run);
    const Duration before = run.target;
    detail::sla_retarget(run, meter, now, target, wf.slas[i].by_minute);
    std::optional<Instant> due;
    if (run.phase == SlaPhase::running) due = detail::sla_due(run, meter);
    impl_->trace(now, st, TraceKind::sla, "sla " + wf.slas[i].name,
                 fmt::format("SLA {} re-targeted from {} to {} ({} changed){}", wf.slas[i].name, to_string(before),
                             to_string(target), param, due ? "" : ", paused"),
                 due);
    impl_->sla_schedule(st, static_cast<std::uint32_t>(i));
  }
  impl_->prune_timers();
  impl_->flush();
}

void Engine::set_retry_policy(RetryPolicy policy) {
  if (!policy.valid()) {
    throw EngineError("a retry policy needs max_attempts >= 1, factor >= 1 and a positive first_delay");
  }
  impl_->retry_policy = policy;
}

void Engine::use_calendars(const CalendarRegistry& calendars) {
  impl_->calendars = &calendars;
  impl_->business_clocks.clear();
}

void Engine::retry(InstanceId id) {
  impl_->check_store();
  InstanceState& st = impl_->find(id);
  if (st.status != InstanceStatusKind::failed) {
    throw EngineError(fmt::format("instance {} has not failed: there is nothing to retry", id));
  }
  if (!st.retry.valid) {
    throw EngineError(fmt::format("instance {} failed because {}; a retry cannot fix that", id, st.error));
  }
  impl_->touch(st);
  impl_->retry(st);
  impl_->prune_timers();
  impl_->flush();
}

}  // namespace docket
