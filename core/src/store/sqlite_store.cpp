// SqliteStore: instances, audit trails and actions in one SQLite file, one transaction per batch.
#include "docket/core/sqlite_store.hpp"

#include <fmt/format.h>
#include <sqlite3.h>

#include "run/json_writer.hpp"
#include "run/value_codec.hpp"

namespace docket {

namespace {

constexpr int kSchema = 1;

constexpr const char* kCreate = R"sql(
CREATE TABLE IF NOT EXISTS docket_store (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS instances (
  id       INTEGER PRIMARY KEY,
  workflow TEXT NOT NULL,
  open     INTEGER NOT NULL,
  snapshot TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS instances_open ON instances (id) WHERE open = 1;
CREATE TABLE IF NOT EXISTS trail (
  seq      INTEGER PRIMARY KEY,
  instance INTEGER NOT NULL,
  at       INTEGER NOT NULL,
  kind     TEXT NOT NULL,
  node     TEXT NOT NULL,
  detail   TEXT NOT NULL,
  due      INTEGER);
CREATE INDEX IF NOT EXISTS trail_instance ON trail (instance, seq);
CREATE TABLE IF NOT EXISTS actions (
  key      TEXT PRIMARY KEY,
  instance INTEGER NOT NULL,
  name     TEXT NOT NULL,
  args     TEXT NOT NULL,
  at       INTEGER NOT NULL,
  role     TEXT NOT NULL,
  sla      TEXT NOT NULL,
  level    INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS actions_instance ON actions (instance);
)sql";

// One prepared statement, reset after every use.
class Statement {
 public:
  Statement(sqlite3* db, const char* sql, const std::string& path) : db_(db) {
    if (sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr) != SQLITE_OK) {
      throw StoreError(fmt::format("store {}: cannot prepare a query ({}): is it a docket store?", path, sqlite3_errmsg(db)));
    }
  }
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  Statement& bind(int i, std::int64_t v) { return check(sqlite3_bind_int64(stmt_, i, v)); }
  Statement& bind(int i, const std::string& v) {
    return check(sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT));
  }
  Statement& bind_null(int i) { return check(sqlite3_bind_null(stmt_, i)); }
  // True while there is a row.
  bool step() {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc != SQLITE_DONE) {
      std::string message = sqlite3_errmsg(db_);
      sqlite3_reset(stmt_);
      throw StoreError(message);
    }
    return false;
  }
  void run() {
    (void)step();
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
  void reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
  [[nodiscard]] std::int64_t integer(int col) const { return sqlite3_column_int64(stmt_, col); }
  [[nodiscard]] bool is_null(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
  [[nodiscard]] std::string text(int col) const {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
    return p == nullptr ? std::string() : std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col)));
  }

 private:
  Statement& check(int rc) {
    if (rc != SQLITE_OK) throw StoreError(sqlite3_errmsg(db_));
    return *this;
  }
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

Instant instant(std::int64_t seconds) { return Instant{std::chrono::seconds{seconds}}; }
std::int64_t seconds(Instant t) { return t.time_since_epoch().count(); }

}  // namespace

struct SqliteStore::Impl {
  std::string path;
  sqlite3* db = nullptr;
  std::unique_ptr<Statement> begin, commit, rollback, put_instance, put_trail, put_action, get_instance, get_open,
      get_all, get_last, get_trail, get_actions;

  ~Impl() {
    // Statements first: a connection with live statements does not close.
    begin.reset(), commit.reset(), rollback.reset(), put_instance.reset(), put_trail.reset(), put_action.reset();
    get_instance.reset(), get_open.reset(), get_all.reset(), get_last.reset(), get_trail.reset(), get_actions.reset();
    if (db != nullptr) sqlite3_close(db);
  }

  [[noreturn]] void fail(std::string_view what, std::string_view why, std::string_view fix) const {
    throw StoreError(fmt::format("store {}: {}: {}{}{}", path, what, why, fix.empty() ? "" : "; ", fix));
  }

  void exec(const char* sql, std::string_view what, std::string_view fix) {
    char* error = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &error) != SQLITE_OK) {
      std::string why = error != nullptr ? error : sqlite3_errmsg(db);
      sqlite3_free(error);
      fail(what, why, fix);
    }
  }

  std::unique_ptr<Statement> prepare(const char* sql) { return std::make_unique<Statement>(db, sql, path); }

  void check_schema() {
    Statement get(db, "SELECT value FROM docket_store WHERE key = 'schema'", path);
    if (!get.step()) {
      get.reset();
      Statement put(db, "INSERT INTO docket_store (key, value) VALUES ('schema', ?1)", path);
      put.bind(1, std::to_string(kSchema)).run();
      return;
    }
    const std::string found = get.text(0);
    get.reset();
    if (found != std::to_string(kSchema)) {
      fail("cannot use it", fmt::format("its schema is version {} and this docket writes version {}", found, kSchema),
           "use the docket that wrote it, or a new file");
    }
  }

  static StoredInstance row_instance(const Statement& s) {
    return StoredInstance{static_cast<InstanceId>(s.integer(0)), s.text(1), s.integer(2) != 0, s.text(3)};
  }
};

SqliteStore::SqliteStore(const std::string& path, Sync sync) : impl_(std::make_unique<Impl>()) {
  Impl& d = *impl_;
  d.path = path;
  if (sqlite3_open_v2(path.c_str(), &d.db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr) !=
      SQLITE_OK) {
    d.fail("cannot open or create it", d.db != nullptr ? sqlite3_errmsg(d.db) : "out of memory",
           "check that its directory exists and is writable");
  }
  sqlite3_busy_timeout(d.db, 5000);
  const char* fix = "give a new file, or one a docket store wrote";
  d.exec("PRAGMA journal_mode = WAL", "cannot read it as SQLite", fix);
  d.exec(sync == Sync::full ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL", "cannot set how it syncs", "");
  d.exec("BEGIN IMMEDIATE", "cannot lock it", "is another docket writing it?");
  try {
    d.exec(kCreate, "cannot create its tables", fix);
    d.check_schema();
    d.exec("COMMIT", "cannot create its tables", fix);
  } catch (...) {
    sqlite3_exec(d.db, "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
  d.begin = d.prepare("BEGIN IMMEDIATE");
  d.commit = d.prepare("COMMIT");
  d.rollback = d.prepare("ROLLBACK");
  d.put_instance = d.prepare(
      "INSERT INTO instances (id, workflow, open, snapshot) VALUES (?1, ?2, ?3, ?4) "
      "ON CONFLICT (id) DO UPDATE SET workflow = excluded.workflow, open = excluded.open, snapshot = excluded.snapshot");
  d.put_trail = d.prepare("INSERT INTO trail (instance, at, kind, node, detail, due) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
  d.put_action = d.prepare(
      "INSERT OR IGNORE INTO actions (key, instance, name, args, at, role, sla, level) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
  d.get_instance = d.prepare("SELECT id, workflow, open, snapshot FROM instances WHERE id = ?1");
  d.get_open = d.prepare("SELECT id, workflow, open, snapshot FROM instances WHERE open = 1 ORDER BY id");
  d.get_all = d.prepare("SELECT id, workflow, open, snapshot FROM instances ORDER BY id");
  d.get_last = d.prepare("SELECT coalesce(max(id), 0) FROM instances");
  d.get_trail = d.prepare("SELECT at, kind, node, detail, due FROM trail WHERE instance = ?1 ORDER BY seq");
  d.get_actions = d.prepare(
      "SELECT key, name, args, at, role, sla, level FROM actions WHERE instance = ?1 ORDER BY rowid");
}

SqliteStore::~SqliteStore() = default;

void SqliteStore::write(const StoreBatch& batch) {
  Impl& d = *impl_;
  try {
    d.begin->run();
  } catch (const StoreError& e) {
    d.fail("cannot start a transaction", e.what(), "is another docket writing it?");
  }
  try {
    for (const StoredInstance& i : batch.instances) {
      d.put_instance->bind(1, static_cast<std::int64_t>(i.id)).bind(2, i.workflow).bind(3, i.open ? 1 : 0).bind(4, i.snapshot);
      d.put_instance->run();
    }
    for (const TraceEntry& e : batch.trail) {
      Statement& s = *d.put_trail;
      s.bind(1, static_cast<std::int64_t>(e.instance)).bind(2, seconds(e.at)).bind(3, std::string(trace_kind_name(e.kind)));
      s.bind(4, e.node).bind(5, e.detail);
      if (e.due) s.bind(6, seconds(*e.due));
      else s.bind_null(6);
      s.run();
    }
    for (const Action& a : batch.actions) {
      Statement& s = *d.put_action;
      s.bind(1, a.idempotency_key).bind(2, static_cast<std::int64_t>(a.instance)).bind(3, a.name);
      s.bind(4, detail::values_json(a.args));
      s.bind(5, seconds(a.at)).bind(6, a.role).bind(7, a.sla).bind(8, a.level);
      s.run();
    }
    d.commit->run();
  } catch (const StoreError& e) {
    try {
      d.rollback->run();
    } catch (const StoreError&) {  // SQLite may have rolled back already (a full disk does)
    }
    d.fail("cannot write what the engine did", e.what(), "check the disk has room and the file is writable");
  }
}

std::optional<StoredInstance> SqliteStore::instance(InstanceId id) const {
  Statement& s = *impl_->get_instance;
  s.bind(1, static_cast<std::int64_t>(id));
  std::optional<StoredInstance> out;
  if (s.step()) out = Impl::row_instance(s);
  s.reset();
  return out;
}

std::vector<StoredInstance> SqliteStore::open_instances() const {
  Statement& s = *impl_->get_open;
  std::vector<StoredInstance> out;
  while (s.step()) out.push_back(Impl::row_instance(s));
  s.reset();
  return out;
}

std::vector<StoredInstance> SqliteStore::instances() const {
  Statement& s = *impl_->get_all;
  std::vector<StoredInstance> out;
  while (s.step()) out.push_back(Impl::row_instance(s));
  s.reset();
  return out;
}

InstanceId SqliteStore::last_instance_id() const {
  Statement& s = *impl_->get_last;
  InstanceId last = s.step() ? static_cast<InstanceId>(s.integer(0)) : 0;
  s.reset();
  return last;
}

std::vector<TraceEntry> SqliteStore::audit(InstanceId id) const {
  Statement& s = *impl_->get_trail;
  s.bind(1, static_cast<std::int64_t>(id));
  std::vector<TraceEntry> out;
  while (s.step()) {
    TraceEntry e;
    e.at = instant(s.integer(0));
    e.instance = id;
    const std::string kind = s.text(1);
    std::optional<TraceKind> k = trace_kind_from_name(kind);
    if (!k) {
      s.reset();
      impl_->fail("cannot read an audit trail", fmt::format("trace kind `{}` is unknown", kind),
                  "use the docket that wrote it");
    }
    e.kind = *k;
    e.node = s.text(2);
    e.detail = s.text(3);
    if (!s.is_null(4)) e.due = instant(s.integer(4));
    out.push_back(std::move(e));
  }
  s.reset();
  return out;
}

std::vector<Action> SqliteStore::actions(InstanceId id) const {
  Statement& s = *impl_->get_actions;
  s.bind(1, static_cast<std::int64_t>(id));
  std::vector<Action> out;
  while (s.step()) {
    Action a;
    a.instance = id;
    a.idempotency_key = s.text(0);
    a.name = s.text(1);
    a.args = detail::untyped_values(s.text(2));
    a.at = instant(s.integer(3));
    a.role = s.text(4);
    a.sla = s.text(5);
    a.level = static_cast<std::int32_t>(s.integer(6));
    out.push_back(std::move(a));
  }
  s.reset();
  return out;
}

}  // namespace docket
