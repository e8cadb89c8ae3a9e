// Unit tests of the pictures' model: where an SLA clock counts (joins, stops, resets, pauses), and
// expressions written back from the IR (precedence, depth limit).
#include <gtest/gtest.h>

#include "docket/core/workflow_picture.hpp"
#include "docket/dsl/compile.hpp"
#include "draw/expr_text.hpp"
#include "draw/picture.hpp"

namespace docket {
namespace {

std::shared_ptr<const Program> build(const std::string& text) {
  SourceSet sources;
  sources.add("t.dkt", text);
  FunctionRegistry functions;
  Diagnostics d;
  std::optional<ir::Module> module = dsl::compile(sources, functions, d);
  std::string messages;
  for (const Diagnostic& x : d.all()) messages += render_text(x, sources);
  EXPECT_TRUE(module.has_value()) << messages;
  if (!module) return nullptr;
  static FunctionRegistry registry;
  return Program::lower(std::move(*module), registry, d);
}

draw::SlaRole role(const draw::Picture& p, const std::string& node, std::size_t sla = 0) {
  for (const draw::PictureNode& n : p.nodes) {
    if (n.name == node) return n.slas.at(sla);
  }
  ADD_FAILURE() << "no node " << node;
  return draw::SlaRole::none;
}

TEST(Draw, AClockStoppedOnOneBranchDoesNotCountPastTheJoin) {
  auto program = build(R"(module m
workflow w(x: int) {
  sla on_site {
    target 2h
    from start until arrive
  }
  step accept
  parallel both
  step arrive
  step repair
  step inform
  join ready
  step callback
  end done
  flow {
    start -> accept -> both
    both -> arrive -> repair -> ready
    both -> inform -> ready
    ready -> callback -> done
  }
}
)");
  ASSERT_NE(program, nullptr);
  draw::Picture p = draw::make_picture(*program, 0);
  using R = draw::SlaRole;
  EXPECT_EQ(role(p, "start"), R::starts);
  EXPECT_EQ(role(p, "accept"), R::counts);
  EXPECT_EQ(role(p, "both"), R::counts);
  EXPECT_EQ(role(p, "arrive"), R::stops);
  EXPECT_EQ(role(p, "inform"), R::counts);   // runs while the crew travels
  EXPECT_EQ(role(p, "repair"), R::none);     // after the stop
  EXPECT_EQ(role(p, "ready"), R::none);      // waits for repair too
  EXPECT_EQ(role(p, "callback"), R::none);
  EXPECT_EQ(role(p, "done"), R::none);
}

TEST(Draw, PausesResetsCancelsAndAStopAtAWait) {
  auto program = build(R"(module m
workflow w(x: int) {
  sla reply {
    target 2h
    from handle until answered
    pause while hold
    cancel at dropped
    reset at redo
  }
  step intake
  step handle
  wait hold
  wait answered
  step redo
  step after
  end done, dropped
  flow {
    start -> intake -> handle -> answered
    handle -> hold on hold
    hold -> handle on back
    hold -> dropped on drop
    answered -> after on ok
    answered -> redo on again
    redo -> handle
    after -> done
  }
}
)");
  ASSERT_NE(program, nullptr);
  draw::Picture p = draw::make_picture(*program, 0);
  using R = draw::SlaRole;
  EXPECT_EQ(role(p, "intake"), R::none);  // before the clock's start
  EXPECT_EQ(role(p, "handle"), R::starts);
  EXPECT_EQ(role(p, "hold"), R::pauses);
  EXPECT_EQ(role(p, "answered"), R::stops);
  EXPECT_EQ(role(p, "after"), R::none);
  EXPECT_EQ(role(p, "redo"), R::resets);
  EXPECT_EQ(role(p, "dropped"), R::cancels);
  // The marks in the boxes, and none on the start circle or for an end that merely ends.
  std::string dot = workflow_dot(*program, 0);
  for (const char* mark : {"SLA reply pauses", "SLA reply stops", "SLA reply resets", "SLA reply cancels"}) {
    EXPECT_NE(dot.find(mark), std::string::npos) << mark;
  }
  EXPECT_EQ(dot.find("SLA reply counts"), std::string::npos);
}

TEST(Draw, GuardsAreWrittenWithTheParenthesesTheyNeed) {
  auto program = build(R"(module m
workflow w(a: int, b: int) {
  step s outcome ok: bool
  end yes, no
  flow {
    start -> s
    s -> yes when (a + b) * 2 > 10 and not (s.ok or a - (b - 1) == 0)
    s -> no otherwise
  }
}
)");
  ASSERT_NE(program, nullptr);
  draw::Picture p = draw::make_picture(*program, 0);
  ASSERT_GE(p.edges.size(), 2u);
  EXPECT_EQ(p.edges[1].text, "when (a + b) * 2 > 10 and not (s.ok or a - (b - 1) == 0)");
}

TEST(Draw, DeepExpressionsStopAtTheDepthLimit) {
  // 10,000 nested negations: written without a deep recursion, cut with an ellipsis.
  auto e = std::make_unique<ir::Expr>();
  e->kind = ir::ExprKind::literal;
  e->literal = Value(std::int64_t{1});
  for (int i = 0; i < 10000; ++i) {
    auto outer = std::make_unique<ir::Expr>();
    outer->kind = ir::ExprKind::unary;
    outer->unary_op = ir::UnaryOp::negate;
    outer->operands.push_back(std::move(e));
    e = std::move(outer);
  }
  std::string text = draw::expr_text(*e, draw::ExprContext{});
  EXPECT_NE(text.find("…"), std::string::npos);
  EXPECT_LT(text.size(), 200u);
  // Destroy iteratively: the test's own chain must not overflow the stack either.
  while (!e->operands.empty()) {
    ir::ExprPtr inner = std::move(e->operands.front());
    e = std::move(inner);
  }
}

}  // namespace
}  // namespace docket
