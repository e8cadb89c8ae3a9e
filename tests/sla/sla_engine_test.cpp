// SLA clocks in the engine: due times on a business calendar, pauses, warnings, breach, the ladder,
// cancel, reset, re-targeting, and actions sent exactly once at exactly their time.
#include <gtest/gtest.h>

#include <algorithm>

#include "sla_fixture.hpp"

namespace docket {
namespace {

using namespace docket::test;

// One SLA with every kind of line. 2025-09-22 is a Monday; the calendar works 08:30-12:00 and
// 14:00-17:30 (7 hours a day).
const std::string kWorkflow = std::string(kTicket) + R"(
workflow w(t: Ticket) {
  calendar "cn"
  sla reply {
    target reply_limit(t.kind)
    from start until reply
    pause while waiting
    cancel at withdrawn
    reset at reopened
    warn at 50% -> notify role "lead"
    warn at 2h before -> supervise role "supervisor"
    breach -> escalate level 1 to role "manager"
    breach after 4h -> escalate level 2 to role "director"
  }
  step accept
  wait waiting
  step reply
  step confirm outcome ok: bool
  step reopened
  end done, withdrawn
  flow {
    start -> accept -> reply -> confirm
    accept -> waiting on customer_away
    waiting -> accept on customer_back
    accept -> withdrawn on withdraw
    confirm -> done when confirm.ok
    confirm -> reopened otherwise
    reopened -> accept
  }
}
)";

class SlaEngineTest : public SlaTest {
 protected:
  void SetUp() override { load(kWorkflow); }
  std::vector<SlaEventKind> ledger_kinds(InstanceId id) const {
    std::vector<SlaEventKind> out;
    for (const SlaEvent& e : sla(id).ledger) out.push_back(e.kind);
    return out;
  }
};

TEST_F(SlaEngineTest, TwoWorkdaysFromMondayMidMorningFallDueWednesdayAtClosing) {
  InstanceId id = start("2025-09-22T10:00");
  SlaStatus s = sla(id);
  EXPECT_EQ(s.phase, SlaPhase::running);
  EXPECT_TRUE(s.business);
  EXPECT_EQ(s.target, (Duration{2, DurationUnit::workdays}));
  EXPECT_EQ(s.due, sh("2025-09-24T17:30"));
  EXPECT_EQ(s.budget, std::chrono::seconds{19 * 3600 + 1800});  // Mon 5.5h, Tue 7h, Wed 7h
  EXPECT_EQ(engine->next_timer(), sh("2025-09-23T14:45"));     // 50%: 9.75 working hours in
}

TEST_F(SlaEngineTest, WarningsBreachAndLadderFireExactlyOnceAtTheirTimes) {
  InstanceId id = start("2025-09-22T10:00");
  advance("2025-09-30T00:00");
  const auto warned = traces_of(TraceKind::warned);
  const auto breached = traces_of(TraceKind::breached);
  const auto escalated = traces_of(TraceKind::escalated);
  ASSERT_EQ(warned.size(), 2U);
  ASSERT_EQ(breached.size(), 1U);
  ASSERT_EQ(escalated.size(), 1U);
  EXPECT_EQ(warned[0]->at, sh("2025-09-23T14:45"));
  EXPECT_EQ(warned[1]->at, sh("2025-09-24T15:30"));  // 2h of clock time before 17:30
  EXPECT_EQ(breached[0]->at, sh("2025-09-24T17:30"));
  EXPECT_EQ(escalated[0]->at, sh("2025-09-24T21:30"));

  ASSERT_EQ(actions.size(), 4U);
  EXPECT_EQ(actions[0].name, "notify");
  EXPECT_EQ(actions[0].role, "lead");
  EXPECT_EQ(actions[0].sla, "reply");
  EXPECT_EQ(actions[0].idempotency_key, "1:sla:reply:warn1:0");
  EXPECT_EQ(actions[1].name, "supervise");
  EXPECT_EQ(actions[2].name, "escalate");
  EXPECT_EQ(actions[2].role, "manager");
  EXPECT_EQ(actions[2].level, 1);
  EXPECT_EQ(actions[2].at, sh("2025-09-24T17:30"));
  EXPECT_EQ(actions[3].role, "director");
  EXPECT_EQ(actions[3].level, 2);
  EXPECT_EQ(actions[3].idempotency_key, "1:sla:reply:breach2:0");

  SlaStatus s = sla(id);
  EXPECT_TRUE(s.breached);
  EXPECT_EQ(s.level, 2);
  EXPECT_EQ(engine->status(id).escalation_level, 2);
  EXPECT_FALSE(engine->next_timer().has_value());
}

TEST_F(SlaEngineTest, StoppedBeforeTheDueTimeIsMetWithBusinessAndClockDurations) {
  InstanceId id = start("2025-09-22T10:00");
  advance("2025-09-24T16:00");
  engine->complete(id, "accept");
  EXPECT_EQ(sla(id).phase, SlaPhase::running);  // the clock stops when `reply` is done, not begun
  advance("2025-09-24T17:00");
  engine->complete(id, "reply");
  SlaStatus s = sla(id);
  EXPECT_EQ(s.phase, SlaPhase::stopped);
  EXPECT_FALSE(s.breached);
  EXPECT_EQ(s.ended, sh("2025-09-24T17:00"));
  EXPECT_EQ(s.elapsed, std::chrono::seconds{19 * 3600});
  EXPECT_EQ(s.clock_elapsed, std::chrono::hours{55});
  EXPECT_FALSE(s.due.has_value());
  advance("2025-09-30T00:00");  // the breach and the ladder never come
  EXPECT_TRUE(traces_of(TraceKind::breached).empty());
  EXPECT_EQ(actions.size(), 2U);  // the two warnings, sent before the stop
}

TEST_F(SlaEngineTest, StoppedAtTheDueTimeItselfIsBreached) {
  InstanceId id = start("2025-09-22T10:00");
  engine->complete(id, "accept");
  at("2025-09-24T17:30");  // the host acts before the timers at 17:30 have fired
  engine->complete(id, "reply");
  EXPECT_TRUE(sla(id).breached);
  EXPECT_EQ(sla(id).phase, SlaPhase::stopped);
}

TEST_F(SlaEngineTest, APauseInWorkingTimeMovesTheDueTimeByTheWorkingTimePaused) {
  InstanceId id = start("2025-09-22T10:00");
  advance("2025-09-22T14:00");
  engine->signal(id, "customer_away");
  SlaStatus paused = sla(id);
  EXPECT_EQ(paused.phase, SlaPhase::paused);
  EXPECT_FALSE(paused.due.has_value());
  EXPECT_EQ(paused.elapsed, std::chrono::hours{2});
  EXPECT_FALSE(engine->next_timer().has_value());

  advance("2025-09-23T14:00");  // 7 working hours paused: one working day
  EXPECT_TRUE(traces_of(TraceKind::warned).empty());
  engine->signal(id, "customer_back");
  EXPECT_EQ(sla(id).due, sh("2025-09-25T17:30"));
  EXPECT_EQ(ledger_kinds(id), (std::vector<SlaEventKind>{SlaEventKind::started, SlaEventKind::paused, SlaEventKind::resumed}));
}

TEST_F(SlaEngineTest, APauseOutsideWorkingTimeLeavesTheDueTimeWhereItWas) {
  InstanceId id = start("2025-09-22T10:00");
  advance("2025-09-22T18:00");
  engine->signal(id, "customer_away");
  advance("2025-09-23T08:00");
  engine->signal(id, "customer_back");
  EXPECT_EQ(sla(id).due, sh("2025-09-24T17:30"));
  EXPECT_EQ(sla(id).clock_elapsed, std::chrono::hours{8});  // 10:00-18:00; the night paused is not counted
}

TEST_F(SlaEngineTest, CancelledClocksNeitherMeetNorBreach) {
  InstanceId id = start("2025-09-22T10:00");
  advance("2025-09-22T11:00");
  engine->signal(id, "withdraw");
  EXPECT_TRUE(engine->status(id).finished);
  EXPECT_EQ(sla(id).phase, SlaPhase::cancelled);
  advance("2025-09-30T00:00");
  EXPECT_TRUE(traces_of(TraceKind::warned).empty());
  EXPECT_TRUE(actions.empty());
  EXPECT_FALSE(sla(id).breached);
}

TEST_F(SlaEngineTest, AResetStartsAfreshAndKeepsTheLedger) {
  InstanceId id = start("2025-09-22T10:00");
  advance("2025-09-22T11:00");
  engine->complete(id, "accept");
  engine->complete(id, "reply");
  EXPECT_EQ(sla(id).phase, SlaPhase::stopped);
  engine->complete(id, "confirm", {{"ok", false}});  // reopened: the clock starts again from zero
  SlaStatus s = sla(id);
  EXPECT_EQ(s.phase, SlaPhase::running);
  EXPECT_EQ(s.elapsed, std::chrono::seconds{0});
  EXPECT_EQ(s.started, sh("2025-09-22T11:00"));
  EXPECT_EQ(s.due, sh("2025-09-24T17:30"));
  EXPECT_EQ(ledger_kinds(id),
            (std::vector<SlaEventKind>{SlaEventKind::started, SlaEventKind::stopped, SlaEventKind::reset}));
  advance("2025-09-24T18:00");
  ASSERT_FALSE(actions.empty());
  EXPECT_EQ(actions.front().idempotency_key, "1:sla:reply:warn1:1");  // round 1: a new key
}

TEST_F(SlaEngineTest, ReclassifyingRetargetsKeepingTheElapsedTime) {
  InstanceId id = start("2025-09-22T10:00");
  advance("2025-09-22T11:00");
  engine->update(id, "t", ticket("urgent"));  // 2 workdays -> 4 workhours, 1 hour already used
  SlaStatus s = sla(id);
  EXPECT_EQ(s.target, (Duration{4, DurationUnit::workhours}));
  EXPECT_EQ(s.elapsed, std::chrono::hours{1});
  EXPECT_EQ(s.due, sh("2025-09-22T16:00"));  // 11-12, then 14-16
  EXPECT_EQ(ledger_kinds(id), (std::vector<SlaEventKind>{SlaEventKind::started, SlaEventKind::retargeted}));
  advance("2025-09-22T23:59");
  const auto warned = traces_of(TraceKind::warned);
  ASSERT_EQ(warned.size(), 2U);
  EXPECT_EQ(warned[0]->at, sh("2025-09-22T12:00"));  // 2 of 4 working hours
  EXPECT_EQ(warned[1]->at, sh("2025-09-22T14:00"));
  EXPECT_EQ(traces_of(TraceKind::breached).at(0)->at, sh("2025-09-22T16:00"));
  EXPECT_EQ(traces_of(TraceKind::escalated).at(0)->at, sh("2025-09-22T20:00"));
}

TEST_F(SlaEngineTest, ATargetShortenedPastTheElapsedTimeBreachesAtOnce) {
  InstanceId id = start("2025-09-22T10:00");
  advance("2025-09-23T10:00");  // 5.5 + 1.5 = 7 working hours used
  engine->update(id, "t", ticket("urgent"));
  engine->fire_due_timers();
  const auto breached = traces_of(TraceKind::breached);
  ASSERT_EQ(breached.size(), 1U);
  EXPECT_EQ(breached[0]->at, sh("2025-09-23T10:00"));  // when it became known, not in the past
  EXPECT_TRUE(sla(id).breached);
  EXPECT_EQ(traces_of(TraceKind::warned).size(), 2U);
}

TEST_F(SlaEngineTest, UpdateRefusesAWrongParameterAndLeavesTheInstanceAlone) {
  InstanceId id = start("2025-09-22T10:00");
  EXPECT_THROW(engine->update(id, "tt", ticket("urgent")), EngineError);
  EXPECT_THROW(engine->update(id, "t", Value(std::int64_t{3})), EngineError);
  EXPECT_EQ(sla(id).target, (Duration{2, DurationUnit::workdays}));
}

TEST_F(SlaEngineTest, StartingWhileAPauseHoldsStartsPaused) {
  // `waiting` is entered and left again, then re-entered: the pause follows it each time.
  InstanceId id = start("2025-09-22T10:00");
  engine->signal(id, "customer_away");
  engine->signal(id, "customer_back");
  engine->signal(id, "customer_away");
  EXPECT_EQ(sla(id).phase, SlaPhase::paused);
  EXPECT_EQ(sla(id).elapsed, std::chrono::seconds{0});
}

// Ending at an end the SLA does not name stops the clock there.
TEST_F(SlaTest, AnInstanceThatEndsStopsItsClocks) {
  load(std::string(kTicket) + R"(
workflow w(t: Ticket) {
  calendar "cn"
  sla reply {
    target 45min
    from start until answered
    warn at 80% -> notify role "lead"
  }
  step triage
  step answered
  end done, dropped
  flow {
    start -> triage
    triage -> answered -> done
    triage -> dropped on drop
  }
}
)");
  InstanceId id = start("2025-09-22T23:00");  // clock time: nights count
  EXPECT_FALSE(sla(id).business);
  EXPECT_EQ(sla(id).due, sh("2025-09-22T23:45"));
  EXPECT_EQ(engine->next_timer(), sh("2025-09-22T23:36"));
  advance("2025-09-22T23:40");
  engine->signal(id, "drop");
  EXPECT_EQ(sla(id).phase, SlaPhase::stopped);
  EXPECT_FALSE(sla(id).breached);
  EXPECT_EQ(sla(id).elapsed, std::chrono::minutes{40});
}

TEST_F(SlaTest, OneWorkdayBySixteenHundredOnAFridayFallsOnTheMakeUpSunday) {
  load(std::string(kTicket) + R"(
workflow w(t: Ticket) {
  calendar "cn"
  sla callback {
    target 1 workday by 16:00
    from start until called
  }
  step work
  step called
  end done
  flow { start -> work -> called -> done }
}
)");
  InstanceId id = start("2025-09-26T10:00");
  EXPECT_EQ(sla(id).due, sh("2025-09-28T16:00"));
  EXPECT_EQ(sla(id).budget, std::chrono::hours{11});  // Fri 5.5h, Sun 3.5h + 2h
}

}  // namespace
}  // namespace docket
