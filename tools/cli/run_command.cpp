// `docket run`: play a scenario through the engine on a virtual clock and print what happened.
#include <fmt/format.h>

#include <algorithm>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>

#include "cli/value_json.hpp"
#include "cli/commands.hpp"
#include "docket/core/engine.hpp"
#include "docket/core/json_value.hpp"
#include "docket/core/outbox.hpp"
#include "cli/scenario.hpp"
#include "cli/trace_text.hpp"
#include "cli/store_option.hpp"

namespace docket::cli {

namespace {

class Runner {
 public:
  Runner(const Workspace& ws, const RunOptions& options, std::string zone)
      : ws_(ws), options_(options), zone_(std::move(zone)) {}

  int play(const std::vector<ScenarioEvent>& events) {
    VirtualClock clock(events.front().at);
    Engine engine(ws_.program, clock);
    engine.use_calendars(ws_.calendars);
    std::unique_ptr<Store> store;
    if (!options_.store.empty()) {
      try {
        store = open_store(options_.store);
        if (std::size_t open = store->open_instances().size(); open != 0) {
          std::cerr << fmt::format("error: store {} holds {} open instance(s) from an earlier run; `docket run` plays "
                                   "a scenario from its start: give a new file (or read it with `docket audit {}`)\n",
                                   options_.store, open, options_.store);
          return kExitProblems;
        }
      } catch (const StoreError& e) {
        std::cerr << "error: " << e.what() << "\n";
        return kExitProblems;
      }
      engine.use_store(*store);
    }
    engine.on_trace([&](const TraceEntry& t) {
      print(t);
      ws_.event_sinks.publish(t);  // plugin event sinks (audit, metrics)
    });
    // Plugin actions go through the outbox: delivered when due, retried with backoff.
    ActionOutbox outbox(ws_.functions, clock);
    outbox.on_result([&](const Delivery& d) { print_delivery(clock.now(), d); });
    engine.on_action([&](const Action& a) { outbox.enqueue(a); });
    for (const ScenarioEvent& ev : events) {
      advance_to(engine, clock, ev.at);
      outbox.deliver_due();
      try {
        apply(engine, ev);
      } catch (const EngineError& e) {
        return fail(ev, e.what());
      } catch (const ValueError& e) {
        return fail(ev, e.what());
      } catch (const StoreError& e) {
        return fail(ev, e.what());
      }
      outbox.deliver_due();
    }
    // Retries still pending after the last event run at their own due times.
    while (auto due = outbox.next_due()) {
      advance_to(engine, clock, std::max(*due, clock.now()));
      outbox.deliver_due();
    }
    return summarize(engine);
  }

 private:
  void apply(Engine& engine, const ScenarioEvent& ev) {
    if (ev.action == ScenarioAction::wait) return;
    if (ev.action == ScenarioAction::start) {
      const ir::Workflow* wf = ws_.program->module().find_workflow(ev.name);
      if (wf == nullptr) throw EngineError(fmt::format("no workflow named `{}` in the program", ev.name));
      std::vector<Value> args;
      for (const ir::Param& p : wf->params) {
        if (!ev.payload.contains(p.name)) {
          throw ValueError(fmt::format("`input` has no `{}`: workflow {} takes {} : {}", p.name, wf->name, p.name,
                                       p.type.name()));
        }
        args.push_back(value_from_json(ev.payload[p.name].dump(), p.type, p.name));
      }
      std::string ticket = ev.ticket;
      // Label the instance before it starts, so that its first trace lines carry the ticket.
      pending_ticket_ = ticket;
      InstanceId id = engine.start(ev.name, std::move(args));
      if (ticket.empty()) ticket = fmt::format("#{}", id);
      tickets_[ticket] = id;
      labels_[id] = ticket;
      pending_ticket_.clear();
      last_ = id;
      return;
    }
    InstanceId id = instance_for(ev);
    if (ev.action == ScenarioAction::signal) {
      engine.signal(id, ev.name);
      return;
    }
    std::map<std::string, Value, std::less<>> outcomes;
    const ir::Workflow* wf = ws_.program->module().find_workflow(engine.status(id).workflow);
    auto node = wf != nullptr ? wf->find_node(ev.name) : std::nullopt;
    for (const auto& [key, value] : ev.payload.items()) {
      Type type = Type::error();
      if (node) {
        for (const ir::Outcome& o : wf->nodes[*node].outcomes) {
          if (o.name == key) type = o.type;
        }
      }
      if (type.is_error()) {
        throw EngineError(fmt::format("step `{}` has no outcome `{}`", ev.name, key));
      }
      outcomes.emplace(key, value_from_json(value.dump(), type, key));
    }
    engine.complete(id, ev.name, std::move(outcomes));
  }

  InstanceId instance_for(const ScenarioEvent& ev) const {
    if (!ev.ticket.empty()) {
      auto it = tickets_.find(ev.ticket);
      if (it == tickets_.end()) throw EngineError(fmt::format("no ticket `{}` was started before this line", ev.ticket));
      return it->second;
    }
    if (last_ == 0) throw EngineError("no instance has been started yet: the first event must be a `start`");
    return last_;
  }

  std::string label(InstanceId id) const {
    auto it = labels_.find(id);
    if (it != labels_.end()) return it->second;
    return pending_ticket_.empty() ? fmt::format("#{}", id) : pending_ticket_;
  }

  void print(const TraceEntry& t) {
    std::cout << (options_.json ? trace_json(t, zone_, label(t.instance)) : trace_line(t, zone_, label(t.instance))) << "\n";
  }

  void print_delivery(Instant at, const Delivery& d) {
    const char* what = d.state == DeliveryState::done      ? "delivered"
                       : d.state == DeliveryState::pending ? "retry"
                                                           : "undelivered";
    std::string detail = fmt::format("{} attempt {}", d.action.idempotency_key, d.attempts);
    if (!d.last_error.empty()) detail += ": " + d.last_error;
    if (d.state == DeliveryState::pending) detail += ", next " + format_instant(d.due, zone_);
    if (options_.json) {
      nlohmann::json j = {{"at", format_instant(at, zone_)}, {"ticket", label(d.action.instance)},
                          {"kind", what}, {"node", d.action.name}, {"detail", detail}};
      std::cout << json_text(j) << "\n";
      return;
    }
    std::cout << fmt::format("{}  {:<4} {:<16} {:<17} {}\n", format_instant(at, zone_), label(d.action.instance), what,
                             d.action.name, detail);
  }

  int fail(const ScenarioEvent& ev, const std::string& message) const {
    std::cerr << fmt::format("{}:{}: error: {}\n", options_.scenario, ev.line, message);
    return kExitProblems;
  }

  int summarize(const Engine& engine) const {
    bool all_ok = true;
    if (!options_.json) std::cout << "\n";
    for (const auto& [ticket, id] : tickets_) {
      InstanceStatus s = engine.status(id);
      if (!s.error.empty()) all_ok = false;
      if (options_.json) continue;
      if (!s.error.empty()) {
        std::cout << fmt::format("{}: {} failed: {}\n", ticket, s.workflow, s.error);
      } else if (s.finished) {
        std::cout << fmt::format("{}: {} finished at `{}`{}\n", ticket, s.workflow, s.end, instance_note(id));
      } else {
        std::cout << fmt::format("{}: {} still open, waiting at: {}{}\n", ticket, s.workflow, fmt::join(s.active, ", "),
                                 instance_note(id));
      }
    }
    return all_ok ? kExitOk : kExitProblems;
  }

  // " (instance 3 in docket.sqlite)" when a store keeps it: what `docket audit` finds it by.
  std::string instance_note(InstanceId id) const {
    return options_.store.empty() ? std::string() : fmt::format(" (instance {} in {})", id, options_.store);
  }

  const Workspace& ws_;
  const RunOptions& options_;
  std::string zone_;
  std::map<std::string, InstanceId> tickets_;
  std::map<InstanceId, std::string> labels_;
  std::string pending_ticket_;
  InstanceId last_ = 0;
};

}  // namespace

int run_run(const RunOptions& options) {
  Workspace ws;
  std::string zone;
  if (!load_timed_workspace(options.workspace, options.zone, ws, zone)) return kExitProblems;
  std::vector<ScenarioEvent> events;
  std::string error;
  if (!load_scenario(options.scenario, zone, events, error)) {
    std::cerr << error << "\n";
    return kExitProblems;
  }
  return Runner(ws, options, zone).play(events);
}

}  // namespace docket::cli
