// Host: load a configuration, compile it with its plugins, open its store and recover, and drive the engine by name.
#include "docket/host/host.hpp"

#include <fmt/format.h>

#include <filesystem>

#include "docket/core/clock.hpp"
#include "docket/core/json_value.hpp"
#include "docket/host/arguments.hpp"
#include "docket/host/instance_json.hpp"
#include "docket/host/program_versions.hpp"
#include "docket/host/store_open.hpp"

namespace docket::host {

struct Host::Impl {
  HostOptions options;
  Workspace ws;
  std::string zone;
  SystemClock system_clock;
  std::unique_ptr<VirtualClock> virtual_clock;  // null on the wall clock
  std::unique_ptr<VersionLoader> loader;
  std::unique_ptr<Store> store;  // declared before the engine: it must outlive it
  std::unique_ptr<Engine> engine;
  std::function<void(const TraceEntry&)> trace_sink;
  std::size_t recovered = 0;

  const Clock& clock() const { return virtual_clock ? static_cast<const Clock&>(*virtual_clock) : system_clock; }
};

namespace {

// HostOptions::config as load_workspace takes it: a folder stands for the docket.toml in it.
std::string config_file(const std::string& config) {
  if (config.empty()) return config;
  std::error_code ec;
  if (std::filesystem::is_directory(config, ec)) return (std::filesystem::path(config) / "docket.toml").string();
  return config;
}

}  // namespace

Host::Host(HostOptions options) : impl_(std::make_unique<Impl>()) {
  Impl& m = *impl_;
  m.options = std::move(options);
  WorkspaceOptions wo;
  wo.config = config_file(m.options.config);
  wo.files = m.options.files;
  wo.plugins = m.options.plugins;
  wo.runs_workflows = true;
  if (wo.config.empty() && wo.files.empty()) {
    throw HostError("no program to load: give a docket.toml (HostOptions::config) or .dkt files (HostOptions::files)");
  }
  if (!load_workspace(wo, m.ws)) throw HostError(problems_text(m.ws));
  std::string error;
  if (!resolve_zone(m.options.zone, m.ws, m.zone, error)) throw HostError(error);
  if (!m.options.wall_clock) {
    Instant start = m.options.start;
    if (!m.options.start_text.empty() && !parse_time_text(m.options.start_text, m.zone, start, error)) {
      throw HostError("start: " + error);
    }
    m.virtual_clock = std::make_unique<VirtualClock>(start);
  }

  const std::string store = !m.options.store.empty() ? m.options.store : m.ws.config.store;
  try {
    if (m.options.shared_lease.count() > 0) {
      m.store = open_shared_store(store, m.options.shared_lease);
    } else {
      m.store = store.empty() ? std::make_unique<MemoryStore>() : open_store(store);
    }
  } catch (const StoreError& e) {
    throw HostError(e.what());
  }
  m.loader = std::make_unique<VersionLoader>(m.ws);
  m.engine = std::make_unique<Engine>(m.ws.program, m.clock());
  m.engine->use_calendars(m.ws.calendars);
  m.engine->use_program_loader([&m](const ProgramVersion& v) { return (*m.loader)(v); });
  m.engine->on_trace([&m](const TraceEntry& t) {
    m.ws.event_sinks.publish(t);
    if (m.trace_sink) m.trace_sink(t);
  });
  try {
    m.engine->use_store(*m.store);
    m.recovered = m.engine->recover();
  } catch (const StoreError& e) {
    throw HostError(fmt::format("store {}: {}", store, e.what()));
  } catch (const EngineError& e) {
    throw HostError(fmt::format("store {}: {}", store, e.what()));
  }
}

Host::~Host() {
  if (impl_ && impl_->engine) {
    try {
      impl_->engine->flush();
    } catch (const std::exception&) {
      // Delivery results not written only mean those actions are delivered again (same key).
    }
  }
}

Engine& Host::engine() { return *impl_->engine; }
const Program& Host::program() const { return *impl_->ws.program; }
const Workspace& Host::workspace() const { return impl_->ws; }
const Store& Host::store() const { return *impl_->store; }
const std::string& Host::zone() const { return impl_->zone; }
Instant Host::now() const { return impl_->clock().now(); }

Instant Host::time(std::string_view text) const {
  Instant t;
  std::string error;
  if (!parse_time_text(text, impl_->zone, t, error)) throw ValueError(error);
  return t;
}
std::size_t Host::recovered() const { return impl_->recovered; }
std::optional<InstanceId> Host::find(std::string_view key) const { return impl_->engine->find_key(key); }

void Host::on_action(std::function<void(const Action&)> sink) { impl_->engine->on_action(std::move(sink)); }
void Host::on_trace(std::function<void(const TraceEntry&)> sink) { impl_->trace_sink = std::move(sink); }

InstanceId Host::start(std::string_view workflow, std::string_view args_json, std::string_view key) {
  return impl_->engine->start(workflow, workflow_args(program(), workflow, args_json), key);
}

void Host::complete(InstanceId id, std::string_view step, std::string_view outcomes_json) {
  const InstanceStatus s = impl_->engine->status(id);
  impl_->engine->complete(id, step, step_outcomes(program(), s.workflow, step, outcomes_json));
}

void Host::signal(InstanceId id, std::string_view event) { impl_->engine->signal(id, event); }

void Host::update(InstanceId id, std::string_view param, std::string_view value_json) {
  const InstanceStatus s = impl_->engine->status(id);
  impl_->engine->update(id, param, param_value(program(), s.workflow, param, value_json));
}

void Host::advance_to(Instant until) {
  if (!impl_->virtual_clock) {
    throw EngineError("this host runs on the wall clock: time moves by itself; call run_due() when next_due() comes");
  }
  docket::advance_to(*impl_->engine, *impl_->virtual_clock, until);
  impl_->engine->fire_due_timers();
}

void Host::run_due() { impl_->engine->fire_due_timers(); }

std::optional<Instant> Host::next_due() const { return impl_->engine->next_timer(); }

std::string Host::status_json(InstanceId id) const {
  return host::status_json(id, impl_->engine->status(id), impl_->zone);
}
std::string Host::slas_json(InstanceId id) const { return host::slas_json(impl_->engine->slas(id), impl_->zone); }
std::string Host::audit_json(InstanceId id) const { return host::trail_json(impl_->engine->audit(id), impl_->zone); }
std::string Host::actions_json(InstanceId id) const {
  return host::actions_json(impl_->engine->outbox(id), impl_->zone);
}

}  // namespace docket::host
