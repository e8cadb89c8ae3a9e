// PostgresStore's shared mode: leases with a fence, claims with FOR UPDATE SKIP LOCKED, LISTEN/NOTIFY, pipelines.
#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <climits>

#include "store/pg_array.hpp"
#include "store/postgres_store_impl.hpp"

namespace docket {

namespace {

constexpr int kIdBlock = 32;  // instance ids taken from the sequence at a time

std::string default_name() {
  char host[256] = {};
  if (::gethostname(host, sizeof host - 1) != 0) host[0] = '\0';
  return fmt::format("{}:{}", host, ::getpid());
}

}  // namespace

std::vector<Result> PostgresStore::Impl::pipeline(const std::vector<PipelineStep>& steps) const {
  if (PQenterPipelineMode(conn) != 1) throw StoreError(PQerrorMessage(conn));
  std::vector<std::vector<const char*>> params(steps.size());
  bool sent = true;
  for (std::size_t i = 0; i < steps.size() && sent; ++i) {
    for (const auto& v : steps[i].params) params[i].push_back(v ? v->c_str() : nullptr);
    sent = PQsendQueryPrepared(conn, steps[i].name, static_cast<int>(params[i].size()), params[i].data(), nullptr, nullptr,
                               0) == 1;
  }
  sent = sent && PQpipelineSync(conn) == 1;
  if (!sent) {
    const std::string why = PQerrorMessage(conn);
    (void)PQexitPipelineMode(conn);
    throw StoreError(why);
  }
  std::vector<Result> out;
  std::string error;
  std::string state;
  // One result (and a null) per step, then the sync; an error aborts the steps after it and the
  // whole implicit transaction.
  for (std::size_t i = 0; i < steps.size(); ++i) {
    Result r(PQgetResult(conn));
    if (r.r == nullptr) {
      error = error.empty() ? std::string(PQerrorMessage(conn)) : error;
      break;
    }
    const ExecStatusType status = PQresultStatus(r.r);
    if (status == PGRES_FATAL_ERROR && error.empty()) {
      const char* primary = PQresultErrorField(r.r, PG_DIAG_MESSAGE_PRIMARY);  // without the CONTEXT lines
      error = primary != nullptr ? primary : PQresultErrorMessage(r.r);
      const char* code = PQresultErrorField(r.r, PG_DIAG_SQLSTATE);
      state = code != nullptr ? code : "";
    } else if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK && status != PGRES_PIPELINE_ABORTED &&
               error.empty()) {
      error = PQresultErrorMessage(r.r);
    }
    out.push_back(std::move(r));
    Result end(PQgetResult(conn));  // the null after each query's results
  }
  while (true) {
    Result r(PQgetResult(conn));
    if (r.r == nullptr || PQresultStatus(r.r) == PGRES_PIPELINE_SYNC) break;
  }
  (void)PQexitPipelineMode(conn);
  if (PQtransactionStatus(conn) == PQTRANS_INERROR) {  // an explicit block (a claim's) that failed
    Result rollback(PQexec(conn, "ROLLBACK"));
  }
  if (error.empty()) return out;
  if (state == kConflictState || state == kUniqueState || state == kDeadlockState) throw StoreConflict(error);
  if (state == kFencedState) throw StoreFenced(error);
  throw StoreError(error);
}

void PostgresStore::Impl::take_notices() {
  if (PQconsumeInput(conn) != 1) return;
  const int self = PQbackendPID(conn);
  while (PGnotify* n = PQnotifies(conn)) {
    if (n->be_pid != self) {
      try {
        notices.push_back(instant(std::stoll(n->extra)));
      } catch (const std::exception&) {
        notices.push_back(Instant{});  // a notice without a time: look at once
      }
    }
    PQfreemem(n);
  }
}

void PostgresStore::Impl::open_shared(const std::string& name) {
  // The sequence must be past every id a single writer (which counts from max(id)) handed out.
  exec("SELECT setval('instance_ids', m) FROM (SELECT max(id) AS m FROM instances) x WHERE m > (SELECT last_value FROM "
       "instance_ids)",
       "cannot bring its id sequence up to date", "");
  prepare("take_lease",
          "INSERT INTO leases (name, started, heartbeat, expires) VALUES ($1, clock_timestamp(), clock_timestamp(), "
          "clock_timestamp() + $2::bigint * interval '1 millisecond') RETURNING id",
          2);
  try {
    Result r = run("take_lease", {name.empty() ? default_name() : name, std::to_string(lease_ttl.count())});
    lease_id = r.integer(0, 0);
  } catch (const StoreError& e) {
    fail("cannot take a lease", e.what(), "may the user write table `leases`?");
  }
  exec(fmt::format("LISTEN {}", kWorkChannel).c_str(), "cannot listen for work", "");
  prepare("fence", "SELECT docket_fence($1::bigint, $2::bigint)", 2);
  // Claims and heartbeats need no fsync: one lost in a crash of the server only means a timer or an
  // action is claimed again (the revision check and idempotency keys make that harmless).
  prepare("no_sync", "SET LOCAL synchronous_commit TO off", 0);
  // The instances of a batch in one statement: new ones inserted, others updated only where their
  // revision is still the one this process read (the update's row lock waits for a writer under way,
  // then sees its revision); any row neither inserted nor updated is a conflict, which aborts all.
  prepare("put_instances_shared",
          "WITH n AS MATERIALIZED (SELECT * FROM unnest($1::bigint[], $2::text[], $3::int[], $4::bool[], $5::bigint[], "
          "$6::text[], $7::bigint[]) AS t(id, workflow, version, open, next_due, snapshot, rev)), "
          "u AS (UPDATE instances i SET workflow = n.workflow, version = n.version, open = n.open, next_due = n.next_due, "
          "snapshot = n.snapshot, revision = i.revision + 1, claimed_by = NULL FROM n WHERE i.id = n.id AND n.rev <> 0 AND "
          "i.revision = n.rev RETURNING i.id), "
          "a AS (INSERT INTO instances (id, workflow, version, open, next_due, snapshot) SELECT id, workflow, version, open, "
          "next_due, snapshot FROM n WHERE rev = 0 ON CONFLICT (id) DO NOTHING RETURNING id) "
          "SELECT docket_conflict(format('instance %s was written by another process since this one read it (revision %s "
          "when read)', n.id, n.rev)) FROM n WHERE n.id NOT IN (SELECT id FROM u UNION ALL SELECT id FROM a)",
          7);
  prepare("notify", fmt::format("SELECT pg_notify('{}', $1::text)", kWorkChannel), 1);
  prepare("next_ids", fmt::format("SELECT nextval('instance_ids') FROM generate_series(1, {})", kIdBlock), 0);
  prepare("claim_due",
          "UPDATE instances SET claimed_by = $5 WHERE id IN (SELECT id FROM instances WHERE next_due IS NOT NULL AND "
          "next_due <= $1 AND (next_due, id) > ($3, $4) AND claimed_by IS NULL ORDER BY next_due, id LIMIT $2 FOR "
          "UPDATE SKIP LOCKED) RETURNING next_due, id",
          5);
  prepare("claim_actions",
          fmt::format("UPDATE actions SET claimed_by = $4 WHERE key IN (SELECT key FROM actions WHERE channel = $1 AND "
                      "claimed_by IS NULL AND (state = 'pending' OR (state = 'failed' AND next_at <= $2)) ORDER BY "
                      "next_at, seq LIMIT $3 FOR UPDATE SKIP LOCKED) RETURNING {}, seq",
                      kActionColumns),
          4);
  prepare("release_instances", "UPDATE instances SET claimed_by = NULL WHERE claimed_by = $1 AND id = ANY($2::bigint[])", 2);
  // Ends every lease not renewed in time (a lease being renewed right now is locked, so skipped) and
  // frees the instances and actions its process had claimed, in one statement.
  prepare("reap",
          "WITH ended AS (UPDATE leases SET revoked = true, ended_by = $1 WHERE id IN (SELECT id FROM leases WHERE NOT "
          "revoked AND expires < clock_timestamp() FOR UPDATE SKIP LOCKED) RETURNING id), "
          "i AS (UPDATE instances SET claimed_by = NULL WHERE claimed_by IN (SELECT id FROM ended) RETURNING id), "
          "a AS (UPDATE actions SET claimed_by = NULL WHERE claimed_by IN (SELECT id FROM ended) RETURNING key) "
          "SELECT (SELECT count(*) FROM ended), (SELECT count(*) FROM i), (SELECT count(*) FROM a)",
          1);
  prepare("end_lease", "UPDATE leases SET revoked = true, ended_by = $1 WHERE id = $1", 1);
  prepare("release_all_instances", "UPDATE instances SET claimed_by = NULL WHERE claimed_by = $1", 1);
  prepare("release_all_actions", "UPDATE actions SET claimed_by = NULL WHERE claimed_by = $1", 1);
}

std::int64_t PostgresStore::lease_id() const noexcept { return impl_->lease_id; }
bool PostgresStore::shared() const noexcept { return impl_->shared; }
std::chrono::milliseconds PostgresStore::lease() const noexcept { return impl_->lease_ttl; }

std::vector<DueInstance> PostgresStore::claim_due(Instant until, std::size_t limit, std::optional<DueInstance> after) {
  Impl& d = *impl_;
  if (!d.shared) return due(until, limit, after);
  const DueInstance from = after.value_or(DueInstance{Instant{std::chrono::seconds{LLONG_MIN / 2}}, 0});
  std::vector<Result> r;
  try {
    r = d.pipeline({{"begin", {}},
                    {"no_sync", {}},
                    {"fence", {std::to_string(d.lease_id), std::to_string(d.lease_ttl.count())}},
                    {"claim_due",
                     {seconds(until), std::to_string(limit), seconds(from.due), std::to_string(from.id),
                      std::to_string(d.lease_id)}},
                    {"commit", {}}});
  } catch (const StoreFenced& e) {
    d.fail_as<StoreFenced>("refused a claim of this process", e.what(), "this process must stop and be started again");
  } catch (const StoreError& e) {
    d.fail("cannot claim due timers", e.what(), "is the server still up?");
  }
  std::vector<DueInstance> out;
  const Result& rows = r.at(3);
  for (int i = 0; i < rows.rows(); ++i) {
    out.push_back({instant(rows.integer(i, 0)), static_cast<InstanceId>(rows.integer(i, 1))});
    d.claimed.insert(out.back().id);
  }
  std::sort(out.begin(), out.end());  // RETURNING keeps no order
  return out;
}

std::vector<OutboxEntry> PostgresStore::claim_actions(ActionChannel channel, Instant until, std::size_t limit) {
  Impl& d = *impl_;
  if (!d.shared) return due_actions(channel, until, limit);
  std::vector<Result> r;
  try {
    r = d.pipeline({{"begin", {}},
                    {"no_sync", {}},
                    {"fence", {std::to_string(d.lease_id), std::to_string(d.lease_ttl.count())}},
                    {"claim_actions",
                     {channel_name(channel), seconds(until), std::to_string(limit), std::to_string(d.lease_id)}},
                    {"commit", {}}});
  } catch (const StoreFenced& e) {
    d.fail_as<StoreFenced>("refused a claim of this process", e.what(), "this process must stop and be started again");
  } catch (const StoreError& e) {
    d.fail("cannot claim actions to deliver", e.what(), "is the server still up?");
  }
  const Result& rows = r.at(3);
  std::vector<std::pair<std::pair<std::int64_t, std::int64_t>, OutboxEntry>> found;
  for (int i = 0; i < rows.rows(); ++i) {
    found.push_back({{rows.integer(i, 11), rows.integer(i, 14)}, action_row(rows, i)});
    d.claimed_actions.insert(found.back().second.action.idempotency_key);
  }
  std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<OutboxEntry> out;
  out.reserve(found.size());
  for (auto& f : found) out.push_back(std::move(f.second));
  return out;
}

void PostgresStore::release_claims() {
  Impl& d = *impl_;
  if (!d.shared || d.claimed.empty()) return;
  detail::PgArrays ids(1);
  for (InstanceId id : d.claimed) ids.row({std::to_string(id)});
  try {
    (void)d.run("release_instances", {std::to_string(d.lease_id), ids.params().front()});
  } catch (const StoreError& e) {
    d.fail("cannot give back its claims", e.what(), "they are freed when its lease ends");
  }
  d.claimed.clear();
}

void PostgresStore::heartbeat() {
  Impl& d = *impl_;
  if (!d.shared) return;
  std::vector<Result> r;
  try {
    r = d.pipeline({{"begin", {}},
                    {"no_sync", {}},
                    {"fence", {std::to_string(d.lease_id), std::to_string(d.lease_ttl.count())}},
                    {"reap", {std::to_string(d.lease_id)}},
                    {"commit", {}}});
  } catch (const StoreFenced& e) {
    d.fail_as<StoreFenced>("refused the heartbeat of this process", e.what(),
                           "this process must stop and be started again");
  } catch (const StoreError& e) {
    d.fail("cannot renew its lease", e.what(), "is the server still up?");
  }
  const Result& reaped = r.at(3);
  if (reaped.integer(0, 1) + reaped.integer(0, 2) > 0) {
    // Work of a process that died is free again: look at it now, and tell the others.
    d.notices.push_back(Instant{});
    try {
      (void)d.run("notify", {std::string("0")});
    } catch (const StoreError&) {  // only a wake-up: the others find the work on their next look
    }
  }
}

std::optional<Instant> PostgresStore::wait_for_work(std::chrono::milliseconds timeout, int wake_fd) {
  Impl& d = *impl_;
  if (!d.shared) return std::nullopt;
  d.take_notices();
  if (d.notices.empty()) {
    pollfd fds[2] = {{PQsocket(d.conn), POLLIN, 0}, {wake_fd, POLLIN, 0}};
    (void)::poll(fds, wake_fd >= 0 ? 2 : 1, static_cast<int>(std::max<std::int64_t>(timeout.count(), 0)));
    d.take_notices();
  }
  if (d.notices.empty()) return std::nullopt;
  const Instant earliest = *std::min_element(d.notices.begin(), d.notices.end());
  d.notices.clear();
  return earliest;
}

}  // namespace docket
