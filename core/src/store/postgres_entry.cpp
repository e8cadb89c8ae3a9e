// The entry point docket::host's open_store finds with dlsym: libdocket_postgres (and libpq) loaded only for a postgresql:// store.
#include <chrono>
#include <cstdint>
#include <string>

#include "docket/core/postgres_store.hpp"

// mode: 0 write, 1 read_only, 2 shared (lease_ms then applies). Throws StoreError as PostgresStore does.
// Returns a new store the caller owns (a pointer: a C-linkage function returns no C++ class by value).
extern "C" __attribute__((visibility("default"))) docket::Store* docket_postgres_open_v1(const std::string& conninfo,
                                                                                        int mode, std::int64_t lease_ms) {
  using docket::PostgresStore;
  if (mode == 2) {
    PostgresStore::SharedOptions options;
    options.lease = std::chrono::milliseconds(lease_ms);
    return new PostgresStore(conninfo, options);
  }
  return new PostgresStore(conninfo, mode == 1 ? PostgresStore::Mode::read_only : PostgresStore::Mode::write);
}
