// `docket serve`: the engine as an HTTP/JSON service with an SLA board (docs/serve.md).
#pragma once

#include <string>
#include <vector>

namespace docket::serve {

struct ServeOptions {
  std::string config;                // docket.toml (default ./docket.toml)
  std::vector<std::string> plugins;  // plugin libraries besides the configuration's
  std::string store;                 // overrides [store] location
  std::string listen;                // overrides [serve] listen ("ADDRESS:PORT"; port 0: any free port)
  std::string zone;                  // overrides [run] zone
  // > 0: one of several processes on one PostgreSQL database (docs/store.md), holding a lease of this
  // many milliseconds; 0: the only writer of its store.
  long long shared_lease_ms = 0;
  // Non-empty: for tests only. The engine's clock starts at this time and moves only when
  // POST /v1/test/clock says so (docs/serve.md); empty: the wall clock.
  std::string test_clock;
};

// Serves until SIGINT or SIGTERM, then finishes the requests under way and the engine's batch and
// exits 0; 1 when the configuration, the store or the address cannot be used (the reason on stderr).
// Prints "docket serve: listening on http://ADDRESS:PORT" on stdout once it accepts connections.
int run_serve(const ServeOptions& options);

}  // namespace docket::serve
