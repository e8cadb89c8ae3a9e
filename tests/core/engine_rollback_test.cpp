// Units of work without a store: an operation that throws half-way, or a Batch let go, leaves every instance as it was.
#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "meter_fixture.hpp"

namespace docket::test {
namespace {

// Thrown by site.district as no std::exception: evaluation does not turn it into a failed instance,
// so it leaves the operation half-way, after the instance had already changed (the step was left).
struct Boom {};

class EngineRollbackTest : public MeterEngineTest {
 protected:
  void SetUp() override {
    registry.add({"site.district", {Type::text()}, Type::text(), "test plugin"}, [this](std::span<const Value>) -> Value {
      if (explode) throw Boom{};
      return std::string("other");
    });
    program = lower_or_fail(meter_module(), registry);
    ASSERT_NE(program, nullptr);
    engine = std::make_unique<Engine>(program, clock);
    engine->on_trace([this](const TraceEntry& t) { traces.push_back(t); });
    engine->on_action([this](const Action& a) { actions.push_back(a); });
  }

  std::vector<std::string> active(InstanceId id) const { return engine->status(id).active; }
  bool exists(InstanceId id) const {
    try {
      (void)engine->status(id);
      return true;
    } catch (const EngineError&) {
      return false;
    }
  }

  bool explode = false;
};

TEST_F(EngineRollbackTest, AnOperationThatThrowsHalfWayLeavesTheInstanceAsItWas) {
  const InstanceId other = start_at_survey();  // a committed instance the failing operation never touches
  const InstanceId id = start("A2");
  const std::optional<Instant> timer = engine->next_timer();
  const std::size_t traced = traces.size();
  explode = true;
  EXPECT_THROW(engine->complete(id, "accept"), Boom);  // accept was left, then survey's role threw
  EXPECT_EQ(active(id), std::vector<std::string>{"accept"});
  EXPECT_EQ(active(other), std::vector<std::string>{"survey"});
  EXPECT_FALSE(engine->status(id).finished);
  EXPECT_TRUE(engine->status(id).error.empty());
  EXPECT_EQ(engine->next_timer(), timer);
  EXPECT_EQ(traces.size(), traced);  // nothing of it was committed, so no sink heard of it
  explode = false;
  engine->complete(id, "accept");  // the same operation again, now whole
  EXPECT_EQ(active(id), std::vector<std::string>{"survey"});
  EXPECT_EQ(traces_of(TraceKind::entered, id).size(), 2U);  // accept, then survey once
}

TEST_F(EngineRollbackTest, AStartThatThrowsHalfWayLeavesNoInstance) {
  const InstanceId before = start("A1");
  engine->complete(before, "accept");
  engine->complete(before, "survey", {{"feasible", Value(false)}, {"distance_km", Value(1.5)}});
  ASSERT_TRUE(engine->status(before).finished);
  // A new instance whose first operation fails half-way is not kept at all.
  explode = true;
  Engine::Batch batch(*engine);
  const InstanceId id = start("A2");
  EXPECT_THROW(engine->complete(id, "accept"), Boom);
  EXPECT_THROW(batch.commit(), EngineError);  // the batch is spoiled: nothing of it is kept
  EXPECT_FALSE(exists(id));
  EXPECT_TRUE(engine->status(before).finished);
}

// More instances than the unit searches by list (it keeps a set past eight), each touched twice in
// the batch: letting the batch go puts back each one as it was when the batch first touched it.
TEST_F(EngineRollbackTest, ABatchLetGoPutsBackEveryInstanceAsFirstTouched) {
  std::vector<InstanceId> ids;
  for (int i = 0; i < 12; ++i) ids.push_back(start("A" + std::to_string(i)));
  const std::optional<Instant> timer = engine->next_timer();
  const std::size_t traced = traces.size();
  std::vector<InstanceId> started;
  {
    Engine::Batch batch(*engine);
    for (InstanceId id : ids) {
      engine->complete(id, "accept");
      engine->complete(id, "survey", {{"feasible", Value(true)}, {"distance_km", Value(2.0)}});
    }
    for (int i = 0; i < 3; ++i) started.push_back(start("B" + std::to_string(i)));
    EXPECT_EQ(active(ids.front()), std::vector<std::string>{"install"});  // waits for its action to be done
  }  // let go without a commit
  for (InstanceId id : ids) EXPECT_EQ(active(id), std::vector<std::string>{"accept"}) << "instance " << id;
  for (InstanceId id : started) EXPECT_FALSE(exists(id)) << "instance " << id;
  EXPECT_EQ(engine->next_timer(), timer);
  EXPECT_EQ(traces.size(), traced);
  EXPECT_TRUE(actions.empty());  // site.schedule_meter was never delivered
  // And they go on from there.
  engine->complete(ids.back(), "accept");
  EXPECT_EQ(active(ids.back()), std::vector<std::string>{"survey"});
}

// A batch that commits after another was let go keeps only its own work (the copies kept for
// rolling back are reused from unit to unit).
TEST_F(EngineRollbackTest, ACommittedBatchAfterOneLetGoKeepsItsWork) {
  const InstanceId a = start("A1");
  const InstanceId b = start("A2");
  {
    Engine::Batch batch(*engine);
    engine->complete(a, "accept");
  }
  {
    Engine::Batch batch(*engine);
    engine->complete(b, "accept");
    batch.commit();
  }
  EXPECT_EQ(active(a), std::vector<std::string>{"accept"});
  EXPECT_EQ(active(b), std::vector<std::string>{"survey"});
  explode = true;
  EXPECT_THROW(engine->complete(a, "accept"), Boom);
  EXPECT_EQ(active(a), std::vector<std::string>{"accept"});
  EXPECT_EQ(active(b), std::vector<std::string>{"survey"});
}

}  // namespace
}  // namespace docket::test
