// The simulator on a small workflow with a clock-time SLA: exact verdicts, pauses, determinism, what-if.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "compile_helper.hpp"
#include "docket/core/clock.hpp"
#include "docket/core/json_value.hpp"
#include "docket/core/sim_report.hpp"
#include "docket/core/simulation.hpp"

namespace docket::sim {
namespace {

using std::chrono::hours;
using std::chrono::minutes;

std::string source(const std::string& target) {
  return R"(module m
enum Kind { normal, urgent }
record Ticket { id : text  kind : Kind }
decision tier(t: Ticket) -> text {
  hit first
  rule when t.kind == urgent then "gold"
  otherwise "standard"
}
decision limit(t: Ticket) -> duration {
  hit first
  rule when t.kind == urgent then 2h
  otherwise 4h
}
workflow w(t: Ticket) {
  sla reply {
    target )" + target + R"(
    from start until done
    pause while waiting
    warn at 50% -> notify role "lead"
    breach -> escalate level 1 to role "manager"
  }
  step accept
  wait waiting
  step reply outcome ok: bool
  end done, redo
  flow {
    start -> accept -> reply
    reply -> done when reply.ok
    reply -> redo otherwise
    accept -> waiting on customer_away
    waiting -> accept on customer_back
  }
}
)";
}

std::shared_ptr<const Program> program_with(const std::string& target) {
  testing::Compiled c = testing::compile_text(source(target));
  EXPECT_TRUE(c.module.has_value()) << c.text();
  static FunctionRegistry functions;
  Diagnostics diagnostics;
  auto program = Program::lower(std::move(*c.module), functions, diagnostics);
  EXPECT_NE(program, nullptr);
  return program;
}

Instant utc(const char* text) {
  Instant t;
  std::string error;
  EXPECT_TRUE(parse_instant(text, "Z", t, error)) << error;
  return t;
}

Distribution fixed(std::chrono::seconds s) { return {Distribution::Kind::fixed, static_cast<double>(s.count()), 0}; }

// 10 tickets a day for `days` days (09:00-17:00 UTC); accept 1h, reply `reply`, always ok.
Profile profile_for(const Program& program, std::chrono::seconds reply, int days = 1) {
  Profile p;
  for (int d = 0; d < days; ++d) p.days.push_back(utc("2025-09-01T00:00") + hours(24 * d));
  p.seed = 42;
  WorkflowPlan& w = p.workflows.emplace_back();
  w.workflow = "w";
  w.tickets_per_day = 10;
  w.window_from = hours(9);
  w.window_to = hours(17);
  const Type ticket = program.module().workflows[0].params[0].type;
  w.inputs.push_back({3, {value_from_json(R"({"id": "T", "kind": "normal"})", ticket, "t")}});
  w.inputs.push_back({1, {value_from_json(R"({"id": "T", "kind": "urgent"})", ticket, "t")}});
  w.segment = SegmentRule{"tier", {"t"}};
  w.steps.push_back({"accept", fixed(hours(1)), {}, {}});
  w.steps.push_back({"reply", fixed(reply), {{1, {{"ok", Value(true)}}}}, {}});
  return p;
}

TEST(Simulate, FixedDurationsGiveExactVerdicts) {
  auto program = program_with("4h");
  Result met = simulate(program, nullptr, profile_for(*program, hours(2)));
  ASSERT_EQ(met.tickets.size(), 10u);
  for (const TicketResult& t : met.tickets) {
    EXPECT_TRUE(t.finished) << t.label;
    ASSERT_EQ(t.slas.size(), 1u);
    EXPECT_EQ(t.slas[0].phase, SlaPhase::stopped);
    EXPECT_FALSE(t.slas[0].breached);
    EXPECT_EQ(t.slas[0].elapsed, hours(3));
    EXPECT_EQ(t.slas[0].warnings, 1);  // 50% = 2h, before the reply at 3h
    EXPECT_EQ(t.ended, t.started + hours(3));
  }
  Report r = summarize(*program, met);
  EXPECT_EQ(r.total.tickets, 10u);
  EXPECT_EQ(r.total.met, 10u);
  EXPECT_DOUBLE_EQ(r.total.on_time(), 1.0);
  EXPECT_DOUBLE_EQ(r.total.counted.p95, 3 * 3600.0);

  Result late = simulate(program, nullptr, profile_for(*program, hours(3) + minutes(30)));
  Report lr = summarize(*program, late);
  EXPECT_EQ(lr.total.breached, 10u);
  EXPECT_EQ(lr.total.escalated, 10u);  // the breach escalates to level 1 at exactly 4h
  EXPECT_DOUBLE_EQ(lr.total.on_time(), 0.0);
  EXPECT_EQ(late.tickets[0].slas[0].level, 1);
}

TEST(Simulate, AnUpdateReTargetsTheRunningSlaKeepingItsElapsedTime) {
  auto program = program_with("limit(t)");
  Profile p = profile_for(*program, hours(2));
  p.workflows[0].inputs.resize(1);  // all normal: 4h, and replies after 3h are met
  EXPECT_EQ(summarize(*program, simulate(program, nullptr, p)).total.met, 10u);
  // Upgraded to urgent half an hour in: the target becomes 2h, counted from the start, so a reply
  // at 3h is late, and the breach fires at exactly 2h.
  const Type ticket = program->module().workflows[0].params[0].type;
  Value urgent = value_from_json(R"({"id": "T", "kind": "urgent"})", ticket, "t").as_record().fields[1];
  p.workflows[0].updates.push_back({{"t", "kind"}, urgent, 1.0, fixed(minutes(30))});
  Result r = simulate(program, nullptr, p);
  Report report = summarize(*program, r);
  EXPECT_EQ(report.total.breached, 10u);
  EXPECT_EQ(r.tickets[0].slas[0].elapsed, hours(3));
  EXPECT_EQ(r.host_ops, 10u * 4u);  // start, update, accept, reply
}

TEST(Simulate, SegmentsComeFromTheDecisionOnTheArguments) {
  auto program = program_with("4h");
  Report r = summarize(*program, simulate(program, nullptr, profile_for(*program, hours(2), 30)));
  ASSERT_EQ(r.segments.size(), 2u);
  EXPECT_EQ(r.segments[0].key, "gold");
  EXPECT_EQ(r.segments[1].key, "standard");
  EXPECT_EQ(r.segments[0].tickets + r.segments[1].tickets, 300u);
  EXPECT_NEAR(static_cast<double>(r.segments[0].tickets), 75, 25);  // weights 1 : 3
}

TEST(Simulate, PausesAreNotCountedAndTheStepIsDoneAgain) {
  auto program = program_with("4h");
  Profile p = profile_for(*program, hours(2));
  // Half an hour into `accept` the customer goes away for 10 hours; accept then takes 1h again.
  p.workflows[0].steps[0].events.push_back({"customer_away", 1.0, fixed(minutes(30)), "customer_back", fixed(hours(10))});
  Result r = simulate(program, nullptr, p);
  for (const TicketResult& t : r.tickets) {
    ASSERT_TRUE(t.finished) << t.label;
    EXPECT_EQ(t.slas[0].elapsed, minutes(30) + hours(3));
    EXPECT_FALSE(t.slas[0].breached);
    EXPECT_EQ(t.ended, t.started + minutes(30) + hours(10) + hours(3));
  }
  EXPECT_EQ(r.skipped_ops, 0u);
}

TEST(Simulate, TheSameSeedGivesTheSameResultAndAnotherSeedOthers) {
  auto program = program_with("4h");
  Profile p = profile_for(*program, hours(2), 3);
  p.workflows[0].arrivals = Arrivals::poisson;
  p.workflows[0].steps[1].duration = {Distribution::Kind::lognormal, 3600, 5 * 3600};
  p.workflows[0].steps[1].outcomes = {{9, {{"ok", Value(true)}}}, {1, {{"ok", Value(false)}}}};
  Result a = simulate(program, nullptr, p);
  Result b = simulate(program, nullptr, p);
  ASSERT_EQ(a.tickets.size(), b.tickets.size());
  for (std::size_t i = 0; i < a.tickets.size(); ++i) {
    EXPECT_EQ(a.tickets[i].label, b.tickets[i].label);
    EXPECT_EQ(a.tickets[i].started, b.tickets[i].started);
    EXPECT_EQ(a.tickets[i].ended, b.tickets[i].ended);
    EXPECT_EQ(a.tickets[i].slas[0].elapsed, b.tickets[i].slas[0].elapsed);
  }
  p.seed = 43;
  Result c = simulate(program, nullptr, p);
  bool differs = c.tickets.size() != a.tickets.size();
  for (std::size_t i = 0; !differs && i < a.tickets.size(); ++i) differs = a.tickets[i].started != c.tickets[i].started;
  EXPECT_TRUE(differs);
}

TEST(Simulate, WhatIfRunsTheSameTicketsUnderAShorterTarget) {
  auto base = program_with("4h");
  auto shorter = program_with("150min");
  Profile p = profile_for(*base, hours(2), 5);
  p.workflows[0].steps[1].duration = {Distribution::Kind::uniform, 3600, 3 * 3600};  // replies 2h..4h in
  Result a = simulate(base, nullptr, p);
  Profile q = profile_for(*shorter, hours(2), 5);
  q.workflows[0].steps[1].duration = p.workflows[0].steps[1].duration;
  Result w = simulate(shorter, nullptr, q);
  ASSERT_EQ(a.tickets.size(), w.tickets.size());
  for (std::size_t i = 0; i < a.tickets.size(); ++i) {
    EXPECT_EQ(a.tickets[i].started, w.tickets[i].started);  // same arrivals
    EXPECT_EQ(a.tickets[i].ended, w.tickets[i].ended);      // same durations: the SLA does not change the flow
  }
  Comparison c = compare(*base, a, *shorter, w);
  EXPECT_EQ(c.base.total.breached, 0u);
  EXPECT_GT(c.what_if.total.breached, 0u);
  EXPECT_EQ(c.met_to_breached, c.what_if.total.breached);
  EXPECT_EQ(c.breached_to_met, 0u);
}

TEST(Replay, RecordedOperationsPlayAtTheirTimesAndStrayOnesAreSkipped) {
  auto program = program_with("4h");
  const Type ticket = program->module().workflows[0].params[0].type;
  Recording rec;
  rec.tickets = {"A", "B"};
  rec.segments["w"] = SegmentRule{"", {"t", "kind"}};
  auto op = [&](const char* at, OpKind kind, std::uint32_t t, const char* name) {
    HostOp o;
    o.at = utc(at);
    o.kind = kind;
    o.ticket = t;
    o.name = name;
    if (kind == OpKind::start) o.args = {value_from_json(R"({"id": "T", "kind": "urgent"})", ticket, "t")};
    if (kind == OpKind::complete && std::string(name) == "reply") o.outcomes = {{"ok", Value(true)}};
    rec.ops.push_back(o);
  };
  op("2025-09-01T09:00", OpKind::start, 0, "w");
  op("2025-09-01T09:10", OpKind::start, 1, "w");
  op("2025-09-01T09:30", OpKind::signal, 0, "customer_away");
  op("2025-09-01T12:30", OpKind::signal, 0, "customer_back");
  op("2025-09-01T13:00", OpKind::complete, 0, "accept");
  op("2025-09-01T14:00", OpKind::complete, 0, "reply");
  op("2025-09-01T14:10", OpKind::complete, 1, "reply");  // B is still at accept: skipped
  op("2025-09-01T14:20", OpKind::complete, 1, "accept");
  Result r = replay(program, nullptr, rec);
  EXPECT_EQ(r.host_ops, 7u);
  EXPECT_EQ(r.skipped_ops, 1u);
  EXPECT_EQ(r.tickets[0].slas[0].elapsed, hours(2));  // 09:00-09:30 and 12:30-14:00
  EXPECT_FALSE(r.tickets[0].slas[0].breached);
  EXPECT_TRUE(r.tickets[0].finished);
  EXPECT_EQ(r.tickets[0].segment, "urgent");
  // B never replied: its clock is still running at 14:20, 5h10 after the start, so it breached at 13:10.
  EXPECT_TRUE(r.tickets[1].slas[0].breached);
  EXPECT_EQ(r.tickets[1].slas[0].phase, SlaPhase::running);
  Report report = summarize(*program, r);
  EXPECT_EQ(report.total.met, 1u);
  EXPECT_EQ(report.total.breached, 1u);
}

TEST(Simulate, ALoopTheOutcomesNeverLeaveStopsAndLeavesTheTicketOpen) {
  testing::Compiled c = testing::compile_text(R"(module m
workflow loop(n: int) {
  step a
  step b outcome again: bool
  end done
  flow {
    start -> a -> b
    b -> a when b.again
    b -> done otherwise
  }
}
)");
  ASSERT_TRUE(c.module.has_value()) << c.text();
  static FunctionRegistry functions;
  Diagnostics diagnostics;
  std::shared_ptr<const Program> program = Program::lower(std::move(*c.module), functions, diagnostics);
  ASSERT_NE(program, nullptr);
  Profile p;
  p.days = {utc("2025-09-01T00:00")};
  WorkflowPlan& w = p.workflows.emplace_back();
  w.workflow = "loop";
  w.tickets_per_day = 1;
  w.inputs.push_back({1, {Value(std::int64_t{1})}});
  w.steps.push_back({"b", fixed(minutes(1)), {{1, {{"again", Value(true)}}}}, {}});
  Result r = simulate(program, nullptr, p);
  ASSERT_EQ(r.tickets.size(), 1u);
  EXPECT_FALSE(r.tickets[0].finished);
  EXPECT_EQ(r.host_ops, 1u + 2u * 1000u);  // the start, then a and b completed 1,000 times each
}

TEST(Simulate, AProfileThatDoesNotFitTheProgramIsRefusedByName) {
  auto program = program_with("4h");
  Profile p = profile_for(*program, hours(2));
  p.workflows[0].steps.push_back({"nosuch", fixed(hours(1)), {}, {}});
  try {
    (void)simulate(program, nullptr, p);
    FAIL() << "expected a SimError";
  } catch (const SimError& e) {
    EXPECT_NE(std::string(e.what()).find("step `nosuch`"), std::string::npos) << e.what();
  }
  Profile q = profile_for(*program, hours(2));
  q.workflows[0].segment = SegmentRule{"tier", {"t", "kind"}};
  EXPECT_THROW(check_segment_rule(*program, "w", q.workflows[0].segment), SimError);  // tier takes a Ticket
  EXPECT_THROW(check_segment_rule(*program, "w", SegmentRule{"", {"t", "colour"}}), SimError);
}

}  // namespace
}  // namespace docket::sim
