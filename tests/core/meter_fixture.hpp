// Test fixture: the meter installation workflow of examples/95598, built by hand as checked IR.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "docket/core/engine.hpp"
#include "ir_builder.hpp"

namespace docket::test {

// Node indexes of meter_install.
enum MeterNode : std::uint32_t { start = 0, accept, survey, waiting_customer, install, energize, revisit, done, rejected };

// record Application { id: text, address: text, remote: bool }
// decision survey_team(app: Application) -> text {
//   rule when site.district(app.address) == "pudong" then "field_crew_east"
//   rule when app.remote then "field_crew_remote"
//   otherwise "field_crew" }
// workflow meter_install(app: Application) { calendar "cn-workdays"
//   step accept by role "counter" within 1 workday
//   step survey by role survey_team(app) within 48h, outcome feasible: bool, outcome distance_km: number
//   wait waiting_customer
//   step install by action site.schedule_meter(app.id)
//   step energize by role "field_crew"
//   step revisit by role "counter" within 24h
//   end done, rejected
//   flow { start -> accept -> survey; survey -> install when survey.feasible; survey -> rejected otherwise
//          survey -> waiting_customer on customer_pending; waiting_customer -> survey on customer_ready
//          install -> energize -> revisit -> done } }
inline ir::Module meter_module() {
  ir::Module m;
  m.name = "cs95598";
  RecordDef& app = m.records.emplace_back();
  app.name = "Application";
  app.fields = {{"id", Type::text(), {}}, {"address", Type::text(), {}}, {"remote", Type::boolean(), Value(false)}};
  const Type app_type(&app);

  ir::Decision& team = m.decisions.emplace_back();
  team.name = "survey_team";
  team.params = {{"app", app_type, {}}};
  team.result = Type::text();
  ir::Rule east;
  east.condition = test_op(ir::BinaryOp::eq,
                           call_function("site.district", Type::text(), field(param(0, app_type), "address")),
                           text_lit("pudong"));
  east.result = text_lit("field_crew_east");
  team.rules.push_back(std::move(east));
  ir::Rule remote;
  remote.condition = field(param(0, app_type), "remote");
  remote.result = text_lit("field_crew_remote");
  team.rules.push_back(std::move(remote));
  team.otherwise = text_lit("field_crew");

  WorkflowBuilder b("meter_install");
  b.param("app", app_type).calendar("cn-workdays");
  b.step("accept");
  b.step("survey");
  b.wait("waiting_customer");
  b.step("install");
  b.step("energize");
  b.step("revisit");
  b.end("done");
  b.end("rejected");
  b.role(accept, text_lit("counter"));
  b.within(accept, Duration{1, DurationUnit::workdays});
  b.role(survey, call_decision(0, Type::text(), param(0, app_type)));
  b.within(survey, Duration{48 * 3600, DurationUnit::seconds});
  b.outcome(survey, "feasible", Type::boolean());
  b.outcome(survey, "distance_km", Type::number());
  b.action(install, "site.schedule_meter", field(param(0, app_type), "id"));
  b.role(energize, text_lit("field_crew"));
  b.role(revisit, text_lit("counter"));
  b.within(revisit, Duration{24 * 3600, DurationUnit::seconds});
  b.edge(start, accept);
  b.edge(accept, survey);
  b.when(survey, install, outcome(survey, 0, Type::boolean()));
  b.otherwise(survey, rejected);
  b.on(survey, waiting_customer, "customer_pending");
  b.on(waiting_customer, survey, "customer_ready");
  b.edge(install, energize);
  b.edge(energize, revisit);
  b.edge(revisit, done);
  m.workflows.push_back(b.build());
  return m;
}

// site.district: "pudong" for addresses in Pudong, "other" elsewhere; a FunctionError for "?".
inline void register_site_functions(FunctionRegistry& registry) {
  registry.add({"site.district", {Type::text()}, Type::text(), "test plugin"}, [](std::span<const Value> args) -> Value {
    const std::string& address = args[0].as_text();
    if (address == "?") throw FunctionError("the address \"?\" is not in the district map");
    return std::string(address.find("Pudong") != std::string::npos ? "pudong" : "other");
  });
}

inline Instant at(int day, int hour, int minute = 0) {
  using namespace std::chrono;
  return Instant{sys_days{year{2025} / September / day} + hours{hour} + minutes{minute}};
}

// An engine over meter_install with a virtual clock, recording traces and actions.
class MeterEngineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    register_site_functions(registry);
    program = lower_or_fail(meter_module(), registry);
    ASSERT_NE(program, nullptr);
    engine = std::make_unique<Engine>(program, clock);
    engine->on_trace([this](const TraceEntry& t) { traces.push_back(t); });
    engine->on_action([this](const Action& a) { actions.push_back(a); });
  }

  Value application(std::string id, std::string address, bool remote = false) const {
    const RecordDef* def = program->module().find_record("Application");
    auto r = std::make_shared<RecordValue>(RecordValue{def, {Value(std::move(id)), Value(std::move(address)), Value(remote)}});
    return Value(Value::Record(std::move(r)));
  }
  InstanceId start(std::string id = "A1", std::string address = "Jing'an", bool remote = false) {
    return engine->start("meter_install", {application(std::move(id), std::move(address), remote)});
  }
  // Drives an instance to `survey`.
  InstanceId start_at_survey(std::string address = "Jing'an") {
    InstanceId id = start("A1", std::move(address));
    engine->complete(id, "accept");
    return id;
  }
  std::vector<const TraceEntry*> traces_of(TraceKind kind, InstanceId id = 0) const {
    std::vector<const TraceEntry*> out;
    for (const TraceEntry& t : traces) {
      if (t.kind == kind && (id == 0 || t.instance == id)) out.push_back(&t);
    }
    return out;
  }
  std::string engine_error(const std::function<void()>& misuse) const {
    try {
      misuse();
    } catch (const EngineError& e) {
      return e.what();
    }
    ADD_FAILURE() << "expected an EngineError";
    return {};
  }

  FunctionRegistry registry;
  std::shared_ptr<const Program> program;
  VirtualClock clock{at(26, 9)};
  std::unique_ptr<Engine> engine;
  std::vector<TraceEntry> traces;
  std::vector<Action> actions;
};

}  // namespace docket::test
