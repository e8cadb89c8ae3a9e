// Engine runs: start, assignees, completion with outcomes, when/otherwise and event routing, ends.
#include <gtest/gtest.h>

#include "docket/core/calendar_spec.hpp"
#include "docket/core/extensions.hpp"
#include "meter_fixture.hpp"

namespace docket {
namespace {

using namespace docket::test;

std::vector<std::string> kinds_and_nodes(const std::vector<TraceEntry>& traces) {
  static const char* names[] = {"started", "entered", "completed", "event", "took",
                                "deadline_missed", "action", "ended", "failed", "sla", "warned", "breached", "escalated"};
  std::vector<std::string> out;
  for (const TraceEntry& t : traces) out.push_back(std::string(names[static_cast<int>(t.kind)]) + " " + t.node);
  return out;
}

TEST_F(MeterEngineTest, StartFollowsTheStartEdgeToTheFirstStep) {
  InstanceId id = start();
  EXPECT_EQ(id, 1U);
  InstanceStatus s = engine->status(id);
  EXPECT_EQ(s.workflow, "meter_install");
  EXPECT_EQ(s.active, std::vector<std::string>{"accept"});
  EXPECT_FALSE(s.finished);
  EXPECT_TRUE(s.error.empty());
  EXPECT_EQ(kinds_and_nodes(traces), (std::vector<std::string>{"started start", "took start", "entered accept"}));
  EXPECT_EQ(traces[1].full_detail(), "start -> accept (always)");
  EXPECT_EQ(traces[0].at, at(26, 9));
  EXPECT_EQ(traces[0].instance, id);
}

TEST_F(MeterEngineTest, BusinessDeadlinesSayPlainlyThatNoTimerIsSet) {
  start();
  EXPECT_EQ(traces.back().full_detail(),
            "role counter; within 1 workday on calendar cn-workdays "
            "(no calendar `cn-workdays` is loaded: no timer set)");
  EXPECT_FALSE(engine->next_timer().has_value());
}

TEST_F(MeterEngineTest, BusinessDeadlinesRunOnTheWorkflowsCalendar) {
  // cn-workdays: Mon-Fri 08:30-12:00 and 14:00-17:30 in Shanghai; Sunday 2025-09-28 is worked.
  CalendarSpec spec;
  spec.name = "cn-workdays";
  spec.time_zone = "Asia/Shanghai";
  for (std::size_t i = 0; i < 5; ++i) spec.weekly[i] = {{510, 720}, {840, 1050}};
  spec.workdays = {{2025, 9, 28}};
  std::string error;
  auto provider = make_calendar(spec, error);
  ASSERT_TRUE(provider.has_value()) << error;
  CalendarRegistry calendars;
  calendars.add(*provider);
  engine->use_calendars(calendars);
  start();  // Friday 2025-09-26 09:00 UTC (17:00 in Shanghai): `accept` within 1 workday
  EXPECT_EQ(traces.back().full_detail(), "role counter; within 1 workday on calendar cn-workdays");
  Instant due;
  ASSERT_TRUE(parse_instant("2025-09-28T17:30", "Asia/Shanghai", due, error)) << error;  // the make-up Sunday
  EXPECT_EQ(traces.back().due, std::optional<Instant>(due));
  EXPECT_EQ(engine->next_timer(), std::optional<Instant>(due));
}

TEST_F(MeterEngineTest, RoleIsEvaluatedThroughDecisionAndPluginFunction) {
  InstanceId east = start_at_survey("88 Pudong Ave");
  EXPECT_EQ(traces.back().node, "survey");
  EXPECT_EQ(traces.back().full_detail(), "role field_crew_east; survey_team = \"field_crew_east\" by rule 1 on app.address = \"88 Pudong Ave\"; within 2d");
  ASSERT_TRUE(traces.back().due.has_value());
  EXPECT_EQ(*traces.back().due, at(28, 9));
  engine->start("meter_install", {application("A2", "Jing'an", true)});
  engine->complete(2, "accept");
  EXPECT_EQ(traces.back().full_detail(), "role field_crew_remote; survey_team = \"field_crew_remote\" by rule 2 on app.address = \"Jing'an\", app.remote = true; within 2d");
  EXPECT_EQ(traces.back().due, std::optional<Instant>(at(28, 9)));
  EXPECT_EQ(engine->status(east).active, std::vector<std::string>{"survey"});
}

TEST_F(MeterEngineTest, FeasibleSurveyGoesToInstallAndEmitsTheAction) {
  InstanceId id = start_at_survey();
  clock.set(at(26, 14));
  engine->complete(id, "survey", {{"feasible", true}, {"distance_km", 12.5}});
  EXPECT_EQ(engine->status(id).active, std::vector<std::string>{"install"});
  const auto completed = traces_of(TraceKind::completed, id);
  ASSERT_EQ(completed.size(), 2U);
  EXPECT_EQ(completed[1]->detail, "feasible = true, distance_km = 12.5");
  const auto took = traces_of(TraceKind::took, id);
  EXPECT_EQ(took.back()->detail, "survey -> install (guard held)");
  ASSERT_EQ(actions.size(), 1U);
  EXPECT_EQ(actions[0].name, "site.schedule_meter");
  EXPECT_EQ(actions[0].args, std::vector<Value>{Value("A1")});
  EXPECT_EQ(actions[0].idempotency_key, "1:install:1");
  EXPECT_EQ(actions[0].instance, id);
  EXPECT_EQ(actions[0].at, at(26, 14));
  EXPECT_EQ(traces.back().kind, TraceKind::action);
  EXPECT_EQ(traces.back().full_detail(), "site.schedule_meter(\"A1\") key 1:install:1");
}

TEST_F(MeterEngineTest, IntOutcomeIsAcceptedForANumberOutcome) {
  InstanceId id = start_at_survey();
  engine->complete(id, "survey", {{"feasible", true}, {"distance_km", std::int64_t{3}}});
  EXPECT_EQ(engine->status(id).active, std::vector<std::string>{"install"});
}

TEST_F(MeterEngineTest, InfeasibleSurveyTakesOtherwiseToRejected) {
  InstanceId id = start_at_survey();
  engine->complete(id, "survey", {{"feasible", false}, {"distance_km", 80.0}});
  InstanceStatus s = engine->status(id);
  EXPECT_TRUE(s.finished);
  EXPECT_EQ(s.end, "rejected");
  EXPECT_TRUE(s.active.empty());
  EXPECT_EQ(traces_of(TraceKind::took, id).back()->detail, "survey -> rejected (otherwise)");
  EXPECT_EQ(traces.back().kind, TraceKind::ended);
  EXPECT_EQ(traces.back().node, "rejected");
  EXPECT_TRUE(actions.empty());
}

TEST_F(MeterEngineTest, RunsToTheEnd) {
  InstanceId id = start_at_survey();
  engine->complete(id, "survey", {{"feasible", true}, {"distance_km", 1.0}});
  engine->complete(id, "install");
  engine->complete(id, "energize");
  EXPECT_EQ(engine->status(id).active, std::vector<std::string>{"revisit"});
  engine->complete(id, "revisit");
  InstanceStatus s = engine->status(id);
  EXPECT_TRUE(s.finished);
  EXPECT_EQ(s.end, "done");
  EXPECT_EQ(traces_of(TraceKind::ended, id).size(), 1U);
  EXPECT_FALSE(engine->next_timer().has_value());  // revisit's 24h timer went with it
}

TEST_F(MeterEngineTest, EventsRouteFromAStepAndFromAWait) {
  InstanceId id = start_at_survey();
  engine->signal(id, "customer_pending");
  EXPECT_EQ(engine->status(id).active, std::vector<std::string>{"waiting_customer"});
  EXPECT_EQ(traces_of(TraceKind::event, id).back()->node, "survey");
  EXPECT_EQ(traces_of(TraceKind::event, id).back()->detail, "customer_pending");
  EXPECT_EQ(traces_of(TraceKind::took, id).back()->detail, "survey -> waiting_customer (on event customer_pending)");
  EXPECT_EQ(traces.back().full_detail(), "waits for customer_ready");

  engine->signal(id, "customer_ready");
  EXPECT_EQ(engine->status(id).active, std::vector<std::string>{"survey"});
  engine->complete(id, "survey", {{"feasible", true}, {"distance_km", 2.0}});
  EXPECT_EQ(engine->status(id).active, std::vector<std::string>{"install"});
}

TEST_F(MeterEngineTest, IdempotencyKeysArePerInstance) {
  InstanceId first = start_at_survey();
  InstanceId second = start_at_survey();
  engine->complete(second, "survey", {{"feasible", true}, {"distance_km", 2.0}});
  engine->complete(first, "survey", {{"feasible", true}, {"distance_km", 2.0}});
  ASSERT_EQ(actions.size(), 2U);
  EXPECT_EQ(actions[0].idempotency_key, "2:install:1");
  EXPECT_EQ(actions[1].idempotency_key, "1:install:1");
}

TEST_F(MeterEngineTest, OutcomesOfALaterVisitReplaceEarlierOnes) {
  InstanceId id = start_at_survey();
  engine->signal(id, "customer_pending");
  engine->signal(id, "customer_ready");  // survey again, second visit
  engine->complete(id, "survey", {{"feasible", false}, {"distance_km", 2.0}});
  EXPECT_EQ(engine->status(id).end, "rejected");
  EXPECT_EQ(traces_of(TraceKind::entered, id).size(), 4U);  // accept, survey, waiting_customer, survey
}

TEST_F(MeterEngineTest, FunctionErrorFailsOnlyThatInstance) {
  InstanceId healthy = start_at_survey();
  InstanceId broken = start("A9", "?");
  engine->complete(broken, "accept");  // entering survey evaluates site.district("?")
  InstanceStatus s = engine->status(broken);
  EXPECT_FALSE(s.finished);
  EXPECT_TRUE(s.active.empty());
  EXPECT_EQ(s.error, "function `site.district` failed: the address \"?\" is not in the district map");
  EXPECT_EQ(traces.back().kind, TraceKind::failed);
  EXPECT_EQ(traces.back().node, "survey");
  EXPECT_EQ(traces.back().instance, broken);

  engine->complete(healthy, "survey", {{"feasible", true}, {"distance_km", 2.0}});
  EXPECT_EQ(engine->status(healthy).active, std::vector<std::string>{"install"});
  EXPECT_NE(engine_error([&] { engine->complete(broken, "survey", {}); }).find("has failed"), std::string::npos);
}

// A workflow whose guard divides by an outcome: `a -> big when 100 / a.n > 10`, `a -> small otherwise`.
TEST(EngineGuardTest, DivisionByZeroInAGuardFailsTheInstance) {
  WorkflowBuilder b("ratio");
  std::uint32_t a = b.step("a");
  std::uint32_t big = b.end("big");
  std::uint32_t small = b.end("small");
  b.outcome(a, "n", Type::integer());
  b.edge(0, a);
  b.when(a, big,
         test_op(ir::BinaryOp::gt, binary(ir::BinaryOp::div, int_lit(100), outcome(a, 0, Type::integer()), Type::integer()),
                 int_lit(10)));
  b.otherwise(a, small);
  FunctionRegistry registry;
  auto program = lower_workflow(b.build(), registry);
  ASSERT_NE(program, nullptr);
  VirtualClock clock(at(1, 8));
  Engine engine(program, clock);
  InstanceId ok = engine.start("ratio", {});
  engine.complete(ok, "a", {{"n", std::int64_t{5}}});
  EXPECT_EQ(engine.status(ok).end, "big");
  InstanceId low = engine.start("ratio", {});
  engine.complete(low, "a", {{"n", std::int64_t{50}}});
  EXPECT_EQ(engine.status(low).end, "small");
  InstanceId zero = engine.start("ratio", {});
  engine.complete(zero, "a", {{"n", std::int64_t{0}}});
  EXPECT_FALSE(engine.status(zero).finished);
  EXPECT_EQ(engine.status(zero).error, "division by zero: 100 / 0");
}

TEST(EngineGuardTest, NoGuardHoldingAndNoOtherwiseFailsClearly) {
  WorkflowBuilder b("strict");
  std::uint32_t a = b.step("a");
  std::uint32_t end = b.end("end");
  b.outcome(a, "ok", Type::boolean());
  b.edge(0, a);
  b.when(a, end, outcome(a, 0, Type::boolean()));
  FunctionRegistry registry;
  auto program = lower_workflow(b.build(), registry);
  ASSERT_NE(program, nullptr);
  VirtualClock clock(at(1, 8));
  Engine engine(program, clock);
  std::vector<TraceEntry> traces;
  engine.on_trace([&](const TraceEntry& t) { traces.push_back(t); });
  InstanceId id = engine.start("strict", {});
  engine.complete(id, "a", {{"ok", false}});
  EXPECT_EQ(engine.status(id).error, "no way out of `a`: no `when` guard held and there is no `otherwise` edge");
  EXPECT_EQ(traces.back().kind, TraceKind::failed);
  EXPECT_EQ(traces.back().node, "a");
}

// `call` by action sms.send(phone) -> wait `w`; `w -> call on retry`; `w -> end on answered`.
TEST(EngineLoopTest, ActionKeysCountVisits) {
  WorkflowBuilder b("callback");
  b.param("phone", Type::text());
  std::uint32_t call = b.step("call");
  std::uint32_t w = b.wait("w");
  std::uint32_t end = b.end("end");
  b.action(call, "sms.send", param(0, Type::text()));
  b.edge(0, call);
  b.edge(call, w);
  b.on(w, call, "retry");
  b.on(w, end, "answered");
  FunctionRegistry registry;
  auto program = lower_workflow(b.build(), registry);
  ASSERT_NE(program, nullptr);
  VirtualClock clock(at(1, 8));
  Engine engine(program, clock);
  std::vector<Action> actions;
  engine.on_action([&](const Action& a) { actions.push_back(a); });
  InstanceId id = engine.start("callback", {Value("+86 138 0000 0000")});
  engine.complete(id, "call");
  engine.signal(id, "retry");
  engine.complete(id, "call");
  engine.signal(id, "answered");
  EXPECT_EQ(engine.status(id).end, "end");
  ASSERT_EQ(actions.size(), 2U);
  EXPECT_EQ(actions[0].idempotency_key, "1:call:1");
  EXPECT_EQ(actions[1].idempotency_key, "1:call:2");
  EXPECT_EQ(actions[1].args, std::vector<Value>{Value("+86 138 0000 0000")});
}

}  // namespace
}  // namespace docket
