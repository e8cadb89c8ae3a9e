// The engine behind `docket serve`: a Host on the wall clock, its LiveRunner thread, operations as JSON, the board, metrics.
#pragma once

#include <memory>
#include <shared_mutex>
#include <string>
#include <string_view>

#include "docket/core/live_runner.hpp"
#include "docket/host/host.hpp"
#include "serve/metrics.hpp"

namespace docket::serve {

// Thread-safe: HTTP threads call it at once; every engine call runs on the LiveRunner's thread (which
// also fires timers when they come due and commits work in groups). Errors are the engine's and the
// host's exceptions (ValueError, EngineError, StoreError, HostError), thrown to the caller.
class Service {
 public:
  // `test_clock` empty: the engine runs on the wall clock. Otherwise a time ("2025-11-03T08:00", read
  // in the zone): the engine's clock stands there and moves only by set_time() (tests that must
  // step several processes through the same instants; `docket serve --test-clock`).
  explicit Service(host::HostOptions options, std::string test_clock = {});  // HostError
  ~Service();

  // Operations; each returns once committed, with what the client is answered, read in the same
  // operation (one trip through the runner and one commit, not a second one for the read).
  struct Started {
    InstanceId instance = 0;
    bool started = false;  // false: the key was seen with the same arguments; `instance` is the first one's
  };
  Started start(std::string_view workflow, std::string_view args_json, std::string_view key);
  std::string complete(InstanceId id, std::string_view step, std::string_view outcomes_json);  // the status
  std::string signal(InstanceId id, std::string_view event);                                   // the status
  std::string update(InstanceId id, std::string_view param, std::string_view value_json);      // the SLA clocks

  // Reading (JSON): status, SLA clocks, trail, actions of one instance; the outbox by state;
  // the SLA board; health; the metrics in Prometheus text.
  std::string status(InstanceId id);
  std::string slas(InstanceId id);
  std::string audit(InstanceId id);
  std::string actions(InstanceId id);
  std::string outbox(std::string_view state);
  std::string board();
  std::string health();
  std::string metrics_text();

  // Reads the configuration's program files again and records them as a new program version: new
  // instances start on it, running ones finish on theirs. HostError (nothing changed) when they do not compile.
  std::string deploy();

  // The test clock moves to `text` (RFC 3339, or read in the zone), firing each timer due on the way
  // at its own time, like Host::advance_to; answers {"now": ...}. ValueError for a bad time,
  // EngineError for a time before now, or when this service runs on the wall clock.
  std::string set_time(std::string_view text);
  [[nodiscard]] bool test_clock() const { return !options_.wall_clock; }

  [[nodiscard]] Metrics& metrics() { return metrics_; }
  // The configuration the host was built from (docket.toml, [serve] included).
  [[nodiscard]] const host::Config& config() const { return host_->workspace().config; }
  [[nodiscard]] const std::string& zone() const { return zone_; }

 private:
  // Runs `op` on the runner's thread and waits for its commit; counts it as `name` in the metrics.
  template <class Op>
  auto run(const char* name, Op op);
  void open();  // the host and its runner, from options_

  // The host's clock as a Clock, for the runner's sleeps on a test clock.
  struct HostClock final : Clock {
    const host::Host* host = nullptr;
    [[nodiscard]] Instant now() const override { return host->now(); }
  };

  host::HostOptions options_;
  HostClock clock_;
  std::string zone_;
  Metrics metrics_;
  std::shared_mutex swap_;  // shared by operations; exclusive while deploy replaces the host
  std::unique_ptr<host::Host> host_;
  std::unique_ptr<LiveRunner> runner_;
};

}  // namespace docket::serve
