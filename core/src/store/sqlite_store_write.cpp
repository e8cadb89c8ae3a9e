// SqliteStore, writing: one transaction per unit of work, instance ids, program versions.
#include <fmt/format.h>

#include "base/json_writer.hpp"
#include "docket/core/sqlite_store.hpp"
#include "store/sqlite_store_impl.hpp"

namespace docket {

namespace {

std::int64_t seconds(Instant t) { return t.time_since_epoch().count(); }
std::optional<std::int64_t> seconds(const std::optional<Instant>& t) {
  return t ? std::optional<std::int64_t>(seconds(*t)) : std::nullopt;
}
const char* channel_name(ActionChannel c) { return c == ActionChannel::plugin ? "plugin" : "host"; }

}  // namespace

void SqliteStore::Impl::prepare_all() {
  constexpr const char* kInstanceColumns = "id, workflow, version, open, next_due, snapshot";
  constexpr const char* kActionColumns =
      "key, instance, name, args, at, role, sla, level, channel, state, attempts, next_at, last_error, delivered_at";
  get_instance = prepare(fmt::format("SELECT {} FROM instances WHERE id = ?1", kInstanceColumns).c_str());
  get_all = prepare(fmt::format("SELECT {} FROM instances ORDER BY id", kInstanceColumns).c_str());
  get_open_count = prepare("SELECT count(*) FROM instances WHERE open = 1");
  get_due = prepare(
      "SELECT next_due, id FROM instances WHERE next_due IS NOT NULL AND next_due <= ?1 ORDER BY next_due, id LIMIT ?2");
  get_due_after = prepare(
      "SELECT next_due, id FROM instances WHERE next_due IS NOT NULL AND next_due <= ?1 AND (next_due, id) > (?3, ?4) "
      "ORDER BY next_due, id LIMIT ?2");
  get_next_due = prepare("SELECT min(next_due) FROM instances WHERE next_due IS NOT NULL");
  get_key = prepare("SELECT key, instance, fingerprint FROM instance_keys WHERE key = ?1");
  get_trail = prepare("SELECT at, kind, node, detail, due FROM trail WHERE instance = ?1 ORDER BY seq");
  get_pending = prepare(fmt::format("SELECT {}, rowid FROM actions WHERE channel = ?1 AND state = 'pending' "
                                    "ORDER BY rowid LIMIT ?2",
                                    kActionColumns)
                            .c_str());
  get_retries = prepare(fmt::format("SELECT {}, rowid FROM actions WHERE channel = ?1 AND state = 'failed' AND "
                                    "next_at <= ?2 ORDER BY next_at, rowid LIMIT ?3",
                                    kActionColumns)
                            .c_str());
  get_next_retry = prepare("SELECT min(next_at) FROM actions WHERE channel = ?1 AND state = 'failed'");
  get_outbox = prepare(fmt::format("SELECT {} FROM actions WHERE (?1 = 0 OR instance = ?1) AND (?2 = '' OR state = ?2) "
                                   "ORDER BY rowid",
                                   kActionColumns)
                           .c_str());
  get_action = prepare(fmt::format("SELECT {} FROM actions WHERE key = ?1", kActionColumns).c_str());
  get_versions = prepare("SELECT version, hash, sources, deployed FROM programs ORDER BY version");
  get_version_by_hash = prepare("SELECT version FROM programs WHERE hash = ?1");
  get_meta = prepare("SELECT value FROM meta WHERE key = ?1");
  {
    detail::Statement last(db, "SELECT coalesce(max(id), 0) FROM instances");
    last_id = last.step() ? static_cast<InstanceId>(last.integer(0)) : 0;
    last.reset();
  }
  if (read_only) return;
  begin = prepare("BEGIN IMMEDIATE");
  commit = prepare("COMMIT");
  rollback = prepare("ROLLBACK");
  put_instance = prepare(
      "INSERT INTO instances (id, workflow, version, open, next_due, snapshot) VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
      "ON CONFLICT (id) DO UPDATE SET workflow = excluded.workflow, version = excluded.version, open = excluded.open, "
      "next_due = excluded.next_due, snapshot = excluded.snapshot");
  put_trail = prepare("INSERT INTO trail (instance, at, kind, node, detail, due) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
  put_action = prepare(fmt::format("INSERT OR IGNORE INTO actions ({}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, "
                                   "?11, ?12, ?13, ?14)",
                                   kActionColumns)
                           .c_str());
  put_delivery = prepare(
      "UPDATE actions SET state = ?2, attempts = ?3, next_at = ?4, last_error = ?5, delivered_at = ?6 WHERE key = ?1");
  put_key = prepare("INSERT INTO instance_keys (key, instance, fingerprint) VALUES (?1, ?2, ?3)");
  put_meta = prepare("INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value");
  put_version = prepare("INSERT INTO programs (version, hash, sources, deployed) VALUES (?1, ?2, ?3, ?4)");
}

void SqliteStore::write(const StoreBatch& batch) {
  Impl& d = *impl_;
  if (d.read_only) d.fail("cannot write it", "it was opened read-only", "");
  try {
    d.begin->run();
  } catch (const StoreError& e) {
    d.fail("cannot start a transaction", e.what(), "is another process writing it?");
  }
  try {
    for (const StoredInstance& i : batch.instances) {
      detail::Statement& s = *d.put_instance;
      s.bind(1, static_cast<std::int64_t>(i.id)).bind(2, i.workflow).bind(3, static_cast<std::int64_t>(i.version));
      s.bind(4, std::int64_t{i.open ? 1 : 0}).bind(5, seconds(i.next_due)).bind(6, i.snapshot);
      s.run();
    }
    for (const TraceEntry& e : batch.trail) {
      detail::Statement& s = *d.put_trail;
      s.bind(1, static_cast<std::int64_t>(e.instance)).bind(2, seconds(e.at)).bind(3, trace_kind_name(e.kind));
      s.bind(4, e.node).bind(5, e.full_detail()).bind(6, seconds(e.due));
      s.run();
    }
    for (const OutboxEntry& o : batch.actions) {
      const Action& a = o.action;
      detail::Statement& s = *d.put_action;
      s.bind(1, a.idempotency_key).bind(2, static_cast<std::int64_t>(a.instance)).bind(3, a.name);
      s.bind(4, detail::values_json(a.args)).bind(5, seconds(a.at)).bind(6, a.role).bind(7, a.sla);
      s.bind(8, std::int64_t{a.level}).bind(9, channel_name(o.channel)).bind(10, delivery_state_name(o.state));
      s.bind(11, std::int64_t{o.attempts}).bind(12, seconds(o.next_at)).bind(13, o.last_error);
      s.bind(14, seconds(o.delivered_at));
      s.run();
    }
    for (const DeliveryUpdate& u : batch.deliveries) {
      detail::Statement& s = *d.put_delivery;
      s.bind(1, u.key).bind(2, delivery_state_name(u.state)).bind(3, std::int64_t{u.attempts});
      s.bind(4, seconds(u.next_at)).bind(5, u.last_error).bind(6, seconds(u.delivered_at));
      s.run();
    }
    for (const InstanceKey& k : batch.keys) {
      d.put_key->bind(1, k.key).bind(2, static_cast<std::int64_t>(k.instance)).bind(3, k.fingerprint);
      d.put_key->run();
    }
    for (const auto& [key, value] : batch.meta) {
      d.put_meta->bind(1, key).bind(2, value);
      d.put_meta->run();
    }
    d.commit->run();
  } catch (const StoreError& e) {
    try {
      d.rollback->run();
    } catch (const StoreError&) {  // SQLite may have rolled back already (a full disk does)
    }
    d.fail("cannot write what the engine did", e.what(), "check the disk has room and the file is writable");
  }
  for (const StoredInstance& i : batch.instances) d.last_id = std::max(d.last_id, i.id);
}

InstanceId SqliteStore::allocate_id() { return ++impl_->last_id; }

std::uint32_t SqliteStore::deploy(const ProgramVersion& version) {
  Impl& d = *impl_;
  if (d.read_only) d.fail("cannot deploy a program", "it was opened read-only", "");
  try {
    {
      d.get_version_by_hash->bind(1, version.hash);
      detail::Rows known(*d.get_version_by_hash);
      if (known.next()) return static_cast<std::uint32_t>(known->integer(0));
    }
    std::uint32_t number = 1;
    for (const ProgramVersion& v : versions()) number = std::max(number, v.version + 1);
    d.begin->run();
    try {
      d.put_version->bind(1, std::int64_t{number}).bind(2, version.hash).bind(3, version.sources);
      d.put_version->bind(4, seconds(version.deployed));
      d.put_version->run();
      d.commit->run();
    } catch (...) {
      d.rollback->run();
      throw;
    }
    return number;
  } catch (const StoreError& e) {
    if (std::string_view(e.what()).starts_with("store ")) throw;
    d.fail("cannot record a program version", e.what(), "check the disk has room and the file is writable");
  }
}

}  // namespace docket
