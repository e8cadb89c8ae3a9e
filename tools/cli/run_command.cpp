// `docket run`: play a scenario through the engine on a virtual clock; with a store, resume where a stopped run left off.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/value_json.hpp"
#include "cli/commands.hpp"
#include "docket/host/program_versions.hpp"
#include "cli/scenario.hpp"
#include "cli/standard_input.hpp"
#include "docket/host/store_open.hpp"
#include "cli/trace_text.hpp"
#include "docket/core/engine.hpp"
#include "docket/core/json_value.hpp"
#include "docket/host/arguments.hpp"

namespace docket::cli {

namespace {

// How far a run has got, kept in the store with the work of each event (docs/store.md).
constexpr const char* kScenarioKey = "run.scenario";  // sha256 of the scenario file
constexpr const char* kLineKey = "run.line";          // the last event applied
constexpr const char* kAtKey = "run.at";              // its time (Unix seconds)

std::string file_sha256(const std::string& path) {
  std::string text;
  std::string error;
  (void)read_file_argument(path, text, error);  // "-": standard input, kept from load_scenario
  return sha256_hex(text);
}

class Runner {
 public:
  Runner(const Workspace& ws, const RunOptions& options, std::string zone)
      : ws_(ws), options_(options), zone_(std::move(zone)), loader_(ws) {}

  int play(const std::vector<ScenarioEvent>& events) {
    VirtualClock clock(events.front().at);
    std::unique_ptr<Store> store;  // declared first: it must outlive the engine
    Engine engine(ws_.program, clock);
    engine.use_evaluator(options_.eval);
    engine.use_calendars(ws_.calendars);
    engine.use_program_loader([this](const ProgramVersion& v) { return loader_(v); });
    std::size_t from = 0;  // the first event still to play
    if (!options_.store.empty()) {
      try {
        store = host::open_store(options_.store);
        engine.use_store(*store);
        if (!resume_point(*store, events, clock, from)) return kExitProblems;
      } catch (const StoreError& e) {
        std::cerr << "error: " << e.what() << "\n";
        return kExitProblems;
      }
    } else {
      engine.keep_finished(false);  // a long scenario keeps only what is open; the summary is kept here
    }
    engine.on_trace([&](const TraceEntry& t) {
      if (t.kind == TraceKind::ended) finished_[t.instance] = t.node;
      print(t);
      ws_.event_sinks.publish(t);  // plugin event sinks (audit, metrics)
    });
    engine.on_delivery([&](const OutboxEntry& d) { print_delivery(clock.now(), d); });
    // Host actions are printed by the trace; delivering them is printing them.
    engine.on_action([](const Action&) {});
    try {
      if (store) {
        (void)engine.recover();  // offers what was committed but not delivered before a stop
        map_tickets(engine, events, from);
      }
      // Each event commits with how far the run has got (--commit-every groups several in one commit).
      std::unique_ptr<Engine::Batch> batch;
      std::size_t in_batch = 0;
      for (std::size_t i = from; i < events.size(); ++i) {
        const ScenarioEvent& ev = events[i];
        advance_to(engine, clock, ev.at);  // timers due before it commit on their own (or with the open batch)
        if (!batch) batch = std::make_unique<Engine::Batch>(engine);
        try {
          apply(engine, ev);
        } catch (const EngineError& e) {
          batch->commit();  // the events before it stand
          return fail(ev, e.what());
        } catch (const ValueError& e) {
          batch->commit();
          return fail(ev, e.what());
        }
        batch->set_meta(kScenarioKey, scenario_hash_);
        batch->set_meta(kLineKey, std::to_string(ev.line));
        batch->set_meta(kAtKey, std::to_string(ev.at.time_since_epoch().count()));
        if (++in_batch >= options_.commit_every || i + 1 == events.size()) {
          batch->commit();
          batch.reset();
          in_batch = 0;
        }
      }
      // Deliveries still being retried after the last event run at their own due times.
      while (std::optional<Instant> due = engine.next_delivery()) advance_to(engine, clock, std::max(*due, clock.now()));
      engine.flush();
      // The summary reads every instance again: a damaged one (a snapshot the store should never have
      // held) is an error naming it, like any other, not an abort.
      return summarize(engine);
    } catch (const StoreError& e) {
      std::cerr << "error: " << e.what() << "\n";
      return kExitProblems;
    } catch (const EngineError& e) {
      std::cerr << "error: " << e.what() << "\n";
      return kExitProblems;
    }
  }

 private:
  // Where a run kept in `store` left off: nothing (a new store), or the event after the last one
  // it committed. False (with the reason printed) when the store holds another run.
  bool resume_point(const Store& store, const std::vector<ScenarioEvent>& events, VirtualClock& clock, std::size_t& from) {
    scenario_hash_ = file_sha256(options_.scenario);
    const std::optional<std::string> scenario = store.meta(kScenarioKey);
    if (!scenario) {
      if (const std::size_t open = store.open_count(); open != 0) {
        std::cerr << fmt::format("error: store {} holds {} open instance(s) that no `docket run` of a scenario left: "
                                 "give a new file (or read it with `docket audit {}`)\n",
                                 options_.store, open, options_.store);
        return false;
      }
      return true;
    }
    if (*scenario != scenario_hash_) {
      std::cerr << fmt::format("error: store {} holds a run of another scenario (or {} changed since): give the scenario "
                               "it was run with to carry on, or a new file\n",
                               options_.store, options_.scenario);
      return false;
    }
    const std::size_t line = std::stoull(store.meta(kLineKey).value_or("0"));
    const Instant at{std::chrono::seconds{std::stoll(store.meta(kAtKey).value_or("0"))}};
    while (from < events.size() && events[from].line <= line) ++from;
    clock.set(std::max(clock.now(), at));
    std::cerr << fmt::format("resuming the run kept in {}: events up to line {} were played; carrying on from {}\n",
                             options_.store, line,
                             from < events.size() ? fmt::format("line {}", events[from].line) : std::string("the end"));
    return true;
  }

  // The tickets started before a resume: found by their business keys.
  void map_tickets(const Engine& engine, const std::vector<ScenarioEvent>& events, std::size_t played) {
    for (std::size_t i = 0; i < played; ++i) {
      const ScenarioEvent& ev = events[i];
      if (ev.action != ScenarioAction::start) continue;
      const std::string ticket = ticket_of(ev);
      if (std::optional<InstanceId> id = engine.find_key(ticket)) {
        remember(ticket, *id, ev.line);
        last_ = *id;
      }
    }
  }

  // The business key of a start: its ticket, or the line it was started on.
  static std::string ticket_of(const ScenarioEvent& ev) {
    return ev.ticket.empty() ? fmt::format("line {}", ev.line) : ev.ticket;
  }

  void remember(const std::string& ticket, InstanceId id, std::size_t line) {
    tickets_[ticket] = id;
    labels_[id] = ev_label(ticket, id);
    started_at_[ticket] = line;
  }

  static std::string ev_label(const std::string& ticket, InstanceId id) {
    return ticket.starts_with("line ") ? fmt::format("#{}", id) : ticket;
  }

  void apply(Engine& engine, const ScenarioEvent& ev) {
    if (ev.action == ScenarioAction::wait) return;
    if (ev.action == ScenarioAction::start) {
      const std::string ticket = ticket_of(ev);
      if (auto seen = started_at_.find(ticket); seen != started_at_.end()) {
        throw EngineError(fmt::format("ticket `{}` was started at line {}: a ticket is started once (give this one "
                                      "another \"ticket\")",
                                      ticket, seen->second));
      }
      std::vector<Value> args = host::workflow_args(*ws_.program, ev.name, ev.payload.dump());
      // Label the instance before it starts, so that its first trace lines carry the ticket.
      pending_ticket_ = ev.ticket;
      const InstanceId id = engine.start(ev.name, std::move(args), ticket);
      pending_ticket_.clear();
      remember(ticket, id, ev.line);
      workflows_[id] = ev.name;
      last_ = id;
      return;
    }
    const InstanceId id = instance_for(ev);
    if (auto end = finished_.find(id); end != finished_.end()) {
      throw EngineError(fmt::format("ticket `{}` has finished (end `{}`): it takes no more steps or events", label(id),
                                    end->second));
    }
    if (ev.action == ScenarioAction::signal) {
      engine.signal(id, ev.name);
      return;
    }
    auto outcomes = host::step_outcomes(*ws_.program, engine.status(id).workflow, ev.name, ev.payload.dump());
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

  void print_delivery(Instant at, const OutboxEntry& d) {
    const char* what = d.state == DeliveryState::delivered ? "delivered"
                       : d.state == DeliveryState::failed  ? "retry"
                                                           : "undelivered";
    if (d.channel == ActionChannel::host) return;  // the host's own actions: the trace shows them
    std::string detail = fmt::format("{} attempt {}", d.action.idempotency_key, d.attempts);
    if (!d.last_error.empty()) detail += ": " + d.last_error;
    if (options_.json) {
      nlohmann::json j = {{"at", format_rfc3339(at, zone_)}, {"ticket", label(d.action.instance)},
                          {"kind", what}, {"node", d.action.name}, {"detail", detail}};
      if (d.state == DeliveryState::failed) j["next"] = format_rfc3339(d.next_at, zone_);
      std::cout << json_text(j) << "\n";
      return;
    }
    if (d.state == DeliveryState::failed) detail += ", next " + format_instant(d.next_at, zone_);
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
      const std::string shown = ev_label(ticket, id);
      if (auto end = finished_.find(id); end != finished_.end() && options_.store.empty()) {
        if (!options_.json) std::cout << fmt::format("{}: {} finished at `{}`\n", shown, workflows_.at(id), end->second);
        continue;
      }
      InstanceStatus s = engine.status(id);
      if (!s.error.empty()) all_ok = false;
      if (options_.json) continue;
      if (!s.error.empty()) {
        std::cout << fmt::format("{}: {} failed: {}\n", shown, s.workflow, s.error);
      } else if (s.finished) {
        std::cout << fmt::format("{}: {} finished at `{}`{}\n", shown, s.workflow, s.end, instance_note(id));
      } else {
        std::cout << fmt::format("{}: {} still open, waiting at: {}{}\n", shown, s.workflow, fmt::join(s.active, ", "),
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
  host::VersionLoader loader_;
  std::string scenario_hash_;
  std::map<std::string, InstanceId> tickets_;
  std::map<InstanceId, std::string> labels_;
  std::map<std::string, std::size_t> started_at_;
  std::map<InstanceId, std::string> workflows_;
  std::map<InstanceId, std::string> finished_;  // ended instances and their end (the engine keeps none without a store)
  std::string pending_ticket_;
  InstanceId last_ = 0;
};

}  // namespace

int run_run(const RunOptions& options) {
  if (!eval_available(options.eval)) return kExitUsage;
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
