// Engine: the public operations, their misuse checks, and the answers about instances.
#include "docket/core/engine.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

#include "docket/core/json_value.hpp"
#include "docket/core/suggest.hpp"
#include "eval/eval_error.hpp"
#include "eval/value_check.hpp"
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

// What an instance was started with, to tell a retried start from a clash of business keys.
std::string fingerprint(std::string_view workflow, const std::vector<Value>& args) {
  std::string text(workflow);
  for (const Value& v : args) text += "\n" + value_to_json_text(v);
  return sha256_hex(text);
}

const ir::Workflow& workflow_of(const detail::VersionRuntime& rt, const InstanceState& st) {
  return rt.program->module().workflows.at(st.workflow);
}

}  // namespace

Engine::Engine(std::shared_ptr<const Program> program, const Clock& clock) {
  if (!program) throw EngineError("the engine needs a program: Program::lower returned null (see its diagnostics)");
  impl_ = std::make_unique<Impl>(std::move(program), clock);
}

Engine::~Engine() {
  try {
    impl_->write_acks();
  } catch (const std::exception&) {  // a result not written only means the action is delivered again
  }
}

void Engine::on_trace(std::function<void(const TraceEntry&)> sink) { impl_->trace_sink = std::move(sink); }

void Engine::use_evaluator(EvalMode mode) {
  Impl& impl = *impl_;
  if (resolve_eval_mode(mode) == resolve_eval_mode(impl.eval_mode)) return;
  impl.eval_mode = mode;
  // Every runtime made so far is rebuilt on the new evaluator (the runtimes hold no instance state).
  for (auto& [version, runtime] : impl.runtimes) {
    auto rebuilt = std::make_shared<detail::VersionRuntime>(runtime->program, version, mode);
    if (runtime == impl.current) impl.current = rebuilt;
    runtime = std::move(rebuilt);
  }
  if (impl.runtimes.find(impl.current->version) == impl.runtimes.end()) {
    impl.current = std::make_shared<detail::VersionRuntime>(impl.current->program, impl.current->version, mode);
  }
}
void Engine::keep_finished(bool keep) { impl_->keep_finished = keep; }
void Engine::set_cache_limit(std::size_t instances) { impl_->cache_limit = std::max<std::size_t>(instances, 1); }
void Engine::use_program_loader(ProgramLoader loader) { impl_->loader = std::move(loader); }
std::uint32_t Engine::program_version() const { return impl_->current->version; }
Store* Engine::store() const noexcept { return impl_->store; }

void Engine::set_retry_policy(RetryPolicy policy) {
  if (!policy.valid()) {
    throw EngineError("a retry policy needs max_attempts >= 1, factor >= 1 and a positive first_delay");
  }
  impl_->retry_policy = policy;
}

void Engine::use_calendars(const CalendarRegistry& calendars) { impl_->calendars.use(&calendars); }

void Engine::use_store(Store& store) {
  Impl& impl = *impl_;
  if (impl.ran) throw EngineError("use_store() comes before the first operation: the store is the source of truth");
  impl.store = &store;
  const Program& program = *impl.current->program;
  ProgramVersion version;
  version.hash = program.hash();
  version.sources = program.source().empty() ? std::string() : program.source().to_json();
  version.deployed = impl.clock->now();
  const std::uint32_t number = store.deploy(version);
  impl.runtimes.clear();
  impl.current = std::make_shared<detail::VersionRuntime>(impl.current->program, number, impl.eval_mode);
  impl.runtimes.emplace(number, impl.current);
}

std::size_t Engine::recover() {
  Impl& impl = *impl_;
  if (impl.store == nullptr) throw EngineError("recover() reads a store: give the engine one with Engine::use_store first");
  if (impl.ran || !impl.instances.empty()) {
    throw EngineError("recover() makes a new engine carry on from its store, and this one has already run operations");
  }
  deliver_actions();  // what was committed but not delivered before the stop
  return impl.store->open_count();
}

std::optional<InstanceId> Engine::find_key(std::string_view key) const {
  const Impl& impl = *impl_;
  for (const InstanceKey& k : impl.unit.keys) {
    if (k.key == key) return k.instance;
  }
  if (impl.store != nullptr) {
    if (std::optional<InstanceKey> k = impl.store->find_key(std::string(key))) return k->instance;
    return std::nullopt;
  }
  if (auto it = impl.keys.find(key); it != impl.keys.end()) return it->second.instance;
  return std::nullopt;
}

InstanceId Engine::start(std::string_view workflow_name, std::vector<Value> args, std::string_view key) {
  Impl& impl = *impl_;
  Impl::Operation op(impl);
  const detail::VersionRuntime& rt = *impl.current;
  const ir::Module& module = rt.program->module();
  const ir::Workflow* wf = module.find_workflow(workflow_name);
  if (wf == nullptr) {
    std::vector<std::string> names;
    for (const ir::Workflow& w : module.workflows) names.push_back(w.name);
    throw EngineError(fmt::format("there is no workflow `{}`{} (workflows: {})", workflow_name,
                                  did_you_mean_suffix(workflow_name, names), join_names(names)));
  }
  if (args.size() != wf->params.size()) {
    std::vector<std::string> signature;
    for (const ir::Param& p : wf->params) signature.push_back(p.name + ": " + p.type.name());
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
  std::string print;
  if (!key.empty()) {
    print = fingerprint(wf->name, args);
    std::optional<InstanceKey> known;
    for (const InstanceKey& k : impl.unit.keys) {
      if (k.key == key) known = k;
    }
    if (!known && impl.store != nullptr) known = impl.store->find_key(std::string(key));
    if (!known && impl.store == nullptr) {
      if (auto it = impl.keys.find(key); it != impl.keys.end()) known = it->second;
    }
    if (known) {
      if (known->fingerprint != print) {
        throw EngineError(fmt::format("`{}` was already started as instance {} with other arguments: a business key "
                                      "starts one instance (use another key for another ticket)",
                                      key, known->instance));
      }
      op.done();
      return known->instance;  // the same start again: the instance it started
    }
  }

  const InstanceId id = impl.begin(rt, static_cast<std::size_t>(wf - module.workflows.data()), std::move(args), std::nullopt);
  if (!key.empty()) impl.unit.keys.push_back({std::string(key), id, print});
  op.done();
  return id;
}

InstanceId Engine::Impl::begin(const detail::VersionRuntime& rt, std::size_t workflow, std::vector<Value> args,
                               std::optional<detail::SeriesState> series) {
  InstanceState st;
  st.id = store != nullptr ? store->allocate_id() : next_id++;
  st.version = rt.version;
  st.workflow = workflow;
  st.params = std::move(args);
  st.visits.assign(rt.program->module().workflows.at(workflow).nodes.size(), 0);
  st.series = std::move(series);
  const InstanceId id = st.id;
  Entry& e = instances.emplace(id, Entry{std::move(st), std::nullopt}).first->second;
  if (store != nullptr) cache_order.push_back(id);
  unit.mark_dirty(id);
  if (store == nullptr) unit.back_up(id, nullptr);  // new: nothing to put back but its absence
  transit(e, [](detail::Transition& t) { t.start(); });
  return id;
}

void Engine::Impl::start_repeats() {
  while (!unit.effects.repeats.empty()) {
    detail::RepeatStart r = std::move(unit.effects.repeats.front());
    unit.effects.repeats.erase(unit.effects.repeats.begin());
    const detail::VersionRuntime& before = r.version == current->version ? *current : runtime(r.version);
    const detail::VersionRuntime* rt = &before;
    std::size_t workflow = r.workflow;
    if (rt != current.get()) {
      // The newest version when it still has the workflow and the arguments fit its parameters.
      const ir::Module& newest = current->program->module();
      const ir::Workflow* wf = newest.find_workflow(before.program->module().workflows.at(r.workflow).name);
      std::vector<Value> typed;
      for (std::size_t i = 0; wf != nullptr && i < r.params.size() && r.params.size() == wf->params.size(); ++i) {
        std::optional<Value> v = detail::conform(r.params[i], wf->params[i].type);
        if (!v) break;
        typed.push_back(*std::move(v));
      }
      if (wf != nullptr && typed.size() == wf->params.size() && typed.size() == r.params.size()) {
        rt = current.get();
        workflow = static_cast<std::size_t>(wf - newest.workflows.data());
        r.params = std::move(typed);
      }
    }
    (void)begin(*rt, workflow, std::move(r.params), r.series);
  }
}

void Engine::complete(InstanceId id, std::string_view step, std::map<std::string, Value, std::less<>> outcomes) {
  Impl& impl = *impl_;
  Impl::Operation op(impl);
  Impl::Entry& e = impl.running(id);
  const InstanceState& st = e.st;
  const ir::Workflow& wf = workflow_of(impl.runtime_of(st), st);
  std::optional<std::uint32_t> index = wf.find_node(step);
  if (!index) {
    std::vector<std::string> steps = node_names(wf, ir::NodeKind::step);
    throw EngineError(fmt::format("workflow `{}` has no step `{}`{} (steps: {})", wf.name, step,
                                  did_you_mean_suffix(step, steps), join_names(steps)));
  }
  const ir::Node& node = wf.nodes[*index];
  const WorkflowGraph& graph = impl.runtime_of(st).program->graph(st.workflow);
  if (node.kind == ir::NodeKind::wait) {
    std::vector<std::string> events;
    for (std::uint32_t ed : graph.edges_from(*index)) {
      if (wf.edges[ed].kind == ir::EdgeKind::on_event) events.push_back(wf.edges[ed].event);
    }
    throw EngineError(fmt::format("`{}` is a wait, not a step: it is left by an event (signal one of: {})", node.name,
                                  join_names(events)));
  }
  if (node.kind != ir::NodeKind::step) {
    throw EngineError(fmt::format("`{}` is {} node, not a step: only steps are completed", node.name,
                                  node_kind_article(node.kind)));
  }
  if (std::find(st.active.begin(), st.active.end(), *index) == st.active.end()) {
    std::vector<std::string> active;
    for (std::uint32_t a : st.active) active.push_back(wf.nodes[a].name);
    throw EngineError(fmt::format("step `{}` is not active in instance {} (active: {})", node.name, id,
                                  join_names(active)));
  }
  for (const auto& outcome : outcomes) {
    const std::string& name = outcome.first;  // clang 14 cannot capture a structured binding
    const auto named = [&name](const ir::Outcome& o) { return o.name == name; };
    if (std::none_of(node.outcomes.begin(), node.outcomes.end(), named)) {
      std::vector<std::string> declared;
      for (const ir::Outcome& o : node.outcomes) declared.push_back(o.name);
      throw EngineError(fmt::format("step `{}` has no outcome `{}`{} (its outcomes: {})", node.name, name,
                                    did_you_mean_suffix(name, declared), join_names(declared)));
    }
  }
  std::vector<Value> values;
  values.reserve(node.outcomes.size());
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
    if (impl.tracing()) shown.push_back(o.name + " = " + to_string(*typed));
    values.push_back(*std::move(typed));
  }
  const std::uint32_t step_index = *index;
  impl.transit(e, [&](detail::Transition& t) { t.complete(step_index, std::move(values), shown); });
  op.done();
}

void Engine::signal(InstanceId id, std::string_view event) {
  Impl& impl = *impl_;
  Impl::Operation op(impl);
  Impl::Entry& e = impl.running(id);
  const InstanceState& st = e.st;
  const ir::Workflow& wf = workflow_of(impl.runtime_of(st), st);
  const WorkflowGraph& graph = impl.runtime_of(st).program->graph(st.workflow);
  std::vector<std::string> awaited;
  for (std::uint32_t node : st.active) {
    for (std::uint32_t edge : graph.edges_from(node)) {
      const ir::Edge& ed = wf.edges[edge];
      if (ed.kind != ir::EdgeKind::on_event) continue;
      if (ed.event != event) {
        awaited.push_back(fmt::format("{} (at {})", ed.event, wf.nodes[node].name));
        continue;
      }
      impl.transit(e, [&](detail::Transition& t) { t.signal(node, edge, event); });
      op.done();
      return;
    }
  }
  throw EngineError(fmt::format("instance {} is not waiting for event `{}`; it awaits: {}", id, event,
                                awaited.empty() ? std::string("no events") : join_names(awaited)));
}

void Engine::retry(InstanceId id) {
  Impl& impl = *impl_;
  Impl::Operation op(impl);
  Impl::Entry& e = impl.load(id);
  if (e.st.status != InstanceStatusKind::failed) {
    throw EngineError(fmt::format("instance {} has not failed: there is nothing to retry", id));
  }
  if (!e.st.retry.valid) {
    throw EngineError(fmt::format("instance {} failed because {}; a retry cannot fix that", id, e.st.error));
  }
  impl.transit(e, [](detail::Transition& t) { t.retry(); });
  op.done();
}

void Engine::update(InstanceId id, std::string_view param, Value value) {
  Impl& impl = *impl_;
  Impl::Operation op(impl);
  Impl::Entry& e = impl.load(id);
  const detail::VersionRuntime& rt = impl.runtime_of(e.st);
  const ir::Workflow& wf = workflow_of(rt, e.st);
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
  // The new targets are worked out before anything changes.
  std::vector<Value> params = e.st.params;
  params[index] = *typed;
  std::vector<std::pair<std::size_t, Duration>> retargets;
  {
    detail::Effects none;
    const detail::StepContext ctx{rt, *impl.clock, impl.clock->now(), impl.calendars, impl.retry_policy, false};
    detail::Transition probe(ctx, e.st, none);
    try {
      retargets = probe.retargets(params);
    } catch (const detail::EvalError& error) {
      // The message names the SLA (sla_target says which); the instance is unchanged.
      throw EngineError(fmt::format("cannot update `{}` of instance {}: an SLA target fails with it: {}", param, id,
                                    error.what()));
    }
  }
  impl.transit(e, [&](detail::Transition& t) { t.update(index, param, *std::move(typed), retargets); });
  op.done();
}

void Engine::migrate(InstanceId id, std::uint32_t version) {
  Impl& impl = *impl_;
  if (impl.store == nullptr) throw EngineError("migrate() moves instances between program versions in a store: use_store first");
  Impl::Operation op(impl);
  Impl::Entry& e = impl.load(id);
  if (e.st.status == InstanceStatusKind::finished) {
    throw EngineError(fmt::format("instance {} has finished: there is nothing to migrate", id));
  }
  const std::uint32_t from = e.st.version;
  if (from == version) throw EngineError(fmt::format("instance {} already runs on program version {}", id, version));
  const detail::VersionRuntime& old_rt = impl.runtime_of(e.st);
  const detail::VersionRuntime& new_rt = impl.runtime(version);
  InstanceState moved = detail::migrate_state(e.st, old_rt, new_rt);  // EngineError naming what does not fit
  InstanceState& st = impl.touch(e);
  st = std::move(moved);
  {
    const detail::StepContext ctx{new_rt, *impl.clock, impl.clock->now(), impl.calendars, impl.retry_policy,
                                  impl.tracing()};
    detail::Transition t(ctx, st, impl.unit.effects);
    t.migrated(from);
  }
  impl.after_step(e);
  op.done();
}

InstanceStatus Engine::status(InstanceId id) const {
  std::optional<InstanceState> scratch;
  const InstanceState* st = impl_->lookup(id, scratch);
  if (st == nullptr) throw EngineError(fmt::format("there is no instance {}", id));
  const ir::Workflow& wf = workflow_of(impl_->runtime_of(*st), *st);
  InstanceStatus out;
  out.workflow = wf.name;
  for (std::uint32_t a : st->active) out.active.push_back(wf.nodes[a].name);
  out.finished = st->status == InstanceStatusKind::finished;
  out.end = st->end;
  out.error = st->error;
  out.retries = st->retries;
  out.retry_at = st->retry_at;
  out.version = st->version;
  if (st->series) {
    out.occurrence = st->series->occurrence;
    out.repeated_from = st->series->previous;
    out.next_start = st->series->next;
  }
  for (const detail::SlaRun& run : st->slas) out.escalation_level = std::max(out.escalation_level, run.level);
  return out;
}

std::vector<SlaStatus> Engine::slas(InstanceId id) const {
  std::optional<InstanceState> scratch;
  const InstanceState* found = impl_->lookup(id, scratch);
  if (found == nullptr) throw EngineError(fmt::format("there is no instance {}", id));
  const InstanceState& st = *found;
  const detail::VersionRuntime& rt = impl_->runtime_of(st);
  const ir::Workflow& wf = workflow_of(rt, st);
  std::vector<SlaStatus> out;
  for (std::size_t i = 0; i < wf.slas.size(); ++i) {
    SlaStatus s;
    s.name = wf.slas[i].name;
    if (i < st.slas.size()) {
      const detail::SlaRun& run = st.slas[i];
      const detail::SlaMeter meter = detail::sla_meter_of(wf, impl_->calendars, run);
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
      s.clock_elapsed =
          std::chrono::seconds{run.clock_elapsed + (run.phase == SlaPhase::running ? (now - run.since).count() : 0)};
      s.budget = std::chrono::seconds{run.budget};
      s.ledger = run.ledger;
    }
    out.push_back(std::move(s));
  }
  return out;
}

std::vector<TraceEntry> Engine::audit(InstanceId id) const {
  std::optional<InstanceState> scratch;
  if (impl_->store == nullptr) {
    if (impl_->lookup(id, scratch) == nullptr) throw EngineError(fmt::format("there is no instance {}", id));
    throw EngineError("the engine keeps no audit trail: give it a store with Engine::use_store (MemoryStore in memory)");
  }
  if (impl_->lookup(id, scratch) == nullptr) throw EngineError(fmt::format("there is no instance {}", id));
  return impl_->store->audit(id);
}

}  // namespace docket
