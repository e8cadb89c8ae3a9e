// Events per second through Engine on examples/95598 meter_install, and heap bytes per open instance.
#include <benchmark/benchmark.h>

#include <malloc.h>

#include <chrono>
#include <filesystem>
#include <fmt/format.h>
#include <sys/wait.h>
#include <unistd.h>
#ifdef DOCKET_WITH_POSTGRES
#include <libpq-fe.h>
#endif

#include <cstdio>
#include <cstdlib>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "bench_support.hpp"
#include "docket/core/calendar_spec.hpp"
#include "docket/core/engine.hpp"
#ifdef DOCKET_WITH_POSTGRES
#include "docket/core/postgres_store.hpp"
#endif
#include "docket/core/sqlite_store.hpp"
#include "docket/core/store.hpp"
#include "docket/core/json_value.hpp"

namespace docket::bench {
namespace {

// site.district, registered as a C++ function instead of loading the site_district plugin: simpler,
// and the benchmark measures the engine, not the plugin ABI. Addresses in Pudong give "pudong".
void register_site_district(FunctionRegistry& registry) {
  registry.add({"site.district", {Type::text()}, Type::text(), "docket_bench"}, [](std::span<const Value> args) -> Value {
    return std::string(args[0].as_text().find("浦东") != std::string::npos ? "pudong" : "other");
  });
}

// The workflow's calendar, `cn-national`: Mon-Fri 08:30-12:00 and 14:00-17:30 in Shanghai (the
// benchmark runs in November 2026, with no holidays near it; examples/calendars/cn.toml has them).
CalendarRegistry cn_national() {
  CalendarSpec spec;
  spec.name = "cn-national";
  spec.time_zone = "Asia/Shanghai";
  for (std::size_t i = 0; i < 5; ++i) spec.weekly[i] = {{510, 720}, {840, 1050}};
  std::string error;
  auto provider = make_calendar(spec, error);
  if (!provider) fail("the benchmark's calendar is refused: " + error);
  CalendarRegistry calendars;
  calendars.add(std::move(*provider));
  return calendars;
}

struct MeterProgram {
  FunctionRegistry functions;
  CalendarRegistry calendars = cn_national();
  std::shared_ptr<const Program> program;
  Type application;
  std::vector<Value> apps;  // distinct applications, built once from JSON and shared by instances

  MeterProgram() {
    register_site_district(functions);
    program = load_example({"customers.dkt", "meter_install.dkt"}, functions);
    const ir::Workflow* wf = program->module().find_workflow("meter_install");
    if (wf == nullptr || wf->params.size() != 1) fail("meter_install.dkt no longer declares meter_install(app)");
    application = wf->params[0].type;
    const char* addresses[] = {"上海市浦东新区张杨路 500 号", "上海市静安区南京西路 1000 号"};
    const char* areas[] = {"urban", "rural", "remote"};
    for (int i = 0; i < 64; ++i) {
      std::string json = R"({"id": "A)" + std::to_string(i) + R"(", "address": ")" + addresses[i % 2] +
                         R"(", "customer": {"id": "C)" + std::to_string(i) +
                         R"(", "voltage_kv": 0.38, "tariff": "commercial", "dual_source": false, "important": false,)"
                         R"( "load_level": 3, "contract_kva": 80, "area": ")" + areas[i % 3] + R"("}})";
      apps.push_back(value_from_json(json, application, "app"));
    }
  }
};

MeterProgram& meter() {
  static MeterProgram m;
  return m;
}

Instant start_time() {
  using namespace std::chrono;
  return Instant{sys_days{year{2026} / November / 23} + hours{1}};
}

const std::map<std::string, Value, std::less<>>& feasible() {
  static const std::map<std::string, Value, std::less<>> outcomes{{"feasible", Value(true)}};
  return outcomes;
}

// One instance from start to `done`: start, then complete accept, survey {feasible: true},
// install, energize and revisit. Six events.
constexpr std::int64_t kEventsPerInstance = 6;
InstanceId run_one(Engine& engine, const Value& app) {
  InstanceId id = engine.start("meter_install", {app});
  engine.complete(id, "accept");
  engine.complete(id, "survey", feasible());
  engine.complete(id, "install");
  engine.complete(id, "energize");
  engine.complete(id, "revisit");
  return id;
}

// Once: an instance driven this way ends in `done`, asking the host for one action (site.schedule_meter).
bool check_meter_install(benchmark::State& state) {
  MeterProgram& m = meter();
  VirtualClock clock(start_time());
  Engine engine(m.program, clock);
  engine.use_calendars(m.calendars);
  int actions = 0;
  engine.on_action([&actions](const Action&) { ++actions; });
  InstanceStatus s = engine.status(run_one(engine, m.apps[0]));
  if (!s.finished || s.end != "done" || !s.error.empty() || actions != 1) {
    state.SkipWithError(("meter_install did not end in `done` with one action (end: " + s.end + ", error: " +
                         s.error + ", actions: " + std::to_string(actions) + ")")
                            .c_str());
    return false;
  }
  return true;
}

// Arg: 1 = a trace sink is attached (as a host that keeps an audit trail would), 0 = none.
// One iteration is a fresh engine driving 1,000 instances to the end; construction and destruction
// of the engine are inside the timing. Items are events (start and each complete).
void BM_Engine_MeterInstall(benchmark::State& state) {
  if (!check_meter_install(state)) return;
  MeterProgram& m = meter();
  constexpr int kInstances = 1000;
  std::uint64_t traces = 0;
  std::uint64_t actions = 0;
  for (auto _ : state) {
    VirtualClock clock(start_time());
    Engine engine(m.program, clock);
    engine.use_calendars(m.calendars);
    engine.on_action([&actions](const Action&) { ++actions; });
    if (state.range(0) != 0) engine.on_trace([&traces](const TraceEntry&) { ++traces; });
    for (int i = 0; i < kInstances; ++i) benchmark::DoNotOptimize(run_one(engine, m.apps[static_cast<std::size_t>(i) % m.apps.size()]));
  }
  benchmark::DoNotOptimize(traces);
  state.SetItemsProcessed(state.iterations() * kInstances * kEventsPerInstance);
  state.counters["instances_per_second"] =
      benchmark::Counter(static_cast<double>(state.iterations() * kInstances), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_Engine_MeterInstall)->ArgName("trace")->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

// The same with a store keeping every instance's state, audit trail, timers and actions. Args:
// store: 0 = MemoryStore; 1 = SqliteStore, synchronous=NORMAL (survives the process dying);
// 2 = SqliteStore, synchronous=FULL (survives a power cut: one fsync per commit); 3 = PostgresStore
// on the server DOCKET_BENCH_POSTGRES names (a libpq connection string; skipped when unset), its
// tables emptied before each iteration. group: events per commit — 1 is one transaction per event;
// more is group commit (an Engine::Batch of that many operations, as LiveRunner makes of the work
// queued while a commit was under way). Timed on the wall clock: the store waits on the disk.
// The SQLite file is in the temporary directory and made afresh for each iteration.
#ifdef DOCKET_WITH_POSTGRES
void empty_postgres(const char* conninfo) {
  PGconn* c = PQconnectdb(conninfo);
  PQclear(PQexec(c, "DROP TABLE IF EXISTS instances, trail, actions, docket_store, programs, instance_keys, meta, leases; "
                    "DROP SEQUENCE IF EXISTS instance_ids"));
  PQfinish(c);
}
#endif

// One event of the meter installation of instance slot `i` (0: start, 1..5: the completions).
void meter_event(Engine& engine, std::vector<InstanceId>& ids, std::size_t i, int event, const Value& app) {
  static const char* const kSteps[] = {"accept", "survey", "install", "energize", "revisit"};
  if (event == 0) {
    ids[i] = engine.start("meter_install", {app});
  } else if (event == 2) {
    engine.complete(ids[i], kSteps[1], feasible());
  } else {
    engine.complete(ids[i], kSteps[event - 1]);
  }
}

// Drives `instances` meter installations as they would interleave at a service desk: 32 in flight,
// each event of one instance after the previous, round robin; every `group` events commit together
// (1: each event is its own transaction). Returns the commits.
std::int64_t drive_meter(Engine& engine, int instances, std::int64_t group) {
  MeterProgram& m = meter();
  constexpr std::size_t kInFlight = 32;
  std::vector<InstanceId> ids(kInFlight);
  std::unique_ptr<Engine::Batch> batch;
  std::int64_t in_batch = 0;
  std::int64_t commits = 0;
  for (int wave = 0; wave < instances / static_cast<int>(kInFlight); ++wave) {
    for (int event = 0; event < kEventsPerInstance; ++event) {
      for (std::size_t i = 0; i < kInFlight; ++i) {
        if (group > 1 && !batch) batch = std::make_unique<Engine::Batch>(engine);
        meter_event(engine, ids, i, event, m.apps[(static_cast<std::size_t>(wave) * kInFlight + i) % m.apps.size()]);
        if (group == 1) {
          ++commits;
        } else if (++in_batch == group) {
          batch->commit();
          batch.reset();
          in_batch = 0;
          ++commits;
        }
      }
    }
  }
  if (batch) {
    batch->commit();
    ++commits;
  }
  return commits;
}

void BM_Engine_MeterInstallStored(benchmark::State& state) {
  if (!check_meter_install(state)) return;
  MeterProgram& m = meter();
  const std::int64_t group = state.range(1);
  const int instances = state.range(0) == 0 ? 1000 : (group == 1 ? 200 : 3000);
  const std::string path = (std::filesystem::temp_directory_path() / fmt::format("docket-bench-{}.sqlite", ::getpid())).string();
  std::int64_t commits = 0;
  for (auto _ : state) {
    state.PauseTiming();
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
    std::unique_ptr<Store> store;
    if (state.range(0) == 0) {
      store = std::make_unique<MemoryStore>();
    } else if (state.range(0) == 3) {
#ifndef DOCKET_WITH_POSTGRES
      state.SkipWithError("this docket was built without PostgreSQL (DOCKET_WITH_POSTGRES=OFF)");
      break;
#else
      const char* conninfo = std::getenv("DOCKET_BENCH_POSTGRES");
      if (conninfo == nullptr) {
        state.SkipWithError("set DOCKET_BENCH_POSTGRES to a libpq connection string (an empty database) to time PostgresStore");
        break;
      }
      empty_postgres(conninfo);
      store = std::make_unique<PostgresStore>(conninfo);
#endif
    } else {
      store = std::make_unique<SqliteStore>(path, state.range(0) == 1 ? SqliteStore::Sync::normal : SqliteStore::Sync::full);
    }
    state.ResumeTiming();
    VirtualClock clock(start_time());
    Engine engine(m.program, clock);
    engine.use_calendars(m.calendars);
    engine.use_store(*store);
    std::uint64_t actions = 0;
    engine.on_action([&actions](const Action&) { ++actions; });
    commits += drive_meter(engine, instances, group);
    engine.flush();
    benchmark::DoNotOptimize(actions);
  }
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
  const std::int64_t events = state.iterations() * (instances / 32) * 32 * kEventsPerInstance;
  state.SetItemsProcessed(events);
  state.counters["events_per_commit"] = commits == 0 ? 0.0 : static_cast<double>(events) / static_cast<double>(commits);
}
BENCHMARK(BM_Engine_MeterInstallStored)
    ->ArgNames({"store", "group"})
    ->Args({0, 1})
    ->Args({1, 1})
    ->Args({2, 1})
    ->Args({3, 1})
    ->Args({0, 256})
    ->Args({1, 256})
    ->Args({2, 256})
    ->Args({3, 256})
    ->Args({3, 1024})
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

#ifdef DOCKET_WITH_POSTGRES
// One process of BM_Engine_MeterInstallShared: its own connection, lease and engine on the shared
// database, `instances` meter installations in batches of `group` events. Returns an exit code.
int meter_shared_process(const char* conninfo, int instances, std::int64_t group) {
  try {
    MeterProgram& m = meter();
    PostgresStore::SharedOptions options;
    options.lease = std::chrono::seconds{30};
    PostgresStore store(conninfo, options);
    VirtualClock clock(start_time());
    Engine engine(m.program, clock);
    engine.use_calendars(m.calendars);
    engine.use_store(store);
    std::uint64_t actions = 0;
    engine.on_action([&actions](const Action&) { ++actions; });
    (void)drive_meter(engine, instances, group);
    engine.flush();
    benchmark::DoNotOptimize(actions);  // any process delivers any process's actions: the parent counts them
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "meter_shared_process: %s\n", e.what());
    return 2;
  }
}

// Several processes writing one PostgreSQL database in shared mode (docs/store.md, "Several
// processes"): each forks from the benchmark, opens its own connection and lease, and runs 3,000
// meter installations (18,000 events) in group commits of `group` events. Items are the events of
// all processes; the time is the wall clock from the first fork to the last exit, so items per
// second is the aggregate throughput. procs 1 against store:3 of BM_Engine_MeterInstallStored is
// the price of shared mode (fence, revision check, claims, a read of each instance per unit).
void BM_Engine_MeterInstallShared(benchmark::State& state) {
  if (!check_meter_install(state)) return;
  const char* conninfo = std::getenv("DOCKET_BENCH_POSTGRES");
  if (conninfo == nullptr) {
    state.SkipWithError("set DOCKET_BENCH_POSTGRES to a libpq connection string (an empty database) to time PostgresStore");
    return;
  }
  const auto procs = static_cast<int>(state.range(0));
  const std::int64_t group = state.range(1);
  constexpr int kInstances = 3000;
  (void)meter();  // compile once, before forking
  for (auto _ : state) {
    state.PauseTiming();
    empty_postgres(conninfo);
    {
      PostgresStore::SharedOptions options;
      PostgresStore create(conninfo, options);  // the tables, before the processes race to make them
    }
    state.ResumeTiming();
    std::vector<pid_t> children;
    for (int p = 0; p < procs; ++p) {
      const pid_t pid = ::fork();
      if (pid == 0) ::_exit(meter_shared_process(conninfo, kInstances, group));
      children.push_back(pid);
    }
    for (pid_t pid : children) {
      int status = 0;
      if (::waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        state.SkipWithError("a benchmark process failed (see its message above)");
      }
    }
    state.PauseTiming();
    PGconn* c = PQconnectdb(conninfo);
    PGresult* r = PQexec(c, "SELECT count(*) FROM actions WHERE state = 'delivered' AND claimed_by IS NULL");
    const long delivered = PQresultStatus(r) == PGRES_TUPLES_OK ? std::atol(PQgetvalue(r, 0, 0)) : -1;
    PQclear(r);
    PQfinish(c);
    if (delivered != static_cast<long>(procs) * (kInstances / 32) * 32) {
      state.SkipWithError(fmt::format("{} actions delivered, not one per instance", delivered).c_str());
    }
    state.ResumeTiming();
  }
  state.SetItemsProcessed(state.iterations() * procs * (kInstances / 32) * 32 * kEventsPerInstance);
  state.counters["processes"] = procs;
}
BENCHMARK(BM_Engine_MeterInstallShared)
    ->ArgNames({"procs", "group"})
    ->Args({1, 256})
    ->Args({2, 256})
    ->Args({1, 1024})
    ->Args({2, 1024})
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);
#endif

// Heap bytes per open instance (glibc mallinfo2, in-use bytes before and after), 100,000 instances
// started and left open. Arg: 0 = left at `accept`, with its `within 1 workday` timer and the SLA's
// clock and timer (5 workdays on cn-national), 1 = driven to `revisit` (SLA stopped, a 24h timer).
void BM_Engine_OpenInstanceMemory(benchmark::State& state) {
  if (!check_meter_install(state)) return;
  MeterProgram& m = meter();
  const auto kInstances = static_cast<InstanceId>(state.range(1));
  double bytes_per_instance = 0;
  for (auto _ : state) {
    VirtualClock clock(start_time());
    auto engine = std::make_unique<Engine>(m.program, clock);
    engine->use_calendars(m.calendars);
    const std::size_t before = mallinfo2().uordblks;
    for (InstanceId i = 0; i < kInstances; ++i) {
      InstanceId id = engine->start("meter_install", {m.apps[i % m.apps.size()]});
      if (state.range(0) != 0) {
        engine->complete(id, "accept");
        engine->complete(id, "survey", feasible());
        engine->complete(id, "install");
        engine->complete(id, "energize");
      }
    }
    const std::size_t after = mallinfo2().uordblks;
    bytes_per_instance = static_cast<double>(after - before) / static_cast<double>(kInstances);
    if (engine->status(kInstances).finished) state.SkipWithError("an open instance finished");
    state.PauseTiming();
    engine.reset();
    state.ResumeTiming();
  }
  state.counters["heap_bytes_per_instance"] = bytes_per_instance;
  state.counters["heap_MiB"] = bytes_per_instance * static_cast<double>(kInstances) / (1024.0 * 1024.0);
  state.SetItemsProcessed(state.iterations() * state.range(1));
}
BENCHMARK(BM_Engine_OpenInstanceMemory)
    ->ArgNames({"at_revisit", "instances"})
    ->Args({0, 100'000})
    ->Args({1, 100'000})
    ->Args({0, 1'000'000})  // issue 5: a million open instances with their SLA timers in at most 1 GiB
    ->Iterations(1)
    ->Unit(benchmark::kMillisecond);

// Recovery of N open instances from a SQLite file (issue 12: a million in under 10 s). The file is
// made once per N (instances started and left at `accept`, each with its `within` deadline and the
// install SLA's timers armed; group commits of 4,096, synchronous=NORMAL) and kept in the temporary
// directory between runs. Timed, on the wall clock: opening the store (its checks include
// `PRAGMA quick_check`), a new engine's recover() (which loads nothing up front), asking for the
// next timer, and firing the first one that is due (instance 1's `within 1 workday` deadline). Counters: the file's size and its open instances.
void BM_Engine_RecoverStored(benchmark::State& state) {
  if (!check_meter_install(state)) return;
  MeterProgram& m = meter();
  const auto n = static_cast<std::size_t>(state.range(0));
  const std::string path = (std::filesystem::temp_directory_path() / fmt::format("docket-bench-recover-{}.sqlite", n)).string();
  if (!std::filesystem::exists(path)) {
    const std::string building = path + ".building";
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(building + suffix);
    {
      SqliteStore store(building, SqliteStore::Sync::normal);
      VirtualClock clock(start_time());
      Engine engine(m.program, clock);
      engine.use_calendars(m.calendars);
      engine.use_store(store);
      for (std::size_t i = 0; i < n; i += 4096) {
        Engine::Batch batch(engine);
        for (std::size_t k = i; k < std::min(n, i + 4096); ++k) {
          clock.set(start_time() + std::chrono::seconds(k));  // one a second: timers due at distinct instants
          (void)engine.start("meter_install", {m.apps[k % m.apps.size()]});
        }
        batch.commit();
      }
    }
    std::filesystem::rename(building, path);
  }
  std::size_t open = 0;
  for (auto _ : state) {
    VirtualClock clock(start_time());
    SqliteStore store(path, SqliteStore::Sync::full);
    Engine engine(m.program, clock);
    engine.use_calendars(m.calendars);
    engine.use_store(store);
    open = engine.recover();
    const std::optional<Instant> first = engine.next_timer();
    if (!first) {
      state.SkipWithError("no timer is armed in the recovered store");
      break;
    }
    clock.set(*first);
    engine.fire_due_timers();  // each repetition fires the next instance's deadline: the same work
  }
  state.counters["open_instances"] = static_cast<double>(open);
  state.counters["file_MiB"] = static_cast<double>(std::filesystem::file_size(path)) / (1024.0 * 1024.0);
}
BENCHMARK(BM_Engine_RecoverStored)
    ->ArgName("instances")
    ->Arg(100'000)
    ->Arg(1'000'000)
    ->Iterations(1)
    ->Repetitions(3)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace docket::bench
