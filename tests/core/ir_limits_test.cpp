// IR built by a host (no checker): trees of any depth are destroyed and measured without recursion,
// and lowering refuses expressions and call chains that nest too deep, or calls in a cycle.
#include <gtest/gtest.h>

#include "docket/core/ir_limits.hpp"
#include "eval/interpreter.hpp"
#include "ir_builder.hpp"

namespace docket {
namespace {

using test::binary;
using test::call_decision;
using test::int_decision;
using test::int_lit;
using test::param;

// A call of decision `callee` on the parameter.
ir::ExprPtr call_x(std::uint32_t callee) { return call_decision(callee, Type::integer(), param(0, Type::integer())); }

// `p0 + p0 + ...` folded to the left: `terms` - 1 levels of `+` above the first term.
ir::ExprPtr left_sum(std::size_t terms) {
  ir::ExprPtr e = param(0, Type::integer());
  for (std::size_t i = 1; i < terms; ++i) e = binary(ir::BinaryOp::add, std::move(e), param(0, Type::integer()), Type::integer());
  return e;
}



bool has_code(const Diagnostics& d, std::string_view code) {
  for (const Diagnostic& x : d.all()) {
    if (x.code == code) return true;
  }
  return false;
}

TEST(IrLimits, AMillionLevelsAreDestroyedAndMeasuredWithoutRecursion) {
  ir::ExprPtr e = left_sum(1'000'000);
  EXPECT_EQ(ir::depth_at_most(*e, ir::kMaxNesting), ir::kMaxNesting + 1);
  EXPECT_EQ(ir::depth_at_most(*left_sum(10), ir::kMaxNesting), 10u);
  e.reset();  // a recursive destructor overflowed the stack here
}

TEST(IrLimits, LoweringRefusesAnExpressionDeeperThanTheLimit) {
  ir::Module m;
  m.decisions.push_back(int_decision("deep", left_sum(50'000)));
  Diagnostics d;
  FunctionRegistry functions;
  EXPECT_EQ(Program::lower(std::move(m), functions, d), nullptr);
  EXPECT_TRUE(has_code(d, "D0805"));
}

TEST(IrLimits, LoweringRefusesCallsNestingTooDeepOrInACycle) {
  FunctionRegistry functions;
  {
    ir::Module m;
    const std::uint32_t n = 3000;
    for (std::uint32_t i = 0; i + 1 < n; ++i) m.decisions.push_back(int_decision("d" + std::to_string(i), call_x(i + 1)));
    m.decisions.push_back(int_decision("last", param(0, Type::integer())));
    Diagnostics d;
    EXPECT_EQ(Program::lower(std::move(m), functions, d), nullptr);
    EXPECT_TRUE(has_code(d, "D0806"));
  }
  {
    ir::Module m;
    m.decisions.push_back(int_decision("a", call_x(1)));
    m.decisions.push_back(int_decision("b", call_x(0)));
    Diagnostics d;
    EXPECT_EQ(Program::lower(std::move(m), functions, d), nullptr);
    EXPECT_TRUE(has_code(d, "D0806"));
    EXPECT_NE(d.all()[0].message.find("calls itself"), std::string::npos) << d.all()[0].message;
  }
}

TEST(IrLimits, LoweringComputesTheWorstCaseCostOfAHostModule) {
  ir::Module m;
  m.decisions.push_back(int_decision("a", binary(ir::BinaryOp::add, call_x(1),
                                             call_x(1), Type::integer())));
  m.decisions.push_back(int_decision("b", int_lit(1)));
  Diagnostics d;
  FunctionRegistry functions;
  auto program = Program::lower(std::move(m), functions, d);
  ASSERT_NE(program, nullptr);
  EXPECT_EQ(program->module().decisions[1].worst_case_cost, 2u);               // the call and its literal
  EXPECT_EQ(program->module().decisions[0].worst_case_cost, 1u + 5u + 2u * 2u);  // +, two calls, two params
}

TEST(IrLimits, CostsSaturateAndTheCostliestCalleeIsNamed) {
  ir::Module m;
  const std::uint32_t levels = 70;
  for (std::uint32_t i = 0; i + 1 < levels; ++i) {
    m.decisions.push_back(int_decision("d" + std::to_string(i),
                                   binary(ir::BinaryOp::add, call_x(i + 1),
                                          call_x(i + 1), Type::integer())));
  }
  m.decisions.push_back(int_decision("last", param(0, Type::integer())));
  const std::vector<ir::DecisionBounds> b = ir::decision_bounds(m);
  EXPECT_EQ(b[0].cost, ir::kCostSaturated);
  EXPECT_EQ(b[0].own_cost, 6u);
  EXPECT_EQ(b[0].costliest_callee, 1u);
  EXPECT_EQ(b[0].costliest_calls, 2u);
  EXPECT_LT(b[levels - 5].cost, 1000u);
  EXPECT_FALSE(b[0].cyclic);
}

}  // namespace
}  // namespace docket
