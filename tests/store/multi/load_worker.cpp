// docket_load_worker: one of several docket processes on one PostgreSQL database, moved through time by a coordinator.
//
// The multi-process proof (tests/store/multi_process_test.cpp) starts two or three of these on one
// database. Each is a docket::host::Host on a shared PostgresStore (its own lease) with a virtual
// clock. The coordinator publishes the time in table `load_clock` (and NOTIFY docket_load): in phase
// `timers` every worker fires what is due (claimed, so each timer by one process), in phase
// `requests` the workers claim the requests of that instant from `load_requests` (FOR UPDATE SKIP
// LOCKED, a ticket's requests in order) and run them in one Engine::Batch each, marking each
// request done in the same transaction (meta `req.<seq>`). In phase `drain` they deliver what is
// owed; `stop` ends them. Requests claimed by a process whose lease ended are taken by the others.
//
// Swap it for `docket serve` processes by replacing the request loop with HTTP calls; the rest of
// the proof (the coordinator's barriers and checks) reads only the database.
//
// Exit codes: 0 stopped, 1 an error, 3 the store's fence refused a write (the lease had ended).
#include <fmt/format.h>
#include <libpq-fe.h>
#include <poll.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "docket/core/postgres_store.hpp"
#include "docket/host/host.hpp"

namespace {

using namespace std::chrono_literals;

struct Options {
  std::string config;
  std::string store;
  std::chrono::milliseconds lease{1000};
  std::chrono::milliseconds hold{0};  // after claiming requests, wait this long before running them (a stall)
  std::int64_t hold_from = 0;         // ... only for requests at or after this instant (Unix seconds)
  std::string name;
};

struct Request {
  std::int64_t seq = 0;
  std::string body;
};

class LoadConnection {
 public:
  explicit LoadConnection(const std::string& url) : conn_(PQconnectdb(url.c_str())) {
    if (PQstatus(conn_) != CONNECTION_OK) throw std::runtime_error(std::string("load connection: ") + PQerrorMessage(conn_));
    PQclear(exec("LISTEN docket_load"));  // the result is ours to free
  }
  ~LoadConnection() { PQfinish(conn_); }
  LoadConnection(const LoadConnection&) = delete;
  LoadConnection& operator=(const LoadConnection&) = delete;

  PGresult* exec(const std::string& sql, const std::vector<std::string>& params = {}) {
    std::vector<const char*> p;
    for (const std::string& s : params) p.push_back(s.c_str());
    PGresult* r = PQexecParams(conn_, sql.c_str(), static_cast<int>(p.size()), nullptr, p.data(), nullptr, nullptr, 0);
    const ExecStatusType st = PQresultStatus(r);
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
      const std::string why = PQresultErrorMessage(r);
      PQclear(r);
      throw std::runtime_error("load query failed: " + why);
    }
    return r;
  }
  [[nodiscard]] int socket() const { return PQsocket(conn_); }
  // Takes the coordinator's notices; true when there was one (libpq may have read it off the socket
  // during a query already, so the socket alone does not tell).
  bool drain() {
    (void)PQconsumeInput(conn_);
    bool any = false;
    while (PGnotify* n = PQnotifies(conn_)) {
      any = true;
      PQfreemem(n);
    }
    return any;
  }

 private:
  PGconn* conn_;
};

struct Clock {
  std::int64_t at = 0;
  std::string phase;
};

Clock read_clock(LoadConnection& load) {
  PGresult* r = load.exec("SELECT at, phase FROM load_clock WHERE id = 1");
  Clock c{std::stoll(PQgetvalue(r, 0, 0)), PQgetvalue(r, 0, 1)};
  PQclear(r);
  return c;
}

// Requests of instant `at` this process may take: not done, not claimed by a live process, and the
// first of their ticket still to do (a ticket's requests run in order).
std::vector<Request> claim(LoadConnection& load, std::int64_t at, std::int64_t lease) {
  PGresult* r = load.exec(
      "UPDATE load_requests r SET claimed_by = $2 WHERE seq IN (SELECT q.seq FROM load_requests q WHERE q.at = $1 AND "
      "(q.claimed_by IS NULL OR q.claimed_by IN (SELECT id FROM leases WHERE revoked)) AND NOT EXISTS (SELECT 1 FROM meta "
      "WHERE key = 'req.' || q.seq) AND NOT EXISTS (SELECT 1 FROM load_requests p WHERE p.ticket = q.ticket AND p.seq < "
      "q.seq AND NOT EXISTS (SELECT 1 FROM meta WHERE key = 'req.' || p.seq)) ORDER BY q.seq LIMIT 16 FOR UPDATE SKIP "
      "LOCKED) RETURNING seq, body",
      {std::to_string(at), std::to_string(lease)});
  std::vector<Request> out;
  for (int i = 0; i < PQntuples(r); ++i) out.push_back({std::stoll(PQgetvalue(r, i, 0)), PQgetvalue(r, i, 1)});
  PQclear(r);
  std::sort(out.begin(), out.end(), [](const Request& a, const Request& b) { return a.seq < b.seq; });
  return out;
}

// One request through the host, by ticket: start, complete or signal.
void apply(docket::host::Host& host, const Request& q) {
  const nlohmann::json j = nlohmann::json::parse(q.body);
  const std::string ticket = j.at("ticket").get<std::string>();
  if (j.contains("start")) {
    (void)host.start(j.at("start").get<std::string>(), j.at("input").dump(), ticket);
    return;
  }
  const std::optional<docket::InstanceId> id = host.find(ticket);
  if (!id) throw docket::EngineError("no instance for ticket " + ticket);
  if (j.contains("complete")) {
    host.complete(*id, j.at("complete").get<std::string>(), j.contains("outcomes") ? j.at("outcomes").dump() : "{}");
  } else {
    host.signal(*id, j.at("signal").get<std::string>());
  }
}

// Runs the requests in one batch, each marked done (or its error) in the same transaction. The
// batch runs again when another process wrote one of its instances (StoreConflict).
void run_requests(docket::host::Host& host, const std::vector<Request>& requests) {
  for (int attempt = 0;; ++attempt) {
    try {
      docket::Engine::Batch batch(host.engine());
      for (const Request& q : requests) {
        std::string outcome = "done";
        try {
          apply(host, q);
        } catch (const docket::StoreError&) {
          throw;
        } catch (const std::exception& e) {
          outcome = std::string("error: ") + e.what();
        }
        batch.set_meta(fmt::format("req.{}", q.seq), outcome);
      }
      batch.commit();
      return;
    } catch (const docket::StoreFenced&) {
      throw;
    } catch (const docket::StoreConflict& e) {
      if (attempt >= 5) throw;
      std::cerr << "conflict, again: " << e.what() << "\n";
    }
  }
}

int run(const Options& o) {
  LoadConnection load(o.store);
  docket::host::HostOptions ho;
  ho.config = o.config;
  ho.store = o.store;
  ho.shared_lease = o.lease;
  ho.start = docket::Instant{std::chrono::seconds{read_clock(load).at}};
  docket::host::Host host(ho);
  docket::Store& store = *host.engine().store();
  const std::int64_t lease = dynamic_cast<docket::PostgresStore&>(store).lease_id();
  std::cout << fmt::format("worker {} lease {}", o.name, lease) << std::endl;
  auto beat = std::chrono::steady_clock::now();
  std::string doing = "start";
  std::size_t requests_run = 0;
  try {
    while (true) {
      if (std::chrono::steady_clock::now() - beat > o.lease / 3) {  // renews the lease, ends others' that ran out
        doing = "heartbeat";
        store.heartbeat();
        beat = std::chrono::steady_clock::now();
      }
      const Clock c = read_clock(load);
      if (c.phase == "stop") break;
      const docket::Instant at{std::chrono::seconds{c.at}};
      doing = "fire timers";
      for (int attempt = 0;; ++attempt) {
        try {
          if (at > host.now()) {
            host.advance_to(at);
          } else {
            host.run_due();
          }
          break;
        } catch (const docket::StoreConflict& e) {
          if (attempt >= 5) throw;
          std::cerr << "conflict, again: " << e.what() << "\n";
        }
      }
      if (c.phase == "requests") {
        while (true) {
          std::vector<Request> mine = claim(load, c.at, lease);
          if (mine.empty()) break;
          std::cout << fmt::format("claimed {} requests at {}", mine.size(), c.at) << std::endl;
          if (o.hold.count() > 0 && c.at >= o.hold_from) std::this_thread::sleep_for(o.hold);
          doing = "write requests";
          run_requests(host, mine);
          requests_run += mine.size();
        }
      }
      doing = "deliver";
      (void)host.engine().deliver_actions();
      if (c.phase == "drain") host.engine().flush();
      doing = "wait";
      if (!load.drain()) {
        (void)store.wait_for_work(std::min<std::chrono::milliseconds>(o.lease / 3, 100ms), load.socket());
        (void)load.drain();
      }
    }
    host.engine().flush();
  } catch (const docket::StoreFenced& e) {
    std::cout << fmt::format("FENCED while it tried to {}: {}", doing, e.what()) << std::endl;
    std::_Exit(3);  // nothing of it may be written: no destructor runs (they would flush)
  }
  std::cout << fmt::format("worker {} stopped after {} requests", o.name, requests_run) << std::endl;
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    const std::string value = argv[i + 1];
    if (flag == "--config") o.config = value;
    else if (flag == "--store") o.store = value;
    else if (flag == "--lease-ms") o.lease = std::chrono::milliseconds{std::stoll(value)};
    else if (flag == "--hold-ms") o.hold = std::chrono::milliseconds{std::stoll(value)};
    else if (flag == "--hold-from") o.hold_from = std::stoll(value);
    else if (flag == "--name") o.name = value;
  }
  try {
    return run(o);
  } catch (const std::exception& e) {
    std::cout << "error: " << e.what() << std::endl;
    return 1;
  }
}
