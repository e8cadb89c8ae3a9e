// Lowering: workflow graphs over Boost.Graph, binding function calls, and the D08xx diagnostics.
#include <gtest/gtest.h>

#include "docket/core/program.hpp"
#include "lower/program_evaluators.hpp"
#include "lower/workflow_graph.hpp"
#include "meter_fixture.hpp"

namespace docket {
namespace {

using namespace docket::test;

const Diagnostic* find_code(const Diagnostics& d, std::string_view code) {
  for (const Diagnostic& x : d.all()) {
    if (x.code == code) return &x;
  }
  return nullptr;
}

TEST(LowerTest, BuildsTheWorkflowGraph) {
  FunctionRegistry registry;
  register_site_functions(registry);
  Diagnostics diagnostics;
  auto program = Program::lower(meter_module(), registry, diagnostics);
  ASSERT_NE(program, nullptr);
  EXPECT_FALSE(diagnostics.has_errors());
  EXPECT_EQ(&program->functions(), &registry);

  const WorkflowGraph& g = program->graph(0);
  EXPECT_EQ(&g.workflow(), &program->module().workflows[0]);
  EXPECT_EQ(g.node_count(), 9U);
  EXPECT_EQ(g.edge_count(), 9U);
  // survey's edges in source order: when -> install, otherwise -> rejected, on customer_pending.
  EXPECT_EQ(g.edges_from(survey), (std::vector<std::uint32_t>{2, 3, 4}));
  EXPECT_EQ(g.edges_to(survey), (std::vector<std::uint32_t>{1, 5}));
  EXPECT_TRUE(g.edges_from(done).empty());
  for (auto [it, end] = boost::edges(g.graph()); it != end; ++it) {
    const ir::Edge& e = g.workflow().edges[g.graph()[*it].edge];
    EXPECT_EQ(boost::source(*it, g.graph()), e.from);
    EXPECT_EQ(boost::target(*it, g.graph()), e.to);
  }
  EXPECT_EQ(boost::vertex(install, g.graph()), install);  // vertex i is node i
  std::vector<bool> reachable = g.reachable_from_start();
  EXPECT_EQ(std::count(reachable.begin(), reachable.end(), true), 9);
  EXPECT_THROW((void)program->graph(1), std::out_of_range);
}

TEST(LowerTest, FindsUnreachableNodes) {
  WorkflowBuilder b("w");
  std::uint32_t a = b.step("a");
  std::uint32_t orphan = b.step("orphan");
  std::uint32_t end = b.end("end");
  b.edge(0, a);
  b.edge(a, end);
  b.edge(orphan, end);
  FunctionRegistry registry;
  auto program = lower_workflow(b.build(), registry);
  ASSERT_NE(program, nullptr);
  EXPECT_EQ(program->graph(0).reachable_from_start(), (std::vector<bool>{true, true, false, true}));
}

TEST(LowerTest, BindsCallsSoTheyEvaluate) {
  FunctionRegistry registry;
  register_site_functions(registry);
  Diagnostics diagnostics;
  auto program = Program::lower(meter_module(), registry, diagnostics);
  ASSERT_NE(program, nullptr);
  const detail::Interpreter interpreter = detail::reference_interpreter(*program);
  auto app = std::make_shared<RecordValue>(
      RecordValue{program->module().find_record("Application"), {Value("A1"), Value("88 Pudong Ave"), Value(false)}});
  std::vector<Value> args{Value(Value::Record(app))};
  EXPECT_EQ(interpreter.decide(0, args).value.as_text(), "field_crew_east");
}

TEST(LowerTest, UnknownFunctionIsReportedWithASuggestion) {
  FunctionRegistry registry;
  registry.add({"site.districts", {Type::text()}, Type::text(), "x"}, [](std::span<const Value>) -> Value { return "x"; });
  Diagnostics diagnostics;
  auto program = Program::lower(meter_module(), registry, diagnostics);
  EXPECT_EQ(program, nullptr);
  const Diagnostic* d = find_code(diagnostics, "D0801");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->severity, Severity::error);
  EXPECT_EQ(d->message, "unknown function `site.district` in decision `survey_team`, did you mean `site.districts`?");
  EXPECT_FALSE(d->hint.empty());
}

TEST(LowerTest, ArityMismatchIsReported) {
  FunctionRegistry registry;
  registry.add({"site.district", {Type::text(), Type::text()}, Type::text(), "x"},
               [](std::span<const Value>) -> Value { return "x"; });
  Diagnostics diagnostics;
  EXPECT_EQ(Program::lower(meter_module(), registry, diagnostics), nullptr);
  const Diagnostic* d = find_code(diagnostics, "D0802");
  ASSERT_NE(d, nullptr);
  EXPECT_NE(d->message.find("takes 2 argument(s), but 1 are given"), std::string::npos);
}

TEST(LowerTest, MalformedWorkflowsAreReported) {
  WorkflowBuilder b("w");
  std::uint32_t a = b.step("a");
  std::uint32_t x = b.end("x");
  std::uint32_t y = b.end("y");
  b.edge(0, a);
  b.otherwise(a, x);
  b.otherwise(a, y);
  b.edge(a, 0);
  b.edge(x, a);
  ir::Module m;
  m.workflows.push_back(b.build());
  FunctionRegistry registry;
  Diagnostics diagnostics;
  EXPECT_EQ(Program::lower(std::move(m), registry, diagnostics), nullptr);
  std::vector<std::string> messages;
  for (const Diagnostic& d : diagnostics.all()) {
    EXPECT_EQ(d.code, "D0803");
    messages.push_back(d.message);
  }
  EXPECT_EQ(messages, (std::vector<std::string>{"workflow `w`: node `a` has more than one `otherwise` edge",
                                                "workflow `w`: edge `a -> start` enters the start node",
                                                "workflow `w`: edge `x -> a` leaves an end node"}));
}

TEST(LowerTest, InconsistentIndexesAreReportedNotTrusted) {
  WorkflowBuilder b("w");
  std::uint32_t a = b.step("a");
  std::uint32_t end = b.end("end");
  b.edge(0, a);
  b.when(a, end, outcome(a, 3, Type::boolean()));  // step a has no outcome #3
  b.role(a, param(5, Type::text()));               // the workflow has no parameter #5
  ir::Module m;
  m.workflows.push_back(b.build());
  FunctionRegistry registry;
  Diagnostics diagnostics;
  EXPECT_EQ(Program::lower(std::move(m), registry, diagnostics), nullptr);
  EXPECT_EQ(diagnostics.error_count(), 2U);
  EXPECT_NE(find_code(diagnostics, "D0804"), nullptr);
}

TEST(LowerTest, FirstNodeMustBeStart) {
  ir::Module m;
  ir::Workflow& wf = m.workflows.emplace_back();
  wf.name = "headless";
  wf.nodes.emplace_back().name = "a";
  FunctionRegistry registry;
  Diagnostics diagnostics;
  EXPECT_EQ(Program::lower(std::move(m), registry, diagnostics), nullptr);
  ASSERT_EQ(diagnostics.all().size(), 1U);
  EXPECT_EQ(diagnostics.all()[0].message, "workflow `headless`: its first node must be the start node");
}

}  // namespace
}  // namespace docket
