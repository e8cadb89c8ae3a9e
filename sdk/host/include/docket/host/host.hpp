// docket::host::Host — a configuration turned into a running engine: program, plugins, calendars, store, clock, delivery.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "docket/core/engine.hpp"
#include "docket/core/store.hpp"
#include "docket/host/workspace.hpp"

namespace docket::host {

// The configuration could not be turned into a host: the message holds every problem, as
// `docket check` prints them (file:line:column, the problem, a hint).
class HostError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct HostOptions {
  std::string config;                 // a docket.toml (or a folder holding one); may be empty when `files` are given
  std::vector<std::string> files;     // .dkt files besides the configuration's [program] files
  std::vector<std::string> plugins;   // plugin libraries besides the configuration's (they must lie in its plugin folders)
  // Where instances live: a SQLite file or a postgresql:// URL. Empty: the configuration's [store],
  // else in memory (nothing survives the process).
  std::string store;
  // A PostgreSQL store written by several processes at once (docs/store.md, "Several processes"):
  // each process holds a lease this long, renewed by heartbeats (LiveRunner renews it). Zero: this
  // process is the store's only writer.
  std::chrono::milliseconds shared_lease{0};
  std::string zone;                   // for times in JSON without an offset; empty: the configuration's [run] zone
  // The clock: the wall clock, or a virtual one that moves only on advance_to() (tests, replays).
  bool wall_clock = false;
  Instant start{};                    // where a virtual clock starts
  std::string start_text;             // the same as text ("2025-09-22T09:00", read in the zone); overrides `start`
};

// One engine with everything it needs wired: the program compiled with the configuration's plugins,
// its calendars, the store (recovered on open: timers re-armed, undelivered actions offered again),
// program versions loaded from the store when an instance needs its own, plugin actions delivered
// by their plugins, plugin event sinks fed with the trail.
//
// Not thread-safe, like the engine: one thread calls a Host at a time (docs/embedding.md).
class Host {
 public:
  explicit Host(HostOptions options);  // HostError
  ~Host();
  Host(const Host&) = delete;
  Host& operator=(const Host&) = delete;

  [[nodiscard]] Engine& engine();
  [[nodiscard]] const Program& program() const;
  [[nodiscard]] const Workspace& workspace() const;
  [[nodiscard]] const Store& store() const;
  [[nodiscard]] const std::string& zone() const;  // the IANA zone or offset times are read and shown in
  [[nodiscard]] Instant now() const;
  // "2025-09-26T10:30" (read in zone()), or with "Z" or an offset. ValueError naming the problem.
  [[nodiscard]] Instant time(std::string_view text) const;
  // How many open instances the store held when the host opened (recovered).
  [[nodiscard]] std::size_t recovered() const;
  // The instance started with business key `key` (a ticket number), if any.
  [[nodiscard]] std::optional<InstanceId> find(std::string_view key) const;

  // Actions no plugin delivers (notify, supervise, escalate, host actions): `sink` receives each
  // after its unit of work committed; throwing is a failed attempt, retried with backoff. Without
  // a sink they stay pending in the store's outbox.
  void on_action(std::function<void(const Action&)> sink);
  // Every trail entry, after commit (plugin event sinks receive them as well).
  void on_trace(std::function<void(const TraceEntry&)> sink);

  // Operations; each commits before it returns. Arguments and outcomes are JSON objects by name,
  // e.g. start("meter_install", R"({"app": {"id": "A1", ...}})", "A1"). EngineError on misuse,
  // ValueError when a value does not fit its type (the message names the field).
  InstanceId start(std::string_view workflow, std::string_view args_json, std::string_view key = {});
  void complete(InstanceId id, std::string_view step, std::string_view outcomes_json = "{}");
  void signal(InstanceId id, std::string_view event);
  void update(InstanceId id, std::string_view param, std::string_view value_json);

  // Time. A virtual clock moves to `until`, firing each timer at its own due time and delivering
  // actions on the way (EngineError when `until` is before now, or on a wall clock). run_due()
  // fires what is due now on either clock; next_due() says when something is due next (a timer or
  // a delivery attempt), so that a wall-clock host sleeps until then.
  void advance_to(Instant until);
  void run_due();
  [[nodiscard]] std::optional<Instant> next_due() const;

  // Reading, as JSON objects and arrays (times as RFC 3339 in zone()): where the instance is, its
  // SLA clocks, its audit trail, its actions and their delivery state.
  [[nodiscard]] std::string status_json(InstanceId id) const;
  [[nodiscard]] std::string slas_json(InstanceId id) const;
  [[nodiscard]] std::string audit_json(InstanceId id) const;
  [[nodiscard]] std::string actions_json(InstanceId id) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace docket::host
