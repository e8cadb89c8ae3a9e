// Engine misuse by the host: each EngineError names the problem and the fix, and changes nothing.
#include <gtest/gtest.h>

#include "meter_fixture.hpp"

namespace docket {
namespace {

using namespace docket::test;

TEST_F(MeterEngineTest, UnknownWorkflowSuggestsTheClosestName) {
  EXPECT_EQ(engine_error([&] { engine->start("meter_instal", {}); }),
            "there is no workflow `meter_instal`, did you mean `meter_install`? (workflows: meter_install)");
}

TEST_F(MeterEngineTest, WrongArgumentsAreRejected) {
  EXPECT_EQ(engine_error([&] { engine->start("meter_install", {}); }),
            "workflow `meter_install` takes 1 argument(s) (app: Application), got 0");
  EXPECT_EQ(engine_error([&] { engine->start("meter_install", {Value("A1")}); }),
            "argument `app` of workflow `meter_install` must be a Application, got text \"A1\"");
  EXPECT_TRUE(traces.empty());
}

TEST_F(MeterEngineTest, CompletingWhatIsNotAnActiveStepIsRejected) {
  InstanceId id = start();
  const std::size_t traced = traces.size();
  EXPECT_EQ(engine_error([&] { engine->complete(id, "survy"); }),
            "workflow `meter_install` has no step `survy`, did you mean `survey`? "
            "(steps: accept, survey, install, energize, revisit)");
  EXPECT_EQ(engine_error([&] { engine->complete(id, "install"); }),
            "step `install` is not active in instance 1 (active: accept)");
  EXPECT_EQ(engine_error([&] { engine->complete(id, "waiting_customer"); }),
            "`waiting_customer` is a wait, not a step: it is left by an event (signal one of: customer_ready)");
  EXPECT_EQ(engine_error([&] { engine->complete(id, "done"); }), "`done` is an end node, not a step: only steps are completed");
  EXPECT_EQ(engine_error([&] { engine->complete(99, "accept"); }), "there is no instance 99");
  EXPECT_EQ(traces.size(), traced);
  EXPECT_EQ(engine->status(id).active, std::vector<std::string>{"accept"});
}

TEST_F(MeterEngineTest, OutcomesMustMatchTheDeclaration) {
  InstanceId id = start_at_survey();
  const std::size_t traced = traces.size();
  EXPECT_EQ(engine_error([&] { engine->complete(id, "survey", {{"feasible", true}}); }),
            "step `survey` needs outcome `distance_km` (number) to complete");
  EXPECT_EQ(engine_error([&] { engine->complete(id, "survey", {{"feasible", "yes"}, {"distance_km", 1.0}}); }),
            "outcome `feasible` of step `survey` must be a bool, got text \"yes\"");
  EXPECT_EQ(engine_error([&] {
              engine->complete(id, "survey", {{"feasible", true}, {"distance_km", 1.0}, {"feasable", true}});
            }),
            "step `survey` has no outcome `feasable`, did you mean `feasible`? (its outcomes: feasible, distance_km)");
  EXPECT_EQ(engine_error([&] { engine->complete(id, "accept", {}); }),
            "step `accept` is not active in instance 1 (active: survey)");
  EXPECT_EQ(traces.size(), traced);
  EXPECT_EQ(engine->status(id).active, std::vector<std::string>{"survey"});
}

TEST_F(MeterEngineTest, SignalListsTheEventsAwaited) {
  InstanceId id = start_at_survey();
  EXPECT_EQ(engine_error([&] { engine->signal(id, "customer_ready"); }),
            "instance 1 is not waiting for event `customer_ready`; it awaits: customer_pending (at survey)");
  engine->complete(id, "survey", {{"feasible", true}, {"distance_km", 1.0}});
  EXPECT_EQ(engine_error([&] { engine->signal(id, "customer_pending"); }),
            "instance 1 is not waiting for event `customer_pending`; it awaits: no events");
}

TEST_F(MeterEngineTest, FinishedInstancesTakeNoMoreEvents) {
  InstanceId id = start_at_survey();
  engine->complete(id, "survey", {{"feasible", false}, {"distance_km", 1.0}});
  EXPECT_EQ(engine_error([&] { engine->signal(id, "customer_pending"); }),
            "instance 1 has finished (end `rejected`): it takes no more steps or events");
  EXPECT_TRUE(engine->status(id).finished);
}

TEST(EngineConstructionTest, NullProgramIsRejected) {
  VirtualClock clock(at(1, 0));
  EXPECT_THROW(Engine(nullptr, clock), EngineError);
}

}  // namespace
}  // namespace docket
