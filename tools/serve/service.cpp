// Service: the host and its LiveRunner, each HTTP request's operation posted to the runner's thread and awaited.
#include "serve/service.hpp"

#include <fmt/format.h>

#include <chrono>
#include <mutex>
#include <type_traits>
#include <utility>
#include <nlohmann/json.hpp>

#include "docket/core/clock.hpp"
#include "docket/core/json_value.hpp"
#include "docket/host/arguments.hpp"
#include "docket/host/instance_json.hpp"
#include "serve/board.hpp"

namespace docket::serve {

Service::Service(host::HostOptions options, std::string test_clock) : options_(std::move(options)) {
  options_.wall_clock = test_clock.empty();
  options_.start_text = std::move(test_clock);
  open();
}

Service::~Service() {
  runner_.reset();  // the thread first: it calls the engine
  host_.reset();
}

void Service::open() {
  host_ = std::make_unique<host::Host>(options_);
  zone_ = host_->zone();
  host_->on_trace([this](const TraceEntry& t) {
    if (t.kind == TraceKind::warned) metrics_.count_sla("warned");
    if (t.kind == TraceKind::breached) metrics_.count_sla("breached");
    if (t.kind == TraceKind::escalated) metrics_.count_sla("escalated");
  });
  host_->engine().on_delivery([this](const OutboxEntry& e) {
    metrics_.count_delivery(e.state == DeliveryState::delivered ? "delivered"
                            : e.state == DeliveryState::dead    ? "dead"
                                                                : "failed");
  });
  clock_.host = host_.get();
  runner_ = std::make_unique<LiveRunner>(host_->engine(), 1024, options_.wall_clock ? nullptr : &clock_);
}

template <class Op>
auto Service::run(const char* name, Op op) {
  const std::shared_lock<std::shared_mutex> lock(swap_);
  const auto began = std::chrono::steady_clock::now();
  bool ok = false;
  struct Observe {
    Metrics& m;
    const char* name;
    const std::chrono::steady_clock::time_point& began;
    const bool& ok;
    ~Observe() { m.observe(name, std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count(), ok); }
  } observe{metrics_, name, began, ok};
  using Result = decltype(op(std::declval<Engine&>()));
  if constexpr (std::is_void_v<Result>) {
    runner_->post([&](Engine& e) { op(e); }).get();
    ok = true;
  } else {
    Result result{};
    runner_->post([&](Engine& e) { result = op(e); }).get();
    ok = true;
    return result;
  }
}

Service::Started Service::start(std::string_view workflow, std::string_view args_json, std::string_view key) {
  return run("start", [&](Engine& e) {
    std::vector<Value> args = host::workflow_args(host_->program(), workflow, args_json);
    const std::optional<InstanceId> before = key.empty() ? std::nullopt : e.find_key(key);
    return Started{e.start(workflow, std::move(args), key), !before};
  });
}

std::string Service::complete(InstanceId id, std::string_view step, std::string_view outcomes_json) {
  return run("complete", [&](Engine& e) {
    auto outcomes = host::step_outcomes(host_->program(), e.status(id).workflow, step, outcomes_json);
    e.complete(id, step, std::move(outcomes));
    return host::status_json(id, e.status(id), zone_);
  });
}

std::string Service::signal(InstanceId id, std::string_view event) {
  return run("signal", [&](Engine& e) {
    e.signal(id, event);
    return host::status_json(id, e.status(id), zone_);
  });
}

std::string Service::update(InstanceId id, std::string_view param, std::string_view value_json) {
  return run("update", [&](Engine& e) {
    e.update(id, param, host::param_value(host_->program(), e.status(id).workflow, param, value_json));
    return host::slas_json(e.slas(id), zone_);
  });
}

std::string Service::status(InstanceId id) {
  return run("read", [&](Engine& e) { return host::status_json(id, e.status(id), zone_); });
}
std::string Service::slas(InstanceId id) {
  return run("read", [&](Engine& e) { return host::slas_json(e.slas(id), zone_); });
}
std::string Service::audit(InstanceId id) {
  return run("read", [&](Engine& e) { return host::trail_json(e.audit(id), zone_); });
}
std::string Service::actions(InstanceId id) {
  return run("read", [&](Engine& e) { return host::actions_json(e.outbox(id), zone_); });
}

std::string Service::outbox(std::string_view state) {
  std::optional<DeliveryState> wanted;
  if (!state.empty()) {
    wanted = delivery_state_from_name(state);
    if (!wanted) throw ValueError(fmt::format("the state `{}` is none of pending, failed, delivered, dead", state));
  }
  return run("read", [&](Engine&) { return host::actions_json(host_->store().outbox(0, wanted), zone_); });
}

std::string Service::board() {
  return run("read", [&](Engine& e) { return board_json(e, host_->store(), zone_); });
}

std::string Service::health() {
  return run("read", [&](Engine& e) {
    return nlohmann::json({{"status", "ok"},
                           {"version", e.program_version()},
                           {"now", format_rfc3339(host_->now(), zone_)},
                           {"open_instances", host_->store().open_count()}})
        .dump();
  });
}

std::string Service::metrics_text() {
  std::string gauges = run("read", [&](Engine& e) { return board_metrics(e, host_->store(), host_->now()); });
  return gauges + metrics_.text();
}

std::string Service::deploy() {
  // Check that the program compiles before anything is stopped.
  {
    host::Workspace ws;
    host::WorkspaceOptions wo;
    wo.config = options_.config;
    wo.files = options_.files;
    wo.plugins = options_.plugins;
    wo.runs_workflows = true;
    if (!host::load_workspace(wo, ws)) throw host::HostError(host::problems_text(ws));
  }
  const std::unique_lock<std::shared_mutex> lock(swap_);
  const auto began = std::chrono::steady_clock::now();
  if (!options_.wall_clock) options_.start_text = format_rfc3339(host_->now(), zone_);  // a test clock carries on
  runner_.reset();
  host_.reset();
  open();
  metrics_.observe("deploy", std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count(), true);
  std::uint32_t version = 0;
  runner_->post([&version](Engine& e) { version = e.program_version(); }).get();
  return nlohmann::json({{"version", version}}).dump();
}

std::string Service::set_time(std::string_view text) {
  if (options_.wall_clock) throw EngineError("this service runs on the wall clock: start it with --test-clock to move time");
  return run("clock", [&](Engine&) {
    const Instant until = host_->time(text);  // ValueError naming the problem
    host_->advance_to(until);                 // EngineError when it is before now
    return nlohmann::json({{"now", format_rfc3339(host_->now(), zone_)}}).dump();
  });
}

}  // namespace docket::serve
