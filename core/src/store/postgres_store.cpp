// PostgresStore: the store's tables in PostgreSQL over libpq; each unit of work one transaction of bulk statements.
#include "docket/core/postgres_store.hpp"

#include <fmt/format.h>
#include <libpq-fe.h>

#include <algorithm>

#include "base/json_writer.hpp"
#include "base/value_codec.hpp"
#include "store/pg_array.hpp"

namespace docket {

namespace {

constexpr int kSchema = 2;
constexpr std::int64_t kWriterLock = 0x646B7431;  // 'dkt1': held by the one process that writes

constexpr const char* kCreate = R"sql(
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
constexpr const char* kUpgradeFrom1 = R"sql(
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

constexpr const char* kInstanceColumns = "id, workflow, version, open, next_due, snapshot";
constexpr const char* kActionColumns =
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

Instant instant(std::int64_t seconds) { return Instant{std::chrono::seconds{seconds}}; }
std::string seconds(Instant t) { return std::to_string(t.time_since_epoch().count()); }
std::optional<std::string> seconds(const std::optional<Instant>& t) {
  return t ? std::optional<std::string>(seconds(*t)) : std::nullopt;
}
const char* channel_name(ActionChannel c) { return c == ActionChannel::plugin ? "plugin" : "host"; }

OutboxEntry action_row(const Result& r, int i) {
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

}  // namespace

struct PostgresStore::Impl {
  std::string where;  // host:port/dbname, for messages (no password)
  PGconn* conn = nullptr;
  InstanceId last_id = 0;

  ~Impl() {
    if (conn != nullptr) PQfinish(conn);
  }

  [[noreturn]] void fail(std::string_view what, std::string_view why, std::string_view fix) const {
    std::string reason(why);
    while (!reason.empty() && (reason.back() == '\n' || reason.back() == ' ')) reason.pop_back();
    throw StoreError(fmt::format("store postgresql://{}: {}: {}{}{}", where, what, reason, fix.empty() ? "" : "; ", fix));
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
                     r.text(i, 3) == "t", r.time(i, 4), r.text(i, 5)});
    }
    return out;
  }

  void create_or_check() {
    exec("BEGIN", "cannot start a transaction", "");
    try {
      exec("SELECT pg_advisory_xact_lock(4242)", "cannot lock the tables to create them", "");  // two first opens at once
      Result old(PQexec(conn, "SELECT value FROM docket_store WHERE key = 'schema'"));
      const bool had_store = PQresultStatus(old.r) == PGRES_TUPLES_OK;
      if (!had_store) exec("ROLLBACK; BEGIN; SELECT pg_advisory_xact_lock(4242)", "cannot start a transaction", "");
      const std::string found = had_store && old.rows() == 1 ? old.text(0, 0) : std::string();
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
      exec("COMMIT", "cannot create its tables", "");
    } catch (...) {
      Result rollback(PQexec(conn, "ROLLBACK"));
      throw;
    }
  }
};

PostgresStore::PostgresStore(const std::string& conninfo, Mode mode) : impl_(std::make_unique<Impl>()) {
  Impl& d = *impl_;
  d.conn = PQconnectdb(conninfo.c_str());
  if (d.conn != nullptr) {
    d.where = fmt::format("{}:{}/{}", PQhost(d.conn) != nullptr ? PQhost(d.conn) : "?",
                          PQport(d.conn) != nullptr ? PQport(d.conn) : "?", PQdb(d.conn) != nullptr ? PQdb(d.conn) : "?");
  }
  if (d.conn == nullptr || PQstatus(d.conn) != CONNECTION_OK) {
    d.where = d.where.empty() ? conninfo : d.where;
    d.fail("cannot connect", d.conn != nullptr ? PQerrorMessage(d.conn) : "out of memory",
           "check the host, port, database and user in the connection string, and that the server runs");
  }
  d.exec("SET client_min_messages = warning", "cannot configure the session", "");
  if (mode == Mode::read_only) {
    d.exec("SET default_transaction_read_only = on", "cannot configure the session", "");
    Result schema(PQexec(d.conn, "SELECT value FROM docket_store WHERE key = 'schema'"));
    if (PQresultStatus(schema.r) != PGRES_TUPLES_OK || schema.rows() != 1) {
      d.fail("cannot read it", "the database holds no docket store", "give the database `docket run --store` or a host wrote");
    }
    if (schema.text(0, 0) != std::to_string(kSchema)) {
      d.fail("cannot read it", fmt::format("its schema is version {} and this docket reads version {}", schema.text(0, 0), kSchema),
             schema.text(0, 0) == "1" ? "open it for writing once to bring it up to date" : "use the docket that wrote it");
    }
  } else {
    d.create_or_check();
  }
  if (mode == Mode::write) {
    Result lock(PQexec(d.conn, fmt::format("SELECT pg_try_advisory_lock({})", kWriterLock).c_str()));
    if (PQresultStatus(lock.r) != PGRES_TUPLES_OK || lock.text(0, 0) != "t") {
      d.fail("cannot write it", "another process is writing this database (it holds docket's writer lock)",
             "stop that process first; `docket audit` can read the store meanwhile");
    }
  }
  d.prepare("put_instances",
            fmt::format("INSERT INTO instances ({}) SELECT * FROM unnest($1::bigint[], $2::text[], $3::int[], "
                        "$4::bool[], $5::bigint[], $6::text[]) ON CONFLICT (id) DO UPDATE SET workflow = excluded.workflow, "
                        "version = excluded.version, open = excluded.open, next_due = excluded.next_due, "
                        "snapshot = excluded.snapshot",
                        kInstanceColumns),
            6);
  d.prepare("put_trail",
            "INSERT INTO trail (instance, at, kind, node, detail, due) SELECT i, a, k, n, d, du FROM "
            "unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::bigint[]) WITH ORDINALITY "
            "AS t(i, a, k, n, d, du, o) ORDER BY o",
            6);
  d.prepare("put_actions",
            fmt::format("INSERT INTO actions ({0}) SELECT {0} FROM unnest($1::text[], $2::bigint[], $3::text[], "
                        "$4::text[], $5::bigint[], $6::text[], $7::text[], $8::int[], $9::text[], $10::text[], "
                        "$11::int[], $12::bigint[], $13::text[], $14::bigint[]) WITH ORDINALITY AS t({0}, o) ORDER BY o "
                        "ON CONFLICT (key) DO NOTHING",
                        kActionColumns),
            14);
  d.prepare("put_deliveries",
            "UPDATE actions a SET state = u.state, attempts = u.attempts, next_at = u.next_at, last_error = u.last_error, "
            "delivered_at = u.delivered_at FROM unnest($1::text[], $2::text[], $3::int[], $4::bigint[], $5::text[], "
            "$6::bigint[]) AS u(key, state, attempts, next_at, last_error, delivered_at) WHERE a.key = u.key",
            6);
  d.prepare("put_keys",
            "INSERT INTO instance_keys (key, instance, fingerprint) SELECT * FROM unnest($1::text[], $2::bigint[], "
            "$3::text[])",
            3);
  d.prepare("put_meta",
            "INSERT INTO meta (key, value) SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT (key) DO UPDATE "
            "SET value = excluded.value",
            2);
  d.prepare("get_instance", fmt::format("SELECT {} FROM instances WHERE id = $1", kInstanceColumns), 1);
  d.prepare("get_all", fmt::format("SELECT {} FROM instances ORDER BY id", kInstanceColumns), 0);
  d.prepare("get_open_count", "SELECT count(*) FROM instances WHERE open", 0);
  d.prepare("get_due",
            "SELECT next_due, id FROM instances WHERE next_due IS NOT NULL AND next_due <= $1 AND (next_due, id) > ($3, "
            "$4) ORDER BY next_due, id LIMIT $2",
            4);
  d.prepare("get_next_due", "SELECT min(next_due) FROM instances WHERE next_due IS NOT NULL", 0);
  d.prepare("get_key", "SELECT key, instance, fingerprint FROM instance_keys WHERE key = $1", 1);
  d.prepare("get_trail", "SELECT at, kind, node, detail, due FROM trail WHERE instance = $1 ORDER BY seq", 1);
  d.prepare("get_due_actions",
            fmt::format("(SELECT {0}, seq FROM actions WHERE channel = $1 AND state = 'pending' ORDER BY seq LIMIT $3) "
                        "UNION ALL (SELECT {0}, seq FROM actions WHERE channel = $1 AND state = 'failed' AND next_at <= "
                        "$2 ORDER BY next_at, seq LIMIT $3) ORDER BY next_at, seq LIMIT $3",
                        kActionColumns),
            3);
  d.prepare("get_next_retry", "SELECT min(next_at) FROM actions WHERE channel = $1 AND state = 'failed'", 1);
  d.prepare("get_outbox",
            fmt::format("SELECT {} FROM actions WHERE ($1 = 0 OR instance = $1) AND ($2 = '' OR state = $2) ORDER BY seq",
                        kActionColumns),
            2);
  d.prepare("get_action", fmt::format("SELECT {} FROM actions WHERE key = $1", kActionColumns), 1);
  d.prepare("get_versions", "SELECT version, hash, sources, deployed FROM programs ORDER BY version", 0);
  d.prepare("put_version",
            "INSERT INTO programs (version, hash, sources, deployed) SELECT coalesce(max(version), 0) + 1, $1, $2, $3 "
            "FROM programs ON CONFLICT (hash) DO NOTHING",
            3);
  d.prepare("get_version_by_hash", "SELECT version FROM programs WHERE hash = $1", 1);
  d.prepare("get_meta", "SELECT value FROM meta WHERE key = $1", 1);
  Result max_id(PQexec(d.conn, "SELECT coalesce(max(id), 0) FROM instances"));
  if (PQresultStatus(max_id.r) == PGRES_TUPLES_OK) d.last_id = static_cast<InstanceId>(max_id.integer(0, 0));
}

PostgresStore::~PostgresStore() = default;

void PostgresStore::write(const StoreBatch& batch) {
  Impl& d = *impl_;
  try {
    d.exec("BEGIN", "cannot start a transaction", "");
    if (!batch.instances.empty()) {
      detail::PgArrays a(6);
      for (const StoredInstance& i : batch.instances) {
        a.row({std::to_string(i.id), i.workflow, std::to_string(i.version), i.open ? "t" : "f", seconds(i.next_due),
               i.snapshot});
      }
      (void)d.run("put_instances", a.params());
    }
    if (!batch.trail.empty()) {
      detail::PgArrays a(6);
      for (const TraceEntry& e : batch.trail) {
        a.row({std::to_string(e.instance), seconds(e.at), trace_kind_name(e.kind), e.node, e.full_detail(), seconds(e.due)});
      }
      (void)d.run("put_trail", a.params());
    }
    if (!batch.actions.empty()) {
      detail::PgArrays a(14);
      for (const OutboxEntry& o : batch.actions) {
        const Action& x = o.action;
        a.row({x.idempotency_key, std::to_string(x.instance), x.name, detail::values_json(x.args), seconds(x.at), x.role,
               x.sla, std::to_string(x.level), channel_name(o.channel), delivery_state_name(o.state),
               std::to_string(o.attempts), seconds(o.next_at), o.last_error, seconds(o.delivered_at)});
      }
      (void)d.run("put_actions", a.params());
    }
    if (!batch.deliveries.empty()) {
      detail::PgArrays a(6);
      for (const DeliveryUpdate& u : batch.deliveries) {
        a.row({u.key, delivery_state_name(u.state), std::to_string(u.attempts), seconds(u.next_at), u.last_error,
               seconds(u.delivered_at)});
      }
      (void)d.run("put_deliveries", a.params());
    }
    if (!batch.keys.empty()) {
      detail::PgArrays a(3);
      for (const InstanceKey& k : batch.keys) a.row({k.key, std::to_string(k.instance), k.fingerprint});
      (void)d.run("put_keys", a.params());
    }
    if (!batch.meta.empty()) {
      detail::PgArrays a(2);
      for (const auto& [key, value] : batch.meta) a.row({key, value});
      (void)d.run("put_meta", a.params());
    }
    d.exec("COMMIT", "cannot commit", "");
  } catch (const StoreError& e) {
    Result rollback(PQexec(d.conn, "ROLLBACK"));
    if (std::string_view(e.what()).starts_with("store ")) throw;
    d.fail("cannot write what the engine did", e.what(), "check the server is up and has room");
  }
  for (const StoredInstance& i : batch.instances) d.last_id = std::max(d.last_id, i.id);
}

InstanceId PostgresStore::allocate_id() { return ++impl_->last_id; }

std::optional<StoredInstance> PostgresStore::instance(InstanceId id) const {
  std::vector<StoredInstance> found = impl_->instances_of(impl_->read("get_instance", {std::to_string(id)}, "cannot read an instance"));
  if (found.empty()) return std::nullopt;
  return found.front();
}

std::vector<StoredInstance> PostgresStore::instances() const {
  return impl_->instances_of(impl_->read("get_all", {}, "cannot read the instances"));
}

std::size_t PostgresStore::open_count() const {
  Result r = impl_->read("get_open_count", {}, "cannot count its instances");
  return static_cast<std::size_t>(r.integer(0, 0));
}

std::vector<DueInstance> PostgresStore::due(Instant until, std::size_t limit, std::optional<DueInstance> after) const {
  const DueInstance from = after.value_or(DueInstance{Instant{std::chrono::seconds{std::numeric_limits<std::int64_t>::min() / 2}}, 0});
  Result r = impl_->read("get_due", {seconds(until), std::to_string(limit), seconds(from.due), std::to_string(from.id)},
                         "cannot read its due times");
  std::vector<DueInstance> out;
  for (int i = 0; i < r.rows(); ++i) out.push_back({instant(r.integer(i, 0)), static_cast<InstanceId>(r.integer(i, 1))});
  return out;
}

std::optional<Instant> PostgresStore::next_due() const {
  Result r = impl_->read("get_next_due", {}, "cannot read its due times");
  return r.time(0, 0);
}

std::optional<InstanceKey> PostgresStore::find_key(const std::string& key) const {
  Result r = impl_->read("get_key", {key}, "cannot read its business keys");
  if (r.rows() == 0) return std::nullopt;
  return InstanceKey{r.text(0, 0), static_cast<InstanceId>(r.integer(0, 1)), r.text(0, 2)};
}

std::vector<TraceEntry> PostgresStore::audit(InstanceId id) const {
  Result r = impl_->read("get_trail", {std::to_string(id)}, "cannot read an audit trail");
  std::vector<TraceEntry> out;
  for (int i = 0; i < r.rows(); ++i) {
    TraceEntry e;
    e.at = instant(r.integer(i, 0));
    e.instance = id;
    std::optional<TraceKind> kind = trace_kind_from_name(r.text(i, 1));
    if (!kind) {
      impl_->fail("cannot read an audit trail", fmt::format("trace kind `{}` is unknown", r.text(i, 1)),
                  "use the docket that wrote it");
    }
    e.kind = *kind;
    e.node = r.text(i, 2);
    e.detail = r.text(i, 3);
    e.due = r.time(i, 4);
    out.push_back(std::move(e));
  }
  return out;
}

std::vector<OutboxEntry> PostgresStore::due_actions(ActionChannel channel, Instant until, std::size_t limit) const {
  Result r = impl_->read("get_due_actions", {channel_name(channel), seconds(until), std::to_string(limit)},
                         "cannot read its outbox");
  std::vector<OutboxEntry> out;
  for (int i = 0; i < r.rows(); ++i) out.push_back(action_row(r, i));
  return out;
}

std::optional<Instant> PostgresStore::next_retry(ActionChannel channel) const {
  Result r = impl_->read("get_next_retry", {channel_name(channel)}, "cannot read its outbox");
  return r.time(0, 0);
}

std::vector<OutboxEntry> PostgresStore::outbox(InstanceId instance, std::optional<DeliveryState> state) const {
  Result r = impl_->read("get_outbox", {std::to_string(instance), std::string(state ? delivery_state_name(*state) : "")},
                         "cannot read its outbox");
  std::vector<OutboxEntry> out;
  for (int i = 0; i < r.rows(); ++i) out.push_back(action_row(r, i));
  return out;
}

std::optional<OutboxEntry> PostgresStore::action(const std::string& key) const {
  Result r = impl_->read("get_action", {key}, "cannot read its outbox");
  if (r.rows() == 0) return std::nullopt;
  return action_row(r, 0);
}

std::uint32_t PostgresStore::deploy(const ProgramVersion& version) {
  try {
    (void)impl_->run("put_version", {version.hash, version.sources, seconds(version.deployed)});
  } catch (const StoreError& e) {
    impl_->fail("cannot record a program version", e.what(), "is the server still up?");
  }
  Result r = impl_->read("get_version_by_hash", {version.hash}, "cannot read its program versions");
  return static_cast<std::uint32_t>(r.integer(0, 0));
}

std::vector<ProgramVersion> PostgresStore::versions() const {
  Result r = impl_->read("get_versions", {}, "cannot read its program versions");
  std::vector<ProgramVersion> out;
  for (int i = 0; i < r.rows(); ++i) {
    out.push_back({static_cast<std::uint32_t>(r.integer(i, 0)), r.text(i, 1), r.text(i, 2), instant(r.integer(i, 3))});
  }
  return out;
}

std::optional<std::string> PostgresStore::meta(const std::string& key) const {
  Result r = impl_->read("get_meta", {key}, "cannot read its bookkeeping");
  if (r.rows() == 0) return std::nullopt;
  return r.text(0, 0);
}

}  // namespace docket
