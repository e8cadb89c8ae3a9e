// PostgresStore: the store's tables in PostgreSQL over libpq; each unit of work one transaction of bulk statements.
#include "docket/core/postgres_store.hpp"

#include <fmt/format.h>
#include <libpq-fe.h>

#include <algorithm>

#include "base/json_writer.hpp"
#include "base/value_codec.hpp"
#include "store/pg_array.hpp"
#include "store/pg_copy.hpp"
#include "store/postgres_store_impl.hpp"

namespace docket {

PostgresStore::PostgresStore(const std::string& conninfo, SharedOptions shared) : impl_(std::make_unique<Impl>()) {
  impl_->lease_ttl = std::max(shared.lease, std::chrono::milliseconds{100});
  open(conninfo, Mode::shared, shared.name);
}

PostgresStore::PostgresStore(const std::string& conninfo, Mode mode) : impl_(std::make_unique<Impl>()) {
  if (mode == Mode::shared) impl_->lease_ttl = SharedOptions{}.lease;
  open(conninfo, mode, {});
}

void PostgresStore::open(const std::string& conninfo, Mode mode, const std::string& name) {
  Impl& d = *impl_;
  d.shared = mode == Mode::shared;
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
      d.fail("cannot write it",
             "another process is writing this database (it holds docket's writer lock, or shared writers hold it together)",
             "stop those processes first, or open every writer in shared mode; `docket audit` can read the store meanwhile");
    }
  } else if (mode == Mode::shared) {
    // Shared writers hold the writer's lock together: a single writer cannot start beside them.
    Result lock(PQexec(d.conn, fmt::format("SELECT pg_try_advisory_lock_shared({})", kWriterLock).c_str()));
    if (PQresultStatus(lock.r) != PGRES_TUPLES_OK || lock.text(0, 0) != "t") {
      d.fail("cannot write it", "a process that is not shared is writing this database (it holds docket's writer lock)",
             "stop it first, or open it in shared mode too");
    }
  }
  const std::string read_columns = mode != Mode::read_only || d.has_shared_columns()
                                       ? std::string(kInstanceColumns) + ", revision"
                                       : std::string(kInstanceColumns) + ", 0";
  d.prepare("put_instances",
            fmt::format("INSERT INTO instances ({}) SELECT * FROM unnest($1::bigint[], $2::text[], $3::int[], "
                        "$4::bool[], $5::bigint[], $6::text[]) ON CONFLICT (id) DO UPDATE SET workflow = excluded.workflow, "
                        "version = excluded.version, open = excluded.open, next_due = excluded.next_due, "
                        "snapshot = excluded.snapshot, revision = instances.revision + 1, claimed_by = NULL",
                        kInstanceColumns),
            6);
  d.prepare("begin", "BEGIN", 0);
  d.prepare("commit", "COMMIT", 0);
  d.prepare("put_actions",
            fmt::format("INSERT INTO actions ({0}) SELECT {0} FROM unnest($1::text[], $2::bigint[], $3::text[], "
                        "$4::text[], $5::bigint[], $6::text[], $7::text[], $8::int[], $9::text[], $10::text[], "
                        "$11::int[], $12::bigint[], $13::text[], $14::bigint[]) WITH ORDINALITY AS t({0}, o) ORDER BY o "
                        "ON CONFLICT (key) DO NOTHING",
                        kActionColumns),
            14);
  d.prepare("put_deliveries",
            "UPDATE actions a SET state = u.state, attempts = u.attempts, next_at = u.next_at, last_error = u.last_error, "
            "delivered_at = u.delivered_at, claimed_by = NULL FROM unnest($1::text[], $2::text[], $3::int[], $4::bigint[], $5::text[], "
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
  d.prepare("get_instance", fmt::format("SELECT {} FROM instances WHERE id = $1", read_columns), 1);
  d.prepare("get_all", fmt::format("SELECT {} FROM instances ORDER BY id", read_columns), 0);
  d.prepare("get_open_count", "SELECT count(*) FROM instances WHERE open", 0);
  d.prepare("get_due",
 d.shared ? "SELECT next_due, id FROM instances WHERE next_due IS NOT NULL AND next_due <= $1 AND (next_due, id) > ($3, "
                     "$4) AND (claimed_by IS NULL OR claimed_by = $5) ORDER BY next_due, id LIMIT $2"
                   : "SELECT next_due, id FROM instances WHERE next_due IS NOT NULL AND next_due <= $1 AND (next_due, id) > ($3, "
                     "$4) AND $5::bigint IS NOT NULL ORDER BY next_due, id LIMIT $2",
            5);
  d.prepare("get_next_due",
            d.shared ? "SELECT next_due FROM instances WHERE next_due IS NOT NULL AND (claimed_by IS NULL OR claimed_by = $1) "
                       "ORDER BY next_due, id LIMIT 1"
                     : "SELECT min(next_due) FROM instances WHERE next_due IS NOT NULL AND $1::bigint IS NOT NULL",
            1);
  d.prepare("get_key", "SELECT key, instance, fingerprint FROM instance_keys WHERE key = $1", 1);
  d.prepare("get_trail", "SELECT at, kind, node, detail, due FROM trail WHERE instance = $1 ORDER BY seq", 1);
  d.prepare("get_due_actions",
            fmt::format("(SELECT {0}, seq FROM actions WHERE channel = $1 AND state = 'pending' ORDER BY seq LIMIT $3) "
                        "UNION ALL (SELECT {0}, seq FROM actions WHERE channel = $1 AND state = 'failed' AND next_at <= "
                        "$2 ORDER BY next_at, seq LIMIT $3) ORDER BY next_at, seq LIMIT $3",
                        kActionColumns),
            3);
  d.prepare("get_next_retry",
            d.shared ? "SELECT min(next_at) FROM actions WHERE channel = $1 AND state = 'failed' AND (claimed_by IS NULL OR "
                       "claimed_by = $2)"
                     : "SELECT min(next_at) FROM actions WHERE channel = $1 AND state = 'failed' AND $2::bigint IS NOT NULL",
            2);
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
  d.prepare("lock_versions", "SELECT pg_advisory_xact_lock(4243)", 0);
  d.prepare("get_version_by_hash", "SELECT version FROM programs WHERE hash = $1", 1);
  d.prepare("get_meta", "SELECT value FROM meta WHERE key = $1", 1);
  Result max_id(PQexec(d.conn, "SELECT coalesce(max(id), 0) FROM instances"));
  if (PQresultStatus(max_id.r) == PGRES_TUPLES_OK) d.last_id = static_cast<InstanceId>(max_id.integer(0, 0));
  if (mode == Mode::shared) d.open_shared(name);
}

PostgresStore::~PostgresStore() {
  Impl& d = *impl_;
  if (!d.shared || d.lease_id == 0 || d.conn == nullptr) return;
  try {  // a clean stop: the lease ends now and the claims are free, rather than when the lease runs out
    (void)d.pipeline({{"end_lease", {std::to_string(d.lease_id)}},
                      {"release_all_instances", {std::to_string(d.lease_id)}},
                      {"release_all_actions", {std::to_string(d.lease_id)}}});
  } catch (const StoreError&) {  // the lease runs out by itself
  }
}

void PostgresStore::write(const StoreBatch& batch) {
  Impl& d = *impl_;
  std::vector<PipelineStep> steps;
  if (d.shared) {
    // The fence first: it renews this process's lease and holds its row until the commit, so no other
    // process can end the lease (and take over) while this write is under way; an ended lease refuses it.
    steps.push_back({"fence", {std::to_string(d.lease_id), std::to_string(d.lease_ttl.count())}});
    if (!batch.instances.empty()) {
      // Written only where nobody wrote them since this process read them (put_instances_shared).
      detail::PgArrays a(7);
      for (const StoredInstance& i : batch.instances) {
        a.row({std::to_string(i.id), i.workflow, std::to_string(i.version), i.open ? "t" : "f", seconds(i.next_due),
               i.snapshot, std::to_string(i.revision)});
      }
      steps.push_back({"put_instances_shared", a.params()});
    }
  }
  if (!batch.instances.empty() && !d.shared) {
    detail::PgArrays a(6);
    for (const StoredInstance& i : batch.instances) {
      a.row({std::to_string(i.id), i.workflow, std::to_string(i.version), i.open ? "t" : "f", seconds(i.next_due),
             i.snapshot});
    }
    steps.push_back({"put_instances", a.params()});
  }
  // The trail (most of the rows) goes by COPY, before the rest, in the same explicit transaction.
  detail::PgCopyRows trail;
  for (const TraceEntry& e : batch.trail) {
    const std::string instance = std::to_string(e.instance);
    const std::string at = seconds(e.at);
    const std::optional<std::string> due = seconds(e.due);
    trail.row({instance, at, trace_kind_name(e.kind), e.node, e.full_detail(),
               due ? std::optional<std::string_view>(*due) : std::nullopt});
  }
  if (!batch.actions.empty()) {
    detail::PgArrays a(14);
    for (const OutboxEntry& o : batch.actions) {
      const Action& x = o.action;
      a.row({x.idempotency_key, std::to_string(x.instance), x.name, detail::values_json(x.args), seconds(x.at), x.role,
             x.sla, std::to_string(x.level), channel_name(o.channel), delivery_state_name(o.state),
             std::to_string(o.attempts), seconds(o.next_at), o.last_error, seconds(o.delivered_at)});
    }
    steps.push_back({"put_actions", a.params()});
  }
  if (!batch.deliveries.empty()) {
    detail::PgArrays a(6);
    for (const DeliveryUpdate& u : batch.deliveries) {
      a.row({u.key, delivery_state_name(u.state), std::to_string(u.attempts), seconds(u.next_at), u.last_error,
             seconds(u.delivered_at)});
    }
    steps.push_back({"put_deliveries", a.params()});
  }
  if (!batch.keys.empty()) {
    detail::PgArrays a(3);
    for (const InstanceKey& k : batch.keys) a.row({k.key, std::to_string(k.instance), k.fingerprint});
    steps.push_back({"put_keys", a.params()});
  }
  if (!batch.meta.empty()) {
    detail::PgArrays a(2);
    for (const auto& [key, value] : batch.meta) a.row({key, value});
    steps.push_back({"put_meta", a.params()});
  }
  if (d.shared) {
    // Wake the others (delivered at commit): the earliest timer this write set, or an action to deliver.
    std::optional<Instant> earliest;
    for (const StoredInstance& i : batch.instances) {
      if (i.next_due && (!earliest || *i.next_due < *earliest)) earliest = i.next_due;
    }
    const bool actions = std::any_of(batch.actions.begin(), batch.actions.end(),
                                     [](const OutboxEntry& o) { return o.state == DeliveryState::pending; });
    if (actions) earliest = Instant{};
    if (earliest) steps.push_back({"notify", {seconds(*earliest)}});
  }
  try {
    if (!batch.trail.empty()) {
      d.exec("BEGIN", "cannot start a transaction", "");
      d.copy("COPY trail (instance, at, kind, node, detail, due) FROM STDIN", trail.data());
      steps.push_back({"commit", {}});
    }
    (void)d.pipeline(steps);
  } catch (const StoreConflict& e) {
    d.abort_transaction();
    d.fail_as<StoreConflict>("cannot write what the engine did", e.what(),
                             "nothing was written; read the instance again and run the operation again");
  } catch (const StoreFenced& e) {
    d.abort_transaction();
    d.fail_as<StoreFenced>("refused a write of this process", e.what(),
                           "nothing was written; this process must stop (start it again to take a new lease)");
  } catch (const StoreError& e) {
    d.abort_transaction();
    if (std::string_view(e.what()).starts_with("store ")) throw;
    d.fail("cannot write what the engine did", e.what(), "check the server is up and has room");
  }
  for (const StoredInstance& i : batch.instances) {
    d.last_id = std::max(d.last_id, i.id);
    d.claimed.erase(i.id);
  }
  for (const DeliveryUpdate& u : batch.deliveries) d.claimed_actions.erase(u.key);
}

InstanceId PostgresStore::allocate_id() {
  Impl& d = *impl_;
  if (!d.shared) return ++d.last_id;
  if (d.ids.empty()) {  // a block at a time from the database's sequence: ids never collide between processes
    Result r = d.read("next_ids", {}, "cannot allocate instance ids");
    for (int i = 0; i < r.rows(); ++i) d.ids.push_back(static_cast<InstanceId>(r.integer(i, 0)));
  }
  const InstanceId id = d.ids.front();
  d.ids.pop_front();
  return id;
}

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
  Result r = impl_->read("get_due",
                         {seconds(until), std::to_string(limit), seconds(from.due), std::to_string(from.id),
                          std::to_string(impl_->lease_id)},
                         "cannot read its due times");
  std::vector<DueInstance> out;
  for (int i = 0; i < r.rows(); ++i) out.push_back({instant(r.integer(i, 0)), static_cast<InstanceId>(r.integer(i, 1))});
  return out;
}

std::optional<Instant> PostgresStore::next_due() const {
  Result r = impl_->read("get_next_due", {std::to_string(impl_->lease_id)}, "cannot read its due times");
  if (r.rows() == 0) return std::nullopt;
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
  Result r = impl_->read("get_next_retry", {channel_name(channel), std::to_string(impl_->lease_id)}, "cannot read its outbox");
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
    // Two processes deploying at once must not take the same version number.
    (void)impl_->pipeline({{"lock_versions", {}}, {"put_version", {version.hash, version.sources, seconds(version.deployed)}}});
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
