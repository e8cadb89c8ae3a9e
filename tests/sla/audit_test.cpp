// The audit trail: a store receives every trace entry and action, per instance, within the operation.
#include <gtest/gtest.h>

#include "docket/core/store.hpp"
#include "sla_fixture.hpp"

namespace docket {
namespace {

using namespace docket::test;

const std::string kAudited = std::string(kTicket) + R"(
workflow w(t: Ticket) {
  calendar "cn"
  sla reply {
    target reply_limit(t.kind)
    from start until reply
    breach -> escalate level 1 to role "manager"
  }
  step reply by role "counter"
  end done
  flow { start -> reply -> done }
}
)";

TEST_F(SlaTest, TheStoreKeepsEachInstancesTrailAndActions) {
  load(kAudited);
  MemoryStore store;
  engine->use_store(store);
  InstanceId first = start("2025-09-22T10:00", "urgent");
  InstanceId second = start("2025-09-22T10:30");
  advance("2025-09-23T10:00");  // the urgent one (4 workhours) breached at 15:00 on Monday
  engine->complete(first, "reply");

  std::vector<TraceEntry> trail = engine->audit(first);
  std::vector<TraceKind> kinds;
  for (const TraceEntry& e : trail) {
    EXPECT_EQ(e.instance, first);
    kinds.push_back(e.kind);
  }
  EXPECT_EQ(kinds, (std::vector<TraceKind>{TraceKind::started, TraceKind::sla, TraceKind::took, TraceKind::entered,
                                           TraceKind::breached,
                                           TraceKind::action, TraceKind::sla, TraceKind::completed, TraceKind::took,
                                           TraceKind::ended}));
  EXPECT_EQ(trail[4].at, sh("2025-09-22T16:00"));  // 10-12, 14-16: four working hours
  ASSERT_EQ(store.outbox(first, std::nullopt).size(), 1U);
  EXPECT_EQ(store.outbox(first, std::nullopt)[0].action.role, "manager");
  EXPECT_TRUE(store.outbox(second, std::nullopt).empty());
  EXPECT_EQ(engine->audit(second).size(), 4U);  // started, its clock, start -> reply, entered reply
  // The host's own sinks still see everything; the store is not instead of them.
  EXPECT_EQ(traces.size(), trail.size() + 4U);
}

TEST_F(SlaTest, AuditWithoutAStoreSaysHowToGetOne) {
  load(kAudited);
  InstanceId id = start("2025-09-22T10:00");
  try {
    (void)engine->audit(id);
    FAIL() << "no store, yet an audit trail";
  } catch (const EngineError& e) {
    EXPECT_NE(std::string(e.what()).find("use_store"), std::string::npos) << e.what();
  }
  EXPECT_THROW((void)engine->audit(99), EngineError);
}

}  // namespace
}  // namespace docket
