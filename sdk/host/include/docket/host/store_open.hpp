// The --store option of `docket run`, `docket audit` and `docket outbox`: a SQLite file or a PostgreSQL URL.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "docket/core/store.hpp"

namespace docket::host {

// True for "postgresql://..." and "postgres://..." (libpq connection URIs).
[[nodiscard]] bool is_postgres_url(const std::string& spec);
// Opens the store `spec` names: PostgresStore for a PostgreSQL URL, else SqliteStore on the file
// (created when missing, unless `read_only`). Throws StoreError naming it and the fix.
[[nodiscard]] std::unique_ptr<Store> open_store(const std::string& spec, bool read_only = false);
// A PostgreSQL store opened as one of several writers, each holding a lease of `lease`
// (PostgresStore::Mode::shared). StoreError for a SQLite file: SQLite has one writer.
[[nodiscard]] std::unique_ptr<Store> open_shared_store(const std::string& spec, std::chrono::milliseconds lease);
// As open_store for writing, but a SQLite file that does not exist is an error rather than a new,
// empty store (`docket outbox retry`, `docket migrate`: a mistyped path must not look empty).
[[nodiscard]] std::unique_ptr<Store> open_existing_store(const std::string& spec);

}  // namespace docket::host
