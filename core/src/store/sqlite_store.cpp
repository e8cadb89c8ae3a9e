// SqliteStore, opening: only files docket made are used — refusals, the writer's lock, schema and upgrade.
#include "docket/core/sqlite_store.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "store/sqlite_store_impl.hpp"

namespace docket {

namespace {
constexpr const char* kNewFile = "give a path where no file is (docket creates its store there), or one a docket store wrote";
}  // namespace

SqliteStore::Impl::~Impl() {
  // Statements first: a connection with live statements does not close.
  for (auto* s : {&begin, &commit, &rollback, &put_instance, &put_trail, &put_action, &put_delivery, &put_key, &put_meta,
                  &get_instance, &get_all, &get_open_count, &get_due, &get_due_after, &get_next_due, &get_key, &get_trail,
                  &get_pending, &get_retries, &get_next_retry, &get_outbox, &get_action, &get_versions,
                  &get_version_by_hash, &put_version, &get_meta}) {
    s->reset();
  }
  if (db != nullptr) sqlite3_close(db);
  if (lock_fd >= 0) ::close(lock_fd);
}

void SqliteStore::Impl::fail(std::string_view what, std::string_view why, std::string_view fix) const {
  throw StoreError(fmt::format("store {}: {}: {}{}{}", path, what, why, fix.empty() ? "" : "; ", fix));
}

void SqliteStore::Impl::exec(const char* sql, std::string_view what, std::string_view fix) const {
  char* error = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &error) != SQLITE_OK) {
    std::string why = error != nullptr ? error : sqlite3_errmsg(db);
    sqlite3_free(error);
    fail(what, why, fix);
  }
}

std::unique_ptr<detail::Statement> SqliteStore::Impl::prepare(const char* sql) const {
  try {
    return std::make_unique<detail::Statement>(db, sql);
  } catch (const StoreError& e) {
    fail("cannot read its tables", e.what(), "it is not a store this docket wrote; give a new path");
  }
}

void SqliteStore::Impl::take_writer_lock() {
  lock_fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (lock_fd < 0) fail("cannot open it to lock it", std::strerror(errno), "check its permissions");
  if (::flock(lock_fd, LOCK_EX | LOCK_NB) != 0) {
    if (errno == EWOULDBLOCK) {
      fail("cannot write it", "another process is writing it (it holds the writer's lock)",
           "stop that process first; `docket audit` can read the store meanwhile");
    }
    fail("cannot lock it", std::strerror(errno), "check the file system supports locks");
  }
}

void SqliteStore::Impl::open(SqliteStore::Sync sync, SqliteStore::Mode mode) {
  read_only = mode == SqliteStore::Mode::read_only;
  struct stat info {};
  const bool exists = ::stat(path.c_str(), &info) == 0;
  if (exists && S_ISDIR(info.st_mode)) fail("cannot use it", "it is a directory", "give the path of a file");
  if (exists && !S_ISREG(info.st_mode)) fail("cannot use it", "it is not a regular file", kNewFile);
  if (!exists && read_only) fail("cannot read it", "there is no such file", "check the path");
  if (exists && info.st_size == 0) {
    fail("cannot use it", "the file is empty, so it is not a docket store (docket creates a store only where no file is)",
         "remove the empty file, or give another path");
  }
  const int flags = read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | (exists ? 0 : SQLITE_OPEN_CREATE);
  if (sqlite3_open_v2(path.c_str(), &db, flags | SQLITE_OPEN_NOMUTEX, nullptr) != SQLITE_OK) {
    fail(exists ? "cannot open it" : "cannot create it", db != nullptr ? sqlite3_errmsg(db) : "out of memory",
         exists ? "check its permissions" : "check that its directory exists and is writable");
  }
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, 5000);
  if (!read_only) take_writer_lock();
  check_or_create(!exists);
  if (!read_only) {
    exec("PRAGMA journal_mode = WAL", "cannot switch it to write-ahead logging", "check the disk and its permissions");
    exec(sync == SqliteStore::Sync::full ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL",
         "cannot set how it syncs", "");
  }
  prepare_all();
}

void SqliteStore::Impl::check_or_create(bool created) {
  if (created) {
    exec("BEGIN IMMEDIATE", "cannot create its tables", "check the disk has room");
    try {
      exec(kSqliteSchema, "cannot create its tables", "check the disk has room");
      exec(fmt::format("PRAGMA application_id = {}; PRAGMA user_version = {}; "
                       "INSERT INTO docket_store (key, value) VALUES ('schema', '{}')",
                       SqliteStore::kApplicationId, SqliteStore::kSchema, SqliteStore::kSchema)
               .c_str(),
           "cannot create its tables", "check the disk has room");
      exec("COMMIT", "cannot create its tables", "check the disk has room");
    } catch (...) {
      sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
      throw;
    }
    return;
  }
  // The header first: a file that is not SQLite says so on the first read.
  std::int64_t application_id = 0;
  std::int64_t user_version = 0;
  try {
    detail::Statement app(db, "PRAGMA application_id");
    application_id = app.step() ? app.integer(0) : 0;
    app.reset();
    detail::Statement ver(db, "PRAGMA user_version");
    user_version = ver.step() ? ver.integer(0) : 0;
    ver.reset();
  } catch (const StoreError& e) {
    fail("cannot read it as a docket store", e.what(), kNewFile);
  }
  bool schema_1 = false;
  if (application_id == 0) {
    // Stores written before schema 2 carry no application_id: a docket_store table saying schema 1.
    try {
      detail::Statement v1(db, "SELECT value FROM docket_store WHERE key = 'schema'");
      schema_1 = v1.step() && v1.text(0) == "1";
      v1.reset();
    } catch (const StoreError&) {
      schema_1 = false;
    }
    if (!schema_1) {
      fail("cannot use it", "it is a SQLite database of another application (it has no docket application_id)",
           "docket never writes into a file it did not create; " + std::string(kNewFile));
    }
  } else if (application_id != SqliteStore::kApplicationId) {
    fail("cannot use it",
         fmt::format("it is a SQLite database of another application (application_id 0x{:08X})",
                     static_cast<std::uint32_t>(application_id)),
         "docket never writes into a file it did not create; " + std::string(kNewFile));
  } else if (user_version > SqliteStore::kSchema) {
    fail("cannot use it",
         fmt::format("its schema is version {} and this docket knows versions 1 to {}", user_version, SqliteStore::kSchema),
         "use the newer docket that wrote it");
  }
  // Damage is found before anything is read or written.
  try {
    detail::Statement check(db, "PRAGMA quick_check");
    std::string problems;
    while (check.step()) {
      const std::string line = check.text(0);
      if (line != "ok" && problems.size() < 400) problems += (problems.empty() ? "" : "; ") + line;
    }
    check.reset();
    if (!problems.empty()) {
      fail("cannot use it", "it is damaged (SQLite's quick_check: " + problems + ")",
           "restore it from a backup, or copy what can be read with `sqlite3 FILE .recover`");
    }
  } catch (const StoreError& e) {
    if (std::string_view(e.what()).starts_with("store ")) throw;
    fail("cannot use it", fmt::format("it is damaged ({})", e.what()),
         "restore it from a backup, or copy what can be read with `sqlite3 FILE .recover`");
  }
  if (schema_1 || user_version < SqliteStore::kSchema) {
    if (read_only) {
      fail("cannot read it", "it was written by an older docket (schema 1)", "open it for writing once to bring it up to date");
    }
    upgrade_from_1();
  }
}

// Schema 1 (docket before program versions and the durable outbox): the same tables without
// versions, due times, delivery states, keys and meta. Open instances get a due time of 0 so that
// the first timer sweep reads each one and sets its real one; actions from then are marked
// delivered, since their delivery was not tracked (docs/store.md says so).
void SqliteStore::Impl::upgrade_from_1() {
  exec("BEGIN IMMEDIATE", "cannot bring it up to date", "check the disk has room");
  try {
    exec(R"sql(
      CREATE TABLE programs (version INTEGER PRIMARY KEY, hash TEXT NOT NULL UNIQUE, sources TEXT NOT NULL,
                             deployed INTEGER NOT NULL);
      INSERT INTO programs (version, hash, sources, deployed) VALUES (1, '', '', 0);
      ALTER TABLE instances ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
      ALTER TABLE instances ADD COLUMN next_due INTEGER;
      UPDATE instances SET next_due = 0 WHERE open = 1;
      CREATE INDEX instances_due ON instances (next_due, id) WHERE next_due IS NOT NULL;
      CREATE TABLE instance_keys (key TEXT PRIMARY KEY, instance INTEGER NOT NULL, fingerprint TEXT NOT NULL);
      ALTER TABLE actions ADD COLUMN channel TEXT NOT NULL DEFAULT 'host';
      ALTER TABLE actions ADD COLUMN state TEXT NOT NULL DEFAULT 'delivered';
      ALTER TABLE actions ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE actions ADD COLUMN next_at INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE actions ADD COLUMN last_error TEXT NOT NULL DEFAULT '';
      ALTER TABLE actions ADD COLUMN delivered_at INTEGER;
      UPDATE actions SET last_error = 'kept before deliveries were tracked (schema 1)';
      CREATE INDEX actions_open ON actions (channel, state, next_at) WHERE state IN ('pending', 'failed');
      CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      UPDATE docket_store SET value = '2' WHERE key = 'schema';
    )sql",
         "cannot bring it up to date from schema 1", "check the disk has room");
    exec(fmt::format("PRAGMA application_id = {}; PRAGMA user_version = {}", SqliteStore::kApplicationId,
                     SqliteStore::kSchema)
             .c_str(),
         "cannot bring it up to date from schema 1", "");
    exec("COMMIT", "cannot bring it up to date from schema 1", "check the disk has room");
  } catch (...) {
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
}

SqliteStore::SqliteStore(const std::string& path, Sync sync, Mode mode) : impl_(std::make_unique<Impl>()) {
  impl_->path = path;
  impl_->open(sync, mode);
}

SqliteStore::~SqliteStore() = default;

}  // namespace docket
