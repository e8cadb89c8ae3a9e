// SqliteStore::Impl: the connection, the writer's lock, the prepared statements and the schema's SQL.
#pragma once

#include <sqlite3.h>

#include <memory>
#include <string>
#include <string_view>

#include "docket/core/sqlite_store.hpp"
#include "store/sqlite_statement.hpp"

namespace docket {

// Schema 2. Times are Unix seconds; states and channels are their names.
inline constexpr const char* kSqliteSchema = R"sql(
CREATE TABLE docket_store (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE programs (
  version  INTEGER PRIMARY KEY,
  hash     TEXT NOT NULL UNIQUE,
  sources  TEXT NOT NULL,
  deployed INTEGER NOT NULL);
CREATE TABLE instances (
  id       INTEGER PRIMARY KEY,
  workflow TEXT NOT NULL,
  open     INTEGER NOT NULL,
  snapshot TEXT NOT NULL,
  version  INTEGER NOT NULL DEFAULT 1,
  next_due INTEGER);
CREATE INDEX instances_open ON instances (id) WHERE open = 1;
CREATE INDEX instances_due ON instances (next_due, id) WHERE next_due IS NOT NULL;
CREATE TABLE instance_keys (
  key         TEXT PRIMARY KEY,
  instance    INTEGER NOT NULL,
  fingerprint TEXT NOT NULL);
CREATE TABLE trail (
  seq      INTEGER PRIMARY KEY,
  instance INTEGER NOT NULL,
  at       INTEGER NOT NULL,
  kind     TEXT NOT NULL,
  node     TEXT NOT NULL,
  detail   TEXT NOT NULL,
  due      INTEGER);
CREATE INDEX trail_instance ON trail (instance, seq);
CREATE TABLE actions (
  key          TEXT PRIMARY KEY,
  instance     INTEGER NOT NULL,
  name         TEXT NOT NULL,
  args         TEXT NOT NULL,
  at           INTEGER NOT NULL,
  role         TEXT NOT NULL,
  sla          TEXT NOT NULL,
  level        INTEGER NOT NULL,
  channel      TEXT NOT NULL DEFAULT 'host',
  state        TEXT NOT NULL DEFAULT 'delivered',
  attempts     INTEGER NOT NULL DEFAULT 0,
  next_at      INTEGER NOT NULL DEFAULT 0,
  last_error   TEXT NOT NULL DEFAULT '',
  delivered_at INTEGER);
CREATE INDEX actions_instance ON actions (instance);
CREATE INDEX actions_open ON actions (channel, state, next_at) WHERE state IN ('pending', 'failed');
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
)sql";

struct SqliteStore::Impl {
  std::string path;
  sqlite3* db = nullptr;
  int lock_fd = -1;  // the writer's advisory lock (flock) on the file
  bool read_only = false;
  InstanceId last_id = 0;
  std::unique_ptr<detail::Statement> begin, commit, rollback, put_instance, put_trail, put_action, put_delivery, put_key,
      put_meta, get_instance, get_all, get_open_count, get_due, get_due_after, get_next_due, get_key, get_trail,
      get_pending, get_retries, get_next_retry, get_outbox, get_action, get_versions, get_version_by_hash, put_version,
      get_meta;

  ~Impl();

  [[noreturn]] void fail(std::string_view what, std::string_view why, std::string_view fix) const;
  void exec(const char* sql, std::string_view what, std::string_view fix) const;
  std::unique_ptr<detail::Statement> prepare(const char* sql) const;

  // Opening (sqlite_store.cpp).
  void open(SqliteStore::Sync sync, SqliteStore::Mode mode);
  void take_writer_lock();
  void check_or_create(bool created);
  void upgrade_from_1();
  void prepare_all();
};

}  // namespace docket
