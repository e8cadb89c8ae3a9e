// A host built out of tree against docket's public API: the 95598 meter installation on the SQLite store.
//
// meter_host EXAMPLES_DIR PLUGIN_DIR STORE_FILE: compiles examples/95598 (customers.dkt, meter_install.dkt)
// with the site_district and site_schedule_meter plugins from PLUGIN_DIR, runs ticket A1 through every
// step on a virtual clock with the cn-national calendar, and prints its end, SLA and audit trail size.
#include <docket/core/calendar_spec.hpp>
#include <docket/core/clock.hpp>
#include <docket/core/engine.hpp>
#include <docket/core/extensions.hpp>
#include <docket/core/json_value.hpp>
#include <docket/core/plugin_host.hpp>
#include <docket/core/program.hpp>
#include <docket/core/sqlite_store.hpp>
#include <docket/dsl/compile.hpp>

#include <cstdio>
#include <filesystem>
#include <iostream>
#include <stdexcept>
#include <string>

namespace {

using namespace docket;

[[noreturn]] void fail(const std::string& what) { throw std::runtime_error(what); }

[[noreturn]] void fail(const std::string& what, const Diagnostics& diagnostics) {
  std::string text = what;
  for (const Diagnostic& d : diagnostics.all()) text += "\n  " + d.code + ": " + d.message;
  fail(text);
}

Instant shanghai(const std::string& text) {
  Instant t;
  std::string error;
  if (!parse_instant(text, "Asia/Shanghai", t, error)) fail(error);
  return t;
}

// examples/calendars/cn.toml's cn-national, 2025 only (the TOML reader is the CLI's, not the library's).
CalendarSpec cn_national() {
  CalendarSpec spec;
  spec.name = "cn-national";
  spec.time_zone = "Asia/Shanghai";
  for (int day = 0; day < 5; ++day) spec.weekly[static_cast<std::size_t>(day)] = {{510, 720}, {840, 1050}};
  spec.holidays = {{{2025, 10, 1}, {2025, 10, 8}}};
  spec.workdays = {{2025, 9, 28}, {2025, 10, 11}};
  return spec;
}

}  // namespace

int main(int argc, char** argv) try {
  if (argc != 4) fail("usage: meter_host EXAMPLES_DIR PLUGIN_DIR STORE_FILE");
  const std::filesystem::path examples = argv[1];
  const std::filesystem::path plugins = argv[2];
  const std::string store_file = argv[3];
  std::filesystem::remove(store_file);

  FunctionRegistry functions;
  CalendarRegistry calendars;
  std::string error;
  for (const char* name : {"site_district", "site_schedule_meter"}) {
    PluginRequest request;
    request.path = (plugins / (std::string(name) + ".so")).string();
    request.allowed_directories = {plugins};
    if (!load_plugin(request, PluginTargets{&functions, &calendars, nullptr}, error)) fail(error);
  }
  std::optional<CalendarProvider> calendar = make_calendar(cn_national(), error);
  if (!calendar) fail(error);
  calendars.add(std::move(*calendar));

  SourceSet sources;
  ProgramSource source;
  for (const char* file : {"customers.dkt", "meter_install.dkt"}) {
    const std::uint32_t id = sources.add_file((examples / file).string(), error);
    if (id == 0) fail(error);
    source.files.push_back({file, sources.file(id).text()});
  }
  Diagnostics diagnostics;
  std::optional<ir::Module> module = dsl::compile(sources, functions, diagnostics);
  if (!module) fail("the 95598 example does not compile:", diagnostics);
  std::shared_ptr<const Program> program = Program::lower(std::move(*module), functions, diagnostics, source);
  if (!program) fail("the 95598 example does not lower:", diagnostics);

  SqliteStore store(store_file);
  VirtualClock clock(shanghai("2025-09-26T09:00"));
  Engine engine(program, clock);
  engine.use_calendars(calendars);
  engine.use_store(store);

  const Type app_type = program->module().find_workflow("meter_install")->params.at(0).type;
  const Value app = value_from_json(R"({"id": "A1", "address": "上海市浦东新区张杨路 500 号",
    "customer": {"id": "C-1001", "voltage_kv": 0.38, "tariff": "commercial", "dual_source": false,
                 "important": false, "load_level": 3, "contract_kva": 80, "area": "urban"}})",
                                    app_type, "app");
  const InstanceId id = engine.start("meter_install", {app}, "A1");
  // examples/95598/scenarios/meter_install_A1.jsonl: at a time, complete a step or signal an event.
  struct Event {
    const char* at;
    const char* complete;
    const char* signal;
  };
  for (const Event& e : {Event{"2025-09-26T10:30", "accept", nullptr}, Event{"2025-09-29T11:00", nullptr, "customer_pending"},
                         Event{"2025-09-30T09:15", nullptr, "customer_ready"}, Event{"2025-10-09T15:40", "survey", nullptr},
                         Event{"2025-10-10T10:00", "install", nullptr}, Event{"2025-10-10T14:30", "energize", nullptr},
                         Event{"2025-10-11T16:00", "revisit", nullptr}}) {
    advance_to(engine, clock, shanghai(e.at));
    if (e.signal != nullptr) {
      engine.signal(id, e.signal);
    } else if (std::string(e.complete) == "survey") {
      engine.complete(id, e.complete, {{"feasible", Value(true)}});
    } else {
      engine.complete(id, e.complete);
    }
  }

  const InstanceStatus status = engine.status(id);
  if (!status.finished || status.end != "done") fail("instance A1 did not end at `done`");
  std::size_t delivered = 0;
  for (const OutboxEntry& entry : engine.outbox(id)) {
    if (entry.action.name == "site.schedule_meter" && entry.state == DeliveryState::delivered) ++delivered;
  }
  if (delivered != 1) fail("site.schedule_meter was not delivered to its plugin once");
  const std::vector<SlaStatus> slas = engine.slas(id);
  const std::size_t trail = engine.audit(id).size();
  std::cout << "A1 ended at " << status.end << "; site.schedule_meter delivered; SLA " << slas.at(0).name << ' '
            << (slas.at(0).breached ? "breached" : "met") << "; " << trail << " audit entries in " << store_file << '\n';
  return 0;
} catch (const std::exception& e) {
  std::cerr << "meter_host: " << e.what() << '\n';
  return 1;
}
