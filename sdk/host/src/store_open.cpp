// The --store option: SqliteStore for a file, PostgresStore for a postgresql:// URL.
#include "docket/host/store_open.hpp"

#include "docket/core/sqlite_store.hpp"
#if defined(DOCKET_WITH_POSTGRES) && !defined(DOCKET_POSTGRES_MODULE)
#include "docket/core/postgres_store.hpp"
#endif

#ifdef DOCKET_POSTGRES_MODULE
#include <dlfcn.h>

#include <cstdint>
#include <vector>
#endif

#include <filesystem>

namespace docket::host {

#ifdef DOCKET_WITH_POSTGRES
namespace {

#ifdef DOCKET_POSTGRES_MODULE
// libdocket_postgres (and so libpq) is opened at the first postgresql:// store: next to this library
// when installed, in its build folder in a build tree, else wherever the dynamic loader finds it.
using PostgresOpenFn = Store* (*)(const std::string& conninfo, int mode, std::int64_t lease_ms);  // a new store

PostgresOpenFn postgres_entry() {
  static const PostgresOpenFn entry = []() -> PostgresOpenFn {
    namespace fs = std::filesystem;
    std::vector<std::string> candidates;
    static const int anchor = 0;
    Dl_info info{};
    std::error_code ec;
    if (::dladdr(&anchor, &info) != 0 && info.dli_fname != nullptr) {
      const fs::path library = fs::weakly_canonical(fs::path(info.dli_fname), ec);
      if (!ec) candidates.push_back((library.parent_path() / DOCKET_POSTGRES_FILE).string());
    }
    candidates.push_back((fs::path(DOCKET_POSTGRES_BUILD_DIR) / DOCKET_POSTGRES_FILE).string());
    candidates.push_back(DOCKET_POSTGRES_FILE);
    std::string why;
    for (const std::string& candidate : candidates) {
      if (candidate.find('/') != std::string::npos && !fs::is_regular_file(candidate, ec)) continue;
      // Never closed: its stores may live as long as the process.
      void* handle = ::dlopen(candidate.c_str(), RTLD_NOW | RTLD_LOCAL);
      if (handle == nullptr) {
        const char* e = ::dlerror();
        why = e != nullptr ? e : "unknown error";
        continue;
      }
      if (void* symbol = ::dlsym(handle, "docket_postgres_open_v1")) return reinterpret_cast<PostgresOpenFn>(symbol);
      why = "it has no docket_postgres_open_v1 (a library of another docket version?)";
    }
    throw StoreError("PostgreSQL support (" DOCKET_POSTGRES_FILE ") could not be loaded: " + why +
                     "; install docket's PostgreSQL library next to libdocket_host, or use a SQLite file");
  }();
  return entry;
}
#endif

// mode: 0 write, 1 read_only, 2 shared with a lease of `lease`.
std::unique_ptr<Store> open_postgres(const std::string& spec, int mode, std::chrono::milliseconds lease) {
#ifdef DOCKET_POSTGRES_MODULE
  return std::unique_ptr<Store>(postgres_entry()(spec, mode, lease.count()));
#else
  if (mode == 2) {
    PostgresStore::SharedOptions options;
    options.lease = lease;
    return std::make_unique<PostgresStore>(spec, options);
  }
  return std::make_unique<PostgresStore>(spec, mode == 1 ? PostgresStore::Mode::read_only : PostgresStore::Mode::write);
#endif
}

}  // namespace
#endif

bool is_postgres_url(const std::string& spec) { return spec.starts_with("postgresql://") || spec.starts_with("postgres://"); }

std::unique_ptr<Store> open_store(const std::string& spec, bool read_only) {
  if (is_postgres_url(spec)) {
#ifdef DOCKET_WITH_POSTGRES
    return open_postgres(spec, read_only ? 1 : 0, std::chrono::milliseconds(0));
#else
    throw StoreError("store " + spec + ": this docket was built without PostgreSQL (DOCKET_WITH_POSTGRES=OFF); use a "
                     "SQLite file, or a docket built with -DDOCKET_WITH_POSTGRES=ON");
#endif
  }
  return std::make_unique<SqliteStore>(spec, SqliteStore::Sync::full,
                                       read_only ? SqliteStore::Mode::read_only : SqliteStore::Mode::write);
}

std::unique_ptr<Store> open_shared_store(const std::string& spec, std::chrono::milliseconds lease) {
  if (!is_postgres_url(spec)) {
    throw StoreError("store " + spec + ": only a PostgreSQL store can be written by several processes; a SQLite file has "
                     "one writer (give a postgresql:// URL, or no shared lease)");
  }
#ifdef DOCKET_WITH_POSTGRES
  return open_postgres(spec, 2, lease);
#else
  (void)lease;
  throw StoreError("store " + spec + ": this docket was built without PostgreSQL (DOCKET_WITH_POSTGRES=OFF)");
#endif
}

std::unique_ptr<Store> open_existing_store(const std::string& spec) {
  std::error_code ec;
  if (!is_postgres_url(spec) && !std::filesystem::exists(spec, ec)) {
    throw StoreError("store " + spec + ": there is no such file; check the path (only `docket run --store` creates a store)");
  }
  return open_store(spec);
}

}  // namespace docket::host
