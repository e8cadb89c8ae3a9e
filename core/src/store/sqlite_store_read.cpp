// SqliteStore, reading: instances, the due-time index, business keys, trails, the outbox, versions, meta.
#include <fmt/format.h>

#include <algorithm>

#include "base/value_codec.hpp"
#include "docket/core/sqlite_store.hpp"
#include "store/sqlite_store_impl.hpp"

namespace docket {

namespace {

Instant instant(std::int64_t seconds) { return Instant{std::chrono::seconds{seconds}}; }
std::optional<Instant> instant(std::optional<std::int64_t> seconds) {
  return seconds ? std::optional<Instant>(instant(*seconds)) : std::nullopt;
}

// Columns: id, workflow, version, open, next_due, snapshot.
StoredInstance row_instance(detail::Rows& r) {
  return StoredInstance{static_cast<InstanceId>(r->integer(0)), r->text(1), static_cast<std::uint32_t>(r->integer(2)),
                        r->integer(3) != 0, instant(r->maybe(4)), r->text(5)};
}

// Columns: key, instance, name, args, at, role, sla, level, channel, state, attempts, next_at,
// last_error, delivered_at.
OutboxEntry row_action(detail::Rows& r) {
  OutboxEntry o;
  Action& a = o.action;
  a.idempotency_key = r->text(0);
  a.instance = static_cast<InstanceId>(r->integer(1));
  a.name = r->text(2);
  a.args = detail::untyped_values(r->text(3));
  a.at = instant(r->integer(4));
  a.role = r->text(5);
  a.sla = r->text(6);
  a.level = static_cast<std::int32_t>(r->integer(7));
  o.channel = r->text(8) == "plugin" ? ActionChannel::plugin : ActionChannel::host;
  o.state = delivery_state_from_name(r->text(9)).value_or(DeliveryState::dead);
  o.attempts = static_cast<std::uint32_t>(r->integer(10));
  o.next_at = instant(r->integer(11));
  o.last_error = r->text(12);
  o.delivered_at = instant(r->maybe(13));
  return o;
}

const char* channel_name(ActionChannel c) { return c == ActionChannel::plugin ? "plugin" : "host"; }

// Runs a read, naming the file and the fix when SQLite fails.
template <class F>
auto reading(const SqliteStore::Impl& d, std::string_view what, F&& f) {
  try {
    return f();
  } catch (const StoreError& e) {
    if (std::string_view(e.what()).starts_with("store ")) throw;
    d.fail(fmt::format("cannot read {}", what), e.what(),
           "check the file is readable and not damaged (sqlite3 FILE 'PRAGMA integrity_check')");
  }
}

}  // namespace

std::optional<StoredInstance> SqliteStore::instance(InstanceId id) const {
  return reading(*impl_, "an instance", [&]() -> std::optional<StoredInstance> {
    impl_->get_instance->bind(1, static_cast<std::int64_t>(id));
    detail::Rows r(*impl_->get_instance);
    if (!r.next()) return std::nullopt;
    return row_instance(r);
  });
}

std::vector<StoredInstance> SqliteStore::instances() const {
  return reading(*impl_, "its instances", [&] {
    std::vector<StoredInstance> out;
    detail::Rows r(*impl_->get_all);
    while (r.next()) out.push_back(row_instance(r));
    return out;
  });
}

std::size_t SqliteStore::open_count() const {
  return reading(*impl_, "its instances", [&] {
    detail::Rows r(*impl_->get_open_count);
    return r.next() ? static_cast<std::size_t>(r->integer(0)) : std::size_t{0};
  });
}

std::vector<DueInstance> SqliteStore::due(Instant until, std::size_t limit, std::optional<DueInstance> after) const {
  return reading(*impl_, "its due times", [&] {
    detail::Statement& s = after ? *impl_->get_due_after : *impl_->get_due;
    s.bind(1, until.time_since_epoch().count()).bind(2, static_cast<std::int64_t>(limit));
    if (after) s.bind(3, after->due.time_since_epoch().count()).bind(4, static_cast<std::int64_t>(after->id));
    std::vector<DueInstance> out;
    detail::Rows r(s);
    while (r.next()) out.push_back({instant(r->integer(0)), static_cast<InstanceId>(r->integer(1))});
    return out;
  });
}

std::optional<Instant> SqliteStore::next_due() const {
  return reading(*impl_, "its due times", [&]() -> std::optional<Instant> {
    detail::Rows r(*impl_->get_next_due);
    return r.next() ? instant(r->maybe(0)) : std::nullopt;
  });
}

std::optional<InstanceKey> SqliteStore::find_key(const std::string& key) const {
  return reading(*impl_, "its business keys", [&]() -> std::optional<InstanceKey> {
    impl_->get_key->bind(1, key);
    detail::Rows r(*impl_->get_key);
    if (!r.next()) return std::nullopt;
    return InstanceKey{r->text(0), static_cast<InstanceId>(r->integer(1)), r->text(2)};
  });
}

std::vector<TraceEntry> SqliteStore::audit(InstanceId id) const {
  return reading(*impl_, "an audit trail", [&] {
    impl_->get_trail->bind(1, static_cast<std::int64_t>(id));
    detail::Rows r(*impl_->get_trail);
    std::vector<TraceEntry> out;
    while (r.next()) {
      TraceEntry e;
      e.at = instant(r->integer(0));
      e.instance = id;
      const std::string kind = r->text(1);
      std::optional<TraceKind> k = trace_kind_from_name(kind);
      if (!k) {
        impl_->fail("cannot read an audit trail", fmt::format("trace kind `{}` is unknown", kind),
                    "use the docket that wrote it");
      }
      e.kind = *k;
      e.node = r->text(2);
      e.detail = r->text(3);
      e.due = instant(r->maybe(4));
      out.push_back(std::move(e));
    }
    return out;
  });
}

std::vector<OutboxEntry> SqliteStore::due_actions(ActionChannel channel, Instant until, std::size_t limit) const {
  return reading(*impl_, "its outbox", [&] {
    std::vector<std::pair<std::int64_t, OutboxEntry>> rows;  // (rowid, entry)
    impl_->get_pending->bind(1, channel_name(channel)).bind(2, static_cast<std::int64_t>(limit));
    {
      detail::Rows r(*impl_->get_pending);
      while (r.next()) rows.emplace_back(r->integer(14), row_action(r));
    }
    impl_->get_retries->bind(1, channel_name(channel)).bind(2, until.time_since_epoch().count());
    impl_->get_retries->bind(3, static_cast<std::int64_t>(limit));
    {
      detail::Rows r(*impl_->get_retries);
      while (r.next()) rows.emplace_back(r->integer(14), row_action(r));
    }
    std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
      return std::pair(a.second.next_at, a.first) < std::pair(b.second.next_at, b.first);
    });
    if (rows.size() > limit) rows.resize(limit);
    std::vector<OutboxEntry> out;
    out.reserve(rows.size());
    for (auto& [rowid, e] : rows) out.push_back(std::move(e));
    return out;
  });
}

std::optional<Instant> SqliteStore::next_retry(ActionChannel channel) const {
  return reading(*impl_, "its outbox", [&]() -> std::optional<Instant> {
    impl_->get_next_retry->bind(1, channel_name(channel));
    detail::Rows r(*impl_->get_next_retry);
    return r.next() ? instant(r->maybe(0)) : std::nullopt;
  });
}

std::vector<OutboxEntry> SqliteStore::outbox(InstanceId instance, std::optional<DeliveryState> state) const {
  return reading(*impl_, "its outbox", [&] {
    impl_->get_outbox->bind(1, static_cast<std::int64_t>(instance)).bind(2, state ? delivery_state_name(*state) : "");
    detail::Rows r(*impl_->get_outbox);
    std::vector<OutboxEntry> out;
    while (r.next()) out.push_back(row_action(r));
    return out;
  });
}

std::optional<OutboxEntry> SqliteStore::action(const std::string& key) const {
  return reading(*impl_, "its outbox", [&]() -> std::optional<OutboxEntry> {
    impl_->get_action->bind(1, key);
    detail::Rows r(*impl_->get_action);
    if (!r.next()) return std::nullopt;
    return row_action(r);
  });
}

std::vector<ProgramVersion> SqliteStore::versions() const {
  return reading(*impl_, "its program versions", [&] {
    detail::Rows r(*impl_->get_versions);
    std::vector<ProgramVersion> out;
    while (r.next()) {
      out.push_back({static_cast<std::uint32_t>(r->integer(0)), r->text(1), r->text(2), instant(r->integer(3))});
    }
    return out;
  });
}

std::optional<std::string> SqliteStore::meta(const std::string& key) const {
  return reading(*impl_, "its bookkeeping", [&]() -> std::optional<std::string> {
    impl_->get_meta->bind(1, key);
    detail::Rows r(*impl_->get_meta);
    if (!r.next()) return std::nullopt;
    return r->text(0);
  });
}

}  // namespace docket
