// Checker tests for workflows: nodes, assignees, deadlines, flow edges and the flow's shape.
#include <gtest/gtest.h>

#include "compile_helper.hpp"

namespace docket {
namespace {

using testing::compile_text;

std::string workflow(const std::string& body) {
  return "module m\nrecord App { id : text  area : text }\nworkflow w(app: App) {\n" + body + "\n}\n";
}

const char* const kGoodBody = R"(  label "装表"
  calendar "cn-workdays"
  step accept "受理" by role "counter" within 1 workday
  step survey by role app.area within 2h outcome feasible: bool
  wait waiting
  step install by action site.schedule_meter(app.id)
  end done, rejected
  flow {
    start -> accept -> survey
    survey -> install when survey.feasible
    survey -> rejected otherwise
    survey -> waiting on customer_pending
    waiting -> survey on customer_ready
    install -> done
  })";

TEST(CheckWorkflow, BuildsNodesAndEdgesInSourceOrder) {
  auto c = compile_text(workflow(kGoodBody));
  ASSERT_TRUE(c.module) << c.text();
  const ir::Workflow* w = c.module->find_workflow("w");
  ASSERT_NE(w, nullptr);
  EXPECT_EQ(w->label, "装表");
  EXPECT_EQ(w->calendar, "cn-workdays");
  ASSERT_EQ(w->nodes.size(), 7u);  // start, accept, survey, waiting, install, done, rejected
  EXPECT_EQ(w->nodes[0].kind, ir::NodeKind::start);
  const ir::Node& accept = w->nodes[*w->find_node("accept")];
  ASSERT_TRUE(accept.within);
  EXPECT_EQ(*accept.within, (Duration{1, DurationUnit::workdays}));
  EXPECT_EQ(accept.role->literal, Value("counter"));
  const ir::Node& survey = w->nodes[*w->find_node("survey")];
  EXPECT_EQ(*survey.within, (Duration{7200, DurationUnit::seconds}));
  EXPECT_EQ(survey.role->kind, ir::ExprKind::field);  // a computed role
  const ir::Node& install = w->nodes[*w->find_node("install")];
  EXPECT_EQ(install.assignee, ir::AssigneeKind::action);
  EXPECT_EQ(install.action, "site.schedule_meter");
  ASSERT_EQ(install.action_args.size(), 1u);
  ASSERT_EQ(w->edges.size(), 7u);
  EXPECT_EQ(w->edges[2].kind, ir::EdgeKind::when);
  EXPECT_EQ(w->edges[2].guard->kind, ir::ExprKind::step_outcome);
  EXPECT_EQ(w->edges[3].kind, ir::EdgeKind::otherwise);
  EXPECT_EQ(w->edges[4].kind, ir::EdgeKind::on_event);
  EXPECT_EQ(w->edges[4].event, "customer_pending");
}

TEST(CheckWorkflow, BranchingWithoutOtherwiseIsAnError) {
  auto c = compile_text(workflow(R"(  step a outcome ok: bool
  end done, failed
  flow {
    start -> a
    a -> done when a.ok
    a -> failed when not a.ok
  })"));
  EXPECT_TRUE(c.has_code("D0506")) << c.text();
  EXPECT_NE(c.text().find("`a` branches with `when` but has no `otherwise`"), std::string::npos) << c.text();
}

TEST(CheckWorkflow, UnknownStepInFlowGetsDidYouMean) {
  auto c = compile_text(workflow("  step accept\n  end done\n  flow {\n    start -> acept -> done\n  }"));
  EXPECT_TRUE(c.has_code("D0502"));
  EXPECT_NE(c.text().find("did you mean `accept`?"), std::string::npos) << c.text();
}

TEST(CheckWorkflow, UnknownOutcomeListsTheStepsOutcomes) {
  auto c = compile_text(workflow(R"(  step a outcome feasible: bool
  end done, no
  flow {
    start -> a
    a -> done when a.feasable
    a -> no otherwise
  })"));
  EXPECT_NE(c.text().find("step `a` has no outcome `feasable`"), std::string::npos) << c.text();
  EXPECT_NE(c.text().find("did you mean `feasible`?"), std::string::npos) << c.text();
}

TEST(CheckWorkflow, UnreachableStepIsAWarningNotAnError) {
  auto c = compile_text(workflow("  step a\n  step orphan\n  end done\n  flow {\n    start -> a -> done\n    orphan -> done\n  }"));
  EXPECT_TRUE(c.module) << c.text();
  EXPECT_TRUE(c.has_code("D0507"));
  EXPECT_NE(c.text().find("warning[D0507]: `orphan` can never be reached"), std::string::npos) << c.text();
}

TEST(CheckWorkflow, WaitsAreLeftOnlyByEvents) {
  auto c = compile_text(workflow("  wait hold by role \"x\"\n  end done\n  flow {\n    start -> hold -> done\n  }"));
  EXPECT_TRUE(c.has_code("D0505")) << c.text();
  EXPECT_NE(c.text().find("wait `hold` can only be left by an event"), std::string::npos) << c.text();
}

TEST(CheckWorkflow, NothingFollowsAnEnd) {
  auto c = compile_text(workflow("  step a\n  step b\n  end done\n  flow {\n    start -> a -> done -> b\n  }"));
  EXPECT_TRUE(c.has_code("D0508")) << c.text();
  EXPECT_FALSE(c.has_code("D0510")) << "a broken flow is not checked for shape again:\n" << c.text();
}

TEST(CheckWorkflow, StepWithNoWayOut) {
  auto c = compile_text(workflow("  step a\n  step b\n  end done\n  flow {\n    start -> a -> b\n  }"));
  EXPECT_TRUE(c.has_code("D0510")) << c.text();
  EXPECT_NE(c.text().find("step `b` has no way out when it is completed"), std::string::npos) << c.text();
}

TEST(CheckWorkflow, WithinMustBeAPositiveFixedDuration) {
  auto c = compile_text(workflow("  step a within 3\n  step b within 0h\n  end done\n  flow {\n    start -> a -> b -> done\n  }"));
  EXPECT_NE(c.text().find("`within` must be duration, but this is int"), std::string::npos) << c.text();
  EXPECT_TRUE(c.has_code("D0503")) << c.text();
}

TEST(CheckWorkflow, RoleMustBeTextAndActionMustBeACall) {
  auto c = compile_text(workflow("  step a by role 3\n  step b by action notify\n  end done\n  flow {\n    start -> a -> b -> done\n  }"));
  EXPECT_NE(c.text().find("a role must be text, but this is int"), std::string::npos) << c.text();
  EXPECT_TRUE(c.has_code("D0504")) << c.text();
}

TEST(CheckWorkflow, StepNameUsedAsValueSaysHowToReadOutcomes) {
  auto c = compile_text(workflow(R"(  step a outcome ok: bool
  end done, no
  flow {
    start -> a
    a -> done when a
    a -> no otherwise
  })"));
  EXPECT_NE(c.text().find("`a` is a step, not a value"), std::string::npos) << c.text();
}

TEST(CheckWorkflow, MissingFlowAndDuplicateNodes) {
  auto c = compile_text(workflow("  step a\n  step a\n  end start"));
  EXPECT_TRUE(c.has_code("D0501")) << c.text();
  EXPECT_TRUE(c.has_code("D0506")) << c.text();
}

}  // namespace
}  // namespace docket
