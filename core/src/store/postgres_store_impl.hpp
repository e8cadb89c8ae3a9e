// PostgresStore::Impl: the connection, the schema's SQL, results, and the shared mode's lease, claims and notices.
#pragma once

#include <fmt/format.h>
#include <libpq-fe.h>

#include <chrono>
#include <deque>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/value_codec.hpp"
#include "docket/core/store.hpp"
#include "docket/core/postgres_store.hpp"

namespace docket {

namespace pgstore {

inline constexpr int kSchema = 2;
inline constexpr std::int64_t kWriterLock = 0x646B7431;  // 'dkt1': held by the one process that writes

inline constexpr const char* kCreate = R"sql(
CREATE TABLE IF NOT EXISTS docket_store (key TEXT PRIMARY KEY, value TEXT NOT NULL);
INSERT INTO docket_store (key, value) VALUES ('schema', '2') ON CONFLICT (key) DO NOTHING;
CREATE TABLE IF NOT EXISTS programs (
  version  INTEGER PRIMARY KEY,
  hash     TEXT NOT NULL UNIQUE,
  sources  TEXT NOT NULL,
  deployed BIGINT NOT NULL);
CREATE TABLE IF NOT EXISTS instances (
  id       BIGINT PRIMARY KEY,
  workflow TEXT NOT NULL,
  open     BOOLEAN NOT NULL,
  snapshot TEXT NOT NULL,
  version  INTEGER NOT NULL DEFAULT 1,
  next_due BIGINT);
CREATE INDEX IF NOT EXISTS instances_open ON instances (id) WHERE open;
CREATE INDEX IF NOT EXISTS instances_due ON instances (next_due, id) WHERE next_due IS NOT NULL;
CREATE TABLE IF NOT EXISTS instance_keys (
  key         TEXT PRIMARY KEY,
  instance    BIGINT NOT NULL,
  fingerprint TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS trail (
  seq      BIGSERIAL PRIMARY KEY,
  instance BIGINT NOT NULL,
  at       BIGINT NOT NULL,
  kind     TEXT NOT NULL,
  node     TEXT NOT NULL,
  detail   TEXT NOT NULL,
  due      BIGINT);
CREATE INDEX IF NOT EXISTS trail_instance ON trail (instance, seq);
CREATE TABLE IF NOT EXISTS actions (
  seq          BIGSERIAL,
  key          TEXT PRIMARY KEY,
  instance     BIGINT NOT NULL,
  name         TEXT NOT NULL,
  args         TEXT NOT NULL,
  at           BIGINT NOT NULL,
  role         TEXT NOT NULL,
  sla          TEXT NOT NULL,
  level        INTEGER NOT NULL,
  channel      TEXT NOT NULL DEFAULT 'host',
  state        TEXT NOT NULL DEFAULT 'delivered',
  attempts     INTEGER NOT NULL DEFAULT 0,
  next_at      BIGINT NOT NULL DEFAULT 0,
  last_error   TEXT NOT NULL DEFAULT '',
  delivered_at BIGINT);
CREATE INDEX IF NOT EXISTS actions_instance ON actions (instance, seq);
CREATE INDEX IF NOT EXISTS actions_open ON actions (channel, state, next_at) WHERE state IN ('pending', 'failed');
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
)sql";

// Schema 1 had no versions, due times, delivery states, keys or meta (see SqliteStore's upgrade).
inline constexpr const char* kUpgradeFrom1 = R"sql(
ALTER TABLE instances ADD COLUMN IF NOT EXISTS version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE instances ADD COLUMN IF NOT EXISTS next_due BIGINT;
UPDATE instances SET next_due = 0 WHERE open;
ALTER TABLE actions ADD COLUMN IF NOT EXISTS channel TEXT NOT NULL DEFAULT 'host';
ALTER TABLE actions ADD COLUMN IF NOT EXISTS state TEXT NOT NULL DEFAULT 'delivered';
ALTER TABLE actions ADD COLUMN IF NOT EXISTS attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE actions ADD COLUMN IF NOT EXISTS next_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE actions ADD COLUMN IF NOT EXISTS last_error TEXT NOT NULL DEFAULT '';
ALTER TABLE actions ADD COLUMN IF NOT EXISTS delivered_at BIGINT;
UPDATE actions SET last_error = 'kept before deliveries were tracked (schema 1)';
INSERT INTO programs (version, hash, sources, deployed) VALUES (1, '', '', 0) ON CONFLICT DO NOTHING;
UPDATE docket_store SET value = '2' WHERE key = 'schema';
)sql";

inline constexpr const char* kInstanceColumns = "id, workflow, version, open, next_due, snapshot";
inline constexpr const char* kActionColumns =
    "key, instance, name, args, at, role, sla, level, channel, state, attempts, next_at, last_error, delivered_at";

// A result that clears itself.
struct Result {
  PGresult* r = nullptr;
  explicit Result(PGresult* p) : r(p) {}
  ~Result() { PQclear(r); }
  Result(Result&& o) noexcept : r(std::exchange(o.r, nullptr)) {}
  Result(const Result&) = delete;
  Result& operator=(const Result&) = delete;
  [[nodiscard]] int rows() const { return PQntuples(r); }
  [[nodiscard]] std::string text(int row, int col) const {
    return std::string(PQgetvalue(r, row, col), static_cast<std::size_t>(PQgetlength(r, row, col)));
  }
  [[nodiscard]] std::int64_t integer(int row, int col) const { return std::stoll(PQgetvalue(r, row, col)); }
  [[nodiscard]] bool is_null(int row, int col) const { return PQgetisnull(r, row, col) != 0; }
  [[nodiscard]] std::optional<Instant> time(int row, int col) const {
    if (is_null(row, col)) return std::nullopt;
    return Instant{std::chrono::seconds{integer(row, col)}};
  }
};

inline Instant instant(std::int64_t seconds) { return Instant{std::chrono::seconds{seconds}}; }
inline std::string seconds(Instant t) { return std::to_string(t.time_since_epoch().count()); }
inline std::optional<std::string> seconds(const std::optional<Instant>& t) {
  return t ? std::optional<std::string>(seconds(*t)) : std::nullopt;
}
inline const char* channel_name(ActionChannel c) { return c == ActionChannel::plugin ? "plugin" : "host"; }

inline OutboxEntry action_row(const Result& r, int i) {
  OutboxEntry o;
  Action& a = o.action;
  a.idempotency_key = r.text(i, 0);
  a.instance = static_cast<InstanceId>(r.integer(i, 1));
  a.name = r.text(i, 2);
  a.args = detail::untyped_values(r.text(i, 3));
  a.at = instant(r.integer(i, 4));
  a.role = r.text(i, 5);
  a.sla = r.text(i, 6);
  a.level = static_cast<std::int32_t>(r.integer(i, 7));
  o.channel = r.text(i, 8) == "plugin" ? ActionChannel::plugin : ActionChannel::host;
  o.state = delivery_state_from_name(r.text(i, 9)).value_or(DeliveryState::dead);
  o.attempts = static_cast<std::uint32_t>(r.integer(i, 10));
  o.next_at = instant(r.integer(i, 11));
  o.last_error = r.text(i, 12);
  o.delivered_at = r.time(i, 13);
  return o;
}

// Columns and objects added for several writers (kept by every writer, so that a database can move
// between one writer and several): each instance's revision and claim, each action's claim, the
// instance id sequence, the leases, and the fence every shared write and claim runs first.
inline constexpr const char* kSharedColumns = R"sql(
ALTER TABLE instances ADD COLUMN IF NOT EXISTS revision BIGINT NOT NULL DEFAULT 1;
ALTER TABLE instances ADD COLUMN IF NOT EXISTS claimed_by BIGINT;
ALTER TABLE actions ADD COLUMN IF NOT EXISTS claimed_by BIGINT;
CREATE SEQUENCE IF NOT EXISTS instance_ids;
SELECT setval('instance_ids', greatest((SELECT coalesce(max(id), 0) FROM instances), 1));
CREATE TABLE IF NOT EXISTS leases (
  id        BIGSERIAL PRIMARY KEY,
  name      TEXT NOT NULL,
  started   TIMESTAMPTZ NOT NULL,
  heartbeat TIMESTAMPTZ NOT NULL,
  expires   TIMESTAMPTZ NOT NULL,
  revoked   BOOLEAN NOT NULL DEFAULT false,
  ended_by  BIGINT);
CREATE INDEX IF NOT EXISTS instances_claimed ON instances (claimed_by) WHERE claimed_by IS NOT NULL;
CREATE INDEX IF NOT EXISTS actions_claimed ON actions (claimed_by) WHERE claimed_by IS NOT NULL;
CREATE OR REPLACE FUNCTION docket_fence(lease BIGINT, ttl_ms BIGINT) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  UPDATE leases SET heartbeat = clock_timestamp(), expires = clock_timestamp() + ttl_ms * interval '1 millisecond'
   WHERE id = lease AND NOT revoked;
  IF NOT FOUND THEN
    RAISE EXCEPTION USING ERRCODE = 'DK002',
      MESSAGE = format('lease %s has ended (it was not renewed in time, and another process took over its work)', lease);
  END IF;
END $$;
CREATE OR REPLACE FUNCTION docket_conflict(what TEXT) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION USING ERRCODE = 'DK001', MESSAGE = what;
END $$;
)sql";

inline constexpr const char* kConflictState = "DK001";
inline constexpr const char* kFencedState = "DK002";
inline constexpr const char* kUniqueState = "23505";
inline constexpr const char* kDeadlockState = "40P01";  // two writers locked instances in opposite orders
inline constexpr const char* kWorkChannel = "docket_work";

// One statement of a pipeline: a prepared statement's name and its text parameters (nullopt: NULL).
struct PipelineStep {
  const char* name;
  std::vector<std::optional<std::string>> params;
};

}  // namespace pgstore

using namespace pgstore;  // NOLINT: the store's files share these names

struct PostgresStore::Impl {
  std::string where;  // host:port/dbname, for messages (no password)
  PGconn* conn = nullptr;
  InstanceId last_id = 0;
  // ---- shared mode (postgres_shared.cpp)
  bool shared = false;
  std::int64_t lease_id = 0;
  std::chrono::milliseconds lease_ttl{0};
  std::deque<InstanceId> ids;                      // allocated from the sequence, not yet used
  std::set<InstanceId> claimed;                    // instances claimed and not yet written
  std::set<std::string, std::less<>> claimed_actions;  // actions claimed, their results not yet written
  std::vector<Instant> notices;                    // announced by other processes, not yet taken

  // Takes a lease and prepares the shared statements (StoreError naming the store).
  void open_shared(const std::string& name);
  // Runs the steps as one implicit transaction in one round trip (libpq pipeline mode): all or none.
  // StoreConflict, StoreFenced or StoreError (with the server's message) when one fails.
  std::vector<Result> pipeline(const std::vector<PipelineStep>& steps) const;
  // Takes what the server announced on the connection (LISTEN) into `notices`.
  void take_notices();

  ~Impl() {
    if (conn != nullptr) PQfinish(conn);
  }

  [[noreturn]] void fail(std::string_view what, std::string_view why, std::string_view fix) const {
    std::string reason(why);
    while (!reason.empty() && (reason.back() == '\n' || reason.back() == ' ')) reason.pop_back();
    throw StoreError(fmt::format("store postgresql://{}: {}: {}{}{}", where, what, reason, fix.empty() ? "" : "; ", fix));
  }

  template <class Error>
  [[noreturn]] void fail_as(std::string_view what, std::string_view why, std::string_view fix) const {
    std::string reason(why);
    while (!reason.empty() && (reason.back() == '\n' || reason.back() == ' ')) reason.pop_back();
    throw Error(fmt::format("store postgresql://{}: {}: {}{}{}", where, what, reason, fix.empty() ? "" : "; ", fix));
  }

  // Streams `rows` (PgCopyRows' text) into `copy_sql` (COPY ... FROM STDIN); StoreError with the
  // server's message when it refuses them.
  void copy(const char* copy_sql, const std::string& rows) const {
    Result start(PQexec(conn, copy_sql));
    if (PQresultStatus(start.r) != PGRES_COPY_IN) throw StoreError(PQresultErrorMessage(start.r));
    const bool sent = PQputCopyData(conn, rows.data(), static_cast<int>(rows.size())) == 1;
    if (PQputCopyEnd(conn, sent ? nullptr : "docket could not send the rows") != 1) throw StoreError(PQerrorMessage(conn));
    std::string error;
    while (PGresult* r = PQgetResult(conn)) {
      Result done(r);
      if (PQresultStatus(r) != PGRES_COMMAND_OK && error.empty()) error = PQresultErrorMessage(r);
    }
    if (!error.empty()) throw StoreError(error);
  }

  // Ends a transaction a failed write left open.
  void abort_transaction() const {
    if (PQtransactionStatus(conn) == PQTRANS_INTRANS || PQtransactionStatus(conn) == PQTRANS_INERROR) {
      Result rollback(PQexec(conn, "ROLLBACK"));
    }
  }

  void exec(const char* sql, std::string_view what, std::string_view fix) const {
    Result r(PQexec(conn, sql));
    if (PQresultStatus(r.r) != PGRES_COMMAND_OK && PQresultStatus(r.r) != PGRES_TUPLES_OK) {
      fail(what, PQresultErrorMessage(r.r), fix);
    }
  }

  void prepare(const char* name, const std::string& sql, int params) const {
    Result r(PQprepare(conn, name, sql.c_str(), params, nullptr));
    if (PQresultStatus(r.r) != PGRES_COMMAND_OK) {
      fail("cannot prepare a query", PQresultErrorMessage(r.r), "is it a docket store?");
    }
  }

  // Runs prepared statement `name` with text parameters (nullopt: NULL); throws StoreError.
  Result run(const char* name, const std::vector<std::optional<std::string>>& values) const {
    std::vector<const char*> params;
    params.reserve(values.size());
    for (const auto& v : values) params.push_back(v ? v->c_str() : nullptr);
    Result r(PQexecPrepared(conn, name, static_cast<int>(params.size()), params.data(), nullptr, nullptr, 0));
    const ExecStatusType status = PQresultStatus(r.r);
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) throw StoreError(PQresultErrorMessage(r.r));
    return r;
  }

  // Reads, with errors naming the store.
  Result read(const char* name, const std::vector<std::optional<std::string>>& values, std::string_view what) const {
    try {
      return run(name, values);
    } catch (const StoreError& e) {
      fail(what, e.what(), "is the server still up?");
    }
  }

  std::vector<StoredInstance> instances_of(const Result& r) const {
    std::vector<StoredInstance> out;
    for (int i = 0; i < r.rows(); ++i) {
      out.push_back({static_cast<InstanceId>(r.integer(i, 0)), r.text(i, 1), static_cast<std::uint32_t>(r.integer(i, 2)),
                     r.text(i, 3) == "t", r.time(i, 4), r.text(i, 5), static_cast<std::uint64_t>(r.integer(i, 6))});
    }
    return out;
  }

  // Whether the columns and objects of kSharedColumns are there (added by this docket's writers).
  [[nodiscard]] bool has_shared_columns() const {
    Result r(PQexec(conn, "SELECT count(*) FROM information_schema.columns WHERE table_schema = current_schema() AND "
                          "table_name = 'instances' AND column_name = 'revision'"));
    Result f(PQexec(conn, "SELECT to_regproc('docket_fence') IS NOT NULL"));
    return PQresultStatus(r.r) == PGRES_TUPLES_OK && r.integer(0, 0) == 1 && PQresultStatus(f.r) == PGRES_TUPLES_OK &&
           f.text(0, 0) == "t";
  }

  void create_or_check() {
    exec("BEGIN", "cannot start a transaction", "");
    try {
      exec("SELECT pg_advisory_xact_lock(4242)", "cannot lock the tables to create them", "");  // two first opens at once
      Result old(PQexec(conn, "SELECT value FROM docket_store WHERE key = 'schema'"));
      const bool had_store = PQresultStatus(old.r) == PGRES_TUPLES_OK;
      if (!had_store) exec("ROLLBACK; BEGIN; SELECT pg_advisory_xact_lock(4242)", "cannot start a transaction", "");
      const std::string found = had_store && old.rows() == 1 ? old.text(0, 0) : std::string();
      if (found == std::to_string(kSchema) && has_shared_columns()) {
        // Up to date: no DDL against tables other processes may be writing (a CREATE INDEX IF NOT
        // EXISTS still takes its table's SHARE lock, and a restarted shared writer failed on it).
        exec("COMMIT", "cannot open it", "");
        return;
      }
      if (!had_store) {
        // Tables of docket's names that docket did not make are someone else's: never adopted.
        Result foreign(PQexec(conn, "SELECT string_agg(name, ', ') FROM unnest(ARRAY['instances', 'trail', 'actions', "
                                    "'programs', 'meta']) AS name WHERE to_regclass(name) IS NOT NULL"));
        if (PQresultStatus(foreign.r) == PGRES_TUPLES_OK && !foreign.is_null(0, 0)) {
          fail("cannot use it",
               fmt::format("it has tables named like docket's ({}) that no docket store made", foreign.text(0, 0)),
               "give docket a database (or a schema in `options=-csearch_path=...`) of its own");
        }
      }
      if (!found.empty() && found != "1" && found != std::to_string(kSchema)) {
        fail("cannot use it",
             fmt::format("its schema is version {} and this docket knows versions 1 to {}", found, kSchema),
             "use the docket that wrote it, or another database");
      }
      exec(kCreate, "cannot create its tables", "may the user create tables in this database?");
      if (found == "1") exec(kUpgradeFrom1, "cannot bring it up to date from schema 1", "");
      if (!has_shared_columns()) exec(kSharedColumns, "cannot add the columns several writers need", "");
      exec("COMMIT", "cannot create its tables", "");
    } catch (...) {
      Result rollback(PQexec(conn, "ROLLBACK"));
      throw;
    }
  }
};

}  // namespace docket
