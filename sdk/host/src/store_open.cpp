// The --store option: SqliteStore for a file, PostgresStore for a postgresql:// URL.
#include "docket/host/store_open.hpp"

#include "docket/core/postgres_store.hpp"
#include "docket/core/sqlite_store.hpp"

#include <filesystem>

namespace docket::host {

bool is_postgres_url(const std::string& spec) { return spec.starts_with("postgresql://") || spec.starts_with("postgres://"); }

std::unique_ptr<Store> open_store(const std::string& spec, bool read_only) {
  if (is_postgres_url(spec)) {
    return std::make_unique<PostgresStore>(spec, read_only ? PostgresStore::Mode::read_only : PostgresStore::Mode::write);
  }
  return std::make_unique<SqliteStore>(spec, SqliteStore::Sync::full,
                                       read_only ? SqliteStore::Mode::read_only : SqliteStore::Mode::write);
}

std::unique_ptr<Store> open_existing_store(const std::string& spec) {
  std::error_code ec;
  if (!is_postgres_url(spec) && !std::filesystem::exists(spec, ec)) {
    throw StoreError("store " + spec + ": there is no such file; check the path (only `docket run --store` creates a store)");
  }
  return open_store(spec);
}

}  // namespace docket::host
