// Parallel splits and joins: every branch runs at once, the join waits for all, an end ends all.
#include <gtest/gtest.h>

#include "docket/core/engine.hpp"
#include "docket/core/flow_analysis.hpp"
#include "meter_fixture.hpp"

namespace docket {
namespace {

using namespace docket::test;

// workflow fault_repair { step accept; parallel both; step repair; step inform; join ready;
//   step callback; end closed, cancelled
//   flow { start -> accept -> both; both -> repair -> ready; both -> inform -> ready;
//          ready -> callback -> closed; repair -> cancelled on cancel } }
enum RepairNode : std::uint32_t { r_start = 0, r_accept, r_both, r_repair, r_inform, r_ready, r_callback, r_closed, r_cancelled };

ir::Module repair_module() {
  ir::Module m;
  m.name = "cs95598";
  WorkflowBuilder b("fault_repair");
  b.step("accept");
  b.node(ir::NodeKind::parallel, "both");
  b.step("repair");
  b.step("inform");
  b.node(ir::NodeKind::join, "ready");
  b.step("callback");
  b.end("closed");
  b.end("cancelled");
  b.edge(r_start, r_accept);
  b.edge(r_accept, r_both);
  b.edge(r_both, r_repair);
  b.edge(r_repair, r_ready);
  b.edge(r_both, r_inform);
  b.edge(r_inform, r_ready);
  b.edge(r_ready, r_callback);
  b.edge(r_callback, r_closed);
  b.on(r_repair, r_cancelled, "cancel");
  m.workflows.push_back(b.build());
  return m;
}

class ParallelTest : public ::testing::Test {
 protected:
  void SetUp() override {
    program = lower_or_fail(repair_module(), registry);
    ASSERT_NE(program, nullptr);
    engine = std::make_unique<Engine>(program, clock);
    engine->on_trace([this](const TraceEntry& t) { traces.push_back(t); });
    id = engine->start("fault_repair", {});
    engine->complete(id, "accept");
  }
  FunctionRegistry registry;
  VirtualClock clock{at(26, 9)};
  std::shared_ptr<const Program> program;
  std::unique_ptr<Engine> engine;
  std::vector<TraceEntry> traces;
  InstanceId id = 0;
};

TEST_F(ParallelTest, SplitActivatesEveryBranch) {
  EXPECT_EQ(engine->status(id).active, (std::vector<std::string>{"repair", "inform"}));
  bool split_traced = false;
  for (const TraceEntry& t : traces) split_traced |= t.node == "both" && t.full_detail() == "splits into 2 branches";
  EXPECT_TRUE(split_traced);
}

TEST_F(ParallelTest, JoinWaitsForEveryBranchInEitherOrder) {
  engine->complete(id, "inform");
  EXPECT_EQ(engine->status(id).active, std::vector<std::string>{"repair"});
  EXPECT_EQ(traces.back().full_detail(), "inform -> ready (always; 1 of 2 branches in)");
  engine->complete(id, "repair");
  EXPECT_EQ(engine->status(id).active, std::vector<std::string>{"callback"});
  engine->complete(id, "callback");
  EXPECT_TRUE(engine->status(id).finished);
  EXPECT_EQ(engine->status(id).end, "closed");
}

TEST_F(ParallelTest, AnEndOnOneBranchEndsTheWholeInstance) {
  engine->signal(id, "cancel");
  InstanceStatus s = engine->status(id);
  EXPECT_TRUE(s.finished);
  EXPECT_EQ(s.end, "cancelled");
  EXPECT_TRUE(s.active.empty());
  EXPECT_THROW(engine->complete(id, "inform"), EngineError);
}

TEST_F(ParallelTest, SplitAndJoinAreNotStepsToComplete) {
  try {
    engine->complete(id, "both");
    FAIL() << "completing a parallel split must be refused";
  } catch (const EngineError& e) {
    EXPECT_STREQ(e.what(), "`both` is a parallel split node, not a step: only steps are completed");
  }
}

TEST(FlowAnalysisTest, FindsWhatReachesAnEndAndLoopsThatNeverWait) {
  ir::Module m = repair_module();
  ir::Workflow& wf = m.workflows[0];
  FlowFacts facts = analyze_flow(wf);
  EXPECT_EQ(facts.reachable, std::vector<bool>(9, true));
  EXPECT_EQ(facts.reaches_end, std::vector<bool>(9, true));
  EXPECT_TRUE(facts.instant_cycles.empty());

  // ready -> both alone loops through steps, which wait; both -> ready closes a loop through a
  // split and a join only.
  for (auto [from, to] : {std::pair{r_ready, r_both}, std::pair{r_both, r_ready}}) {
    ir::Edge e;
    e.from = from;
    e.to = to;
    wf.edges.push_back(std::move(e));
    facts = analyze_flow(wf);
    if (from == r_ready) {
      EXPECT_TRUE(facts.instant_cycles.empty());
    }
  }
  facts = analyze_flow(wf);
  ASSERT_EQ(facts.instant_cycles.size(), 1U);
  EXPECT_EQ(facts.instant_cycles[0], (std::vector<std::uint32_t>{r_both, r_ready}));

  FunctionRegistry registry;
  Diagnostics diagnostics;
  EXPECT_EQ(Program::lower(std::move(m), registry, diagnostics), nullptr);
  ASSERT_FALSE(diagnostics.all().empty());
  EXPECT_EQ(diagnostics.all()[0].code, "D0803");
}

TEST(FlowAnalysisTest, NodesThatCannotReachAnEnd) {
  ir::Module m = repair_module();
  ir::Workflow& wf = m.workflows[0];
  wf.edges.erase(wf.edges.begin() + 7);  // callback -> closed
  FlowFacts facts = analyze_flow(wf);
  EXPECT_TRUE(facts.reaches_end[r_repair]);  // it can still be cancelled
  EXPECT_FALSE(facts.reaches_end[r_inform]);
  EXPECT_FALSE(facts.reaches_end[r_callback]);
  EXPECT_TRUE(facts.reaches_end[r_cancelled]);
  EXPECT_EQ(reachable_from(wf, r_inform),
            (std::vector<bool>{false, false, false, false, true, true, true, false, false}));
}

}  // namespace
}  // namespace docket
