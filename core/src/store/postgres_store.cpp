// PostgresStore: the SQLite store's tables in PostgreSQL over libpq, prepared statements, one transaction per batch.
#include "docket/core/postgres_store.hpp"

#include <fmt/format.h>
#include <libpq-fe.h>

#include "run/json_writer.hpp"
#include "run/value_codec.hpp"

namespace docket {

namespace {

constexpr int kSchema = 1;

constexpr const char* kCreate = R"sql(
CREATE TABLE IF NOT EXISTS docket_store (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS instances (
  id       BIGINT PRIMARY KEY,
  workflow TEXT NOT NULL,
  open     BOOLEAN NOT NULL,
  snapshot TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS instances_open ON instances (id) WHERE open;
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
  seq      BIGSERIAL,
  key      TEXT PRIMARY KEY,
  instance BIGINT NOT NULL,
  name     TEXT NOT NULL,
  args     TEXT NOT NULL,
  at       BIGINT NOT NULL,
  role     TEXT NOT NULL,
  sla      TEXT NOT NULL,
  level    INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS actions_instance ON actions (instance, seq);
INSERT INTO docket_store (key, value) VALUES ('schema', '1') ON CONFLICT (key) DO NOTHING;
)sql";

// A result that clears itself.
struct Result {
  PGresult* r = nullptr;
  explicit Result(PGresult* p) : r(p) {}
  ~Result() { PQclear(r); }
  Result(const Result&) = delete;
  Result& operator=(const Result&) = delete;
  [[nodiscard]] int rows() const { return PQntuples(r); }
  [[nodiscard]] std::string text(int row, int col) const {
    return std::string(PQgetvalue(r, row, col), static_cast<std::size_t>(PQgetlength(r, row, col)));
  }
  [[nodiscard]] std::int64_t integer(int row, int col) const { return std::stoll(PQgetvalue(r, row, col)); }
  [[nodiscard]] bool is_null(int row, int col) const { return PQgetisnull(r, row, col) != 0; }
};

Instant instant(std::int64_t seconds) { return Instant{std::chrono::seconds{seconds}}; }
std::string seconds(Instant t) { return std::to_string(t.time_since_epoch().count()); }

}  // namespace

struct PostgresStore::Impl {
  std::string where;  // host:port/dbname, for messages (no password)
  PGconn* conn = nullptr;

  ~Impl() {
    if (conn != nullptr) PQfinish(conn);
  }

  [[noreturn]] void fail(std::string_view what, std::string_view why, std::string_view fix) const {
    std::string reason(why);
    while (!reason.empty() && (reason.back() == '\n' || reason.back() == ' ')) reason.pop_back();
    throw StoreError(
        fmt::format("store postgresql://{}: {}: {}{}{}", where, what, reason, fix.empty() ? "" : "; ", fix));
  }

  void exec(const char* sql, std::string_view what, std::string_view fix) {
    Result r(PQexec(conn, sql));
    if (PQresultStatus(r.r) != PGRES_COMMAND_OK && PQresultStatus(r.r) != PGRES_TUPLES_OK) {
      fail(what, PQresultErrorMessage(r.r), fix);
    }
  }

  void prepare(const char* name, const char* sql, int params) {
    Result r(PQprepare(conn, name, sql, params, nullptr));
    if (PQresultStatus(r.r) != PGRES_COMMAND_OK)
      fail("cannot prepare a query", PQresultErrorMessage(r.r), "is it a docket store?");
  }

  // Runs prepared statement `name` with text parameters (null where `null` says); throws StoreError.
  Result run(const char* name, const std::vector<std::string>& values, std::vector<bool> null = {}) const {
    std::vector<const char*> params;
    for (std::size_t i = 0; i < values.size(); ++i)
      params.push_back(i < null.size() && null[i] ? nullptr : values[i].c_str());
    Result r(PQexecPrepared(conn, name, static_cast<int>(params.size()), params.data(), nullptr, nullptr, 0));
    const ExecStatusType status = PQresultStatus(r.r);
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) throw StoreError(PQresultErrorMessage(r.r));
    return Result(std::exchange(r.r, nullptr));
  }

  std::vector<StoredInstance> instances_of(const Result& r) const {
    std::vector<StoredInstance> out;
    for (int i = 0; i < r.rows(); ++i) {
      out.push_back({static_cast<InstanceId>(r.integer(i, 0)), r.text(i, 1), r.text(i, 2) == "t", r.text(i, 3)});
    }
    return out;
  }

  // Reads, with errors naming the store.
  Result read(const char* name, const std::vector<std::string>& values, std::string_view what) const {
    try {
      return run(name, values);
    } catch (const StoreError& e) {
      fail(what, e.what(), "is the server still up?");
    }
  }
};

PostgresStore::PostgresStore(const std::string& conninfo) : impl_(std::make_unique<Impl>()) {
  Impl& d = *impl_;
  d.conn = PQconnectdb(conninfo.c_str());
  if (d.conn != nullptr) {
    d.where =
        fmt::format("{}:{}/{}", PQhost(d.conn) != nullptr ? PQhost(d.conn) : "?",
                    PQport(d.conn) != nullptr ? PQport(d.conn) : "?", PQdb(d.conn) != nullptr ? PQdb(d.conn) : "?");
  }
  if (d.conn == nullptr || PQstatus(d.conn) != CONNECTION_OK) {
    d.where = d.where.empty() ? conninfo : d.where;
    d.fail("cannot connect", d.conn != nullptr ? PQerrorMessage(d.conn) : "out of memory",
           "check the host, port, database and user in the connection string, and that the server runs");
  }
  d.exec("SET client_min_messages = warning", "cannot configure the session", "");
  d.exec("BEGIN", "cannot start a transaction", "");
  d.exec("SELECT pg_advisory_xact_lock(4242)", "cannot lock the tables to create them", "");  // two first opens at once
  d.exec(kCreate, "cannot create its tables", "does the user may create tables in this database?");
  Result schema(PQexec(d.conn, "SELECT value FROM docket_store WHERE key = 'schema'"));
  if (PQresultStatus(schema.r) != PGRES_TUPLES_OK || schema.rows() != 1)
    d.fail("cannot read its schema version", PQresultErrorMessage(schema.r), "");
  if (schema.text(0, 0) != std::to_string(kSchema)) {
    d.exec("ROLLBACK", "cannot roll back", "");
    d.fail("cannot use it",
           fmt::format("its schema is version {} and this docket writes version {}", schema.text(0, 0), kSchema),
           "use the docket that wrote it, or another database");
  }
  d.exec("COMMIT", "cannot create its tables", "");
  d.prepare(
      "put_instance",
      "INSERT INTO instances (id, workflow, open, snapshot) VALUES ($1, $2, $3, $4) "
      "ON CONFLICT (id) DO UPDATE SET workflow = excluded.workflow, open = excluded.open, snapshot = excluded.snapshot",
      4);
  d.prepare("put_trail", "INSERT INTO trail (instance, at, kind, node, detail, due) VALUES ($1, $2, $3, $4, $5, $6)",
            6);
  d.prepare(
      "put_action",
      "INSERT INTO actions (key, instance, name, args, at, role, sla, level) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) "
      "ON CONFLICT (key) DO NOTHING",
      8);
  d.prepare("get_instance", "SELECT id, workflow, open, snapshot FROM instances WHERE id = $1", 1);
  d.prepare("get_open", "SELECT id, workflow, open, snapshot FROM instances WHERE open ORDER BY id", 0);
  d.prepare("get_all", "SELECT id, workflow, open, snapshot FROM instances ORDER BY id", 0);
  d.prepare("get_last", "SELECT coalesce(max(id), 0) FROM instances", 0);
  d.prepare("get_trail", "SELECT at, kind, node, detail, due FROM trail WHERE instance = $1 ORDER BY seq", 1);
  d.prepare("get_actions", "SELECT key, name, args, at, role, sla, level FROM actions WHERE instance = $1 ORDER BY seq",
            1);
}

PostgresStore::~PostgresStore() = default;

void PostgresStore::write(const StoreBatch& batch) {
  Impl& d = *impl_;
  try {
    d.exec("BEGIN", "cannot start a transaction", "");
    for (const StoredInstance& i : batch.instances) {
      (void)d.run("put_instance", {std::to_string(i.id), i.workflow, i.open ? "true" : "false", i.snapshot});
    }
    for (const TraceEntry& e : batch.trail) {
      (void)d.run("put_trail",
                  {std::to_string(e.instance), seconds(e.at), trace_kind_name(e.kind), e.node, e.detail,
                   e.due ? seconds(*e.due) : std::string()},
                  {false, false, false, false, false, !e.due.has_value()});
    }
    for (const Action& a : batch.actions) {
      (void)d.run("put_action", {a.idempotency_key, std::to_string(a.instance), a.name, detail::values_json(a.args),
                                 seconds(a.at), a.role, a.sla, std::to_string(a.level)});
    }
    d.exec("COMMIT", "cannot commit", "");
  } catch (const StoreError& e) {
    Result rollback(PQexec(d.conn, "ROLLBACK"));
    d.fail("cannot write what the engine did", e.what(), "check the server is up and has room");
  }
}

std::optional<StoredInstance> PostgresStore::instance(InstanceId id) const {
  std::vector<StoredInstance> found =
      impl_->instances_of(impl_->read("get_instance", {std::to_string(id)}, "cannot read an instance"));
  if (found.empty()) return std::nullopt;
  return found.front();
}

std::vector<StoredInstance> PostgresStore::open_instances() const {
  return impl_->instances_of(impl_->read("get_open", {}, "cannot read the open instances"));
}

std::vector<StoredInstance> PostgresStore::instances() const {
  return impl_->instances_of(impl_->read("get_all", {}, "cannot read the instances"));
}

InstanceId PostgresStore::last_instance_id() const {
  Result r = impl_->read("get_last", {}, "cannot read the last instance id");
  return r.rows() == 1 ? static_cast<InstanceId>(r.integer(0, 0)) : 0;
}

std::vector<TraceEntry> PostgresStore::audit(InstanceId id) const {
  Result r = impl_->read("get_trail", {std::to_string(id)}, "cannot read an audit trail");
  std::vector<TraceEntry> out;
  for (int i = 0; i < r.rows(); ++i) {
    TraceEntry e;
    e.at = instant(r.integer(i, 0));
    e.instance = id;
    std::optional<TraceKind> kind = trace_kind_from_name(r.text(i, 1));
    if (!kind)
      impl_->fail("cannot read an audit trail", fmt::format("trace kind `{}` is unknown", r.text(i, 1)),
                  "use the docket that wrote it");
    e.kind = *kind;
    e.node = r.text(i, 2);
    e.detail = r.text(i, 3);
    if (!r.is_null(i, 4)) e.due = instant(r.integer(i, 4));
    out.push_back(std::move(e));
  }
  return out;
}

std::vector<Action> PostgresStore::actions(InstanceId id) const {
  Result r = impl_->read("get_actions", {std::to_string(id)}, "cannot read actions");
  std::vector<Action> out;
  for (int i = 0; i < r.rows(); ++i) {
    Action a;
    a.instance = id;
    a.idempotency_key = r.text(i, 0);
    a.name = r.text(i, 1);
    a.args = detail::untyped_values(r.text(i, 2));
    a.at = instant(r.integer(i, 3));
    a.role = r.text(i, 4);
    a.sla = r.text(i, 5);
    a.level = static_cast<std::int32_t>(r.integer(i, 6));
    out.push_back(std::move(a));
  }
  return out;
}

}  // namespace docket
