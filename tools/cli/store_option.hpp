// The --store option of `docket run` and `docket audit`: a SQLite file or a PostgreSQL URL.
#pragma once

#include <memory>
#include <string>

#include "docket/core/store.hpp"

namespace docket::cli {

// True for "postgresql://..." and "postgres://..." (libpq connection URIs).
[[nodiscard]] bool is_postgres_url(const std::string& spec);
// Opens the store `spec` names: PostgresStore for a PostgreSQL URL, else SqliteStore on the file
// (created when missing). Throws StoreError naming it and the fix.
[[nodiscard]] std::unique_ptr<Store> open_store(const std::string& spec);

}  // namespace docket::cli
