// The --store option: SqliteStore for a file, PostgresStore for a postgresql:// URL.
#include "docket/host/store_open.hpp"

#include "docket/core/sqlite_store.hpp"
#ifdef DOCKET_WITH_POSTGRES
#include "docket/core/postgres_store.hpp"
#endif

#include <filesystem>

namespace docket::host {

bool is_postgres_url(const std::string& spec) { return spec.starts_with("postgresql://") || spec.starts_with("postgres://"); }

std::unique_ptr<Store> open_store(const std::string& spec, bool read_only) {
  if (is_postgres_url(spec)) {
#ifdef DOCKET_WITH_POSTGRES
    return std::make_unique<PostgresStore>(spec, read_only ? PostgresStore::Mode::read_only : PostgresStore::Mode::write);
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
  PostgresStore::SharedOptions options;
  options.lease = lease;
  return std::make_unique<PostgresStore>(spec, options);
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
