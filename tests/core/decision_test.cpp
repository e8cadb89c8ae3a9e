// Decisions: hit first (the first rule that holds answers), otherwise, and decisions calling decisions.
#include <gtest/gtest.h>

#include "eval/eval_error.hpp"
#include "eval/interpreter.hpp"
#include "ir_builder.hpp"

namespace docket {
namespace {

using namespace docket::test;
using ir::BinaryOp;

// decision segment(voltage_kv: number, important: bool) -> text {
//   rule "critical load" when important then "critical"
//   rule when voltage_kv >= 110 then "transmission"
//   rule when voltage_kv >= 10 then "hv"
//   otherwise "lv"
// }
// decision label(v: number) -> text { rule when segment(v, false) == "hv" then "high voltage"; otherwise "other" }
class DecisionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ir::Decision& segment = module.decisions.emplace_back();
    segment.name = "segment";
    segment.params = {{"voltage_kv", Type::number(), {}}, {"important", Type::boolean(), {}}};
    segment.result = Type::text();
    add_rule(segment, "critical load", param(1, Type::boolean()), "critical");
    add_rule(segment, "", test_op(BinaryOp::ge, param(0, Type::number()), int_lit(110)), "transmission");
    add_rule(segment, "", test_op(BinaryOp::ge, param(0, Type::number()), int_lit(10)), "hv");
    segment.otherwise = text_lit("lv");

    ir::Decision& label = module.decisions.emplace_back();
    label.name = "label";
    label.params = {{"v", Type::number(), {}}};
    label.result = Type::text();
    auto call = call_decision(0, Type::text(), param(0, Type::number()), bool_lit(false));
    add_rule(label, "", test_op(BinaryOp::eq, std::move(call), text_lit("hv")), "high voltage");
    label.otherwise = text_lit("other");
  }

  static void add_rule(ir::Decision& d, std::string label, ir::ExprPtr condition, std::string result) {
    ir::Rule rule;
    rule.label = std::move(label);
    rule.condition = std::move(condition);
    rule.result = text_lit(std::move(result));
    d.rules.push_back(std::move(rule));
  }

  detail::DecisionResult segment(double kv, bool important) {
    std::vector<Value> args{kv, important};
    return interpreter.decide(0, args);
  }

  ir::Module module;
  detail::FunctionBindings bindings;
  detail::Interpreter interpreter{module, bindings};
};

TEST_F(DecisionTest, FirstRuleThatHoldsAnswersEvenWhenLaterOnesHoldToo) {
  detail::DecisionResult r = segment(220.0, true);  // rules 1, 2 and 3 all hold
  EXPECT_EQ(r.value.as_text(), "critical");
  EXPECT_EQ(r.rule, 0U);
  r = segment(220.0, false);  // rules 2 and 3 hold
  EXPECT_EQ(r.value.as_text(), "transmission");
  EXPECT_EQ(r.rule, 1U);
  r = segment(10.0, false);
  EXPECT_EQ(r.value.as_text(), "hv");
  EXPECT_EQ(r.rule, 2U);
}

TEST_F(DecisionTest, OtherwiseAnswersWhenNoRuleHolds) {
  detail::DecisionResult r = segment(0.4, false);
  EXPECT_EQ(r.value.as_text(), "lv");
  EXPECT_FALSE(r.rule.has_value());
}

TEST_F(DecisionTest, DecisionsCallDecisions) {
  std::vector<Value> hv{Value(35.0)};
  std::vector<Value> lv{Value(0.4)};
  EXPECT_EQ(interpreter.decide(1, hv).value.as_text(), "high voltage");
  EXPECT_EQ(interpreter.decide(1, lv).value.as_text(), "other");
}

TEST_F(DecisionTest, WrongArgumentCountAndRecursionAreErrors) {
  std::vector<Value> none;
  EXPECT_THROW((void)interpreter.decide(0, none), detail::EvalError);
  ir::Decision& loop = module.decisions.emplace_back();
  loop.name = "loop";
  loop.result = Type::text();
  loop.otherwise = call_decision(2, Type::text());
  try {
    (void)interpreter.decide(2, none);
    ADD_FAILURE() << "a recursive decision must not evaluate";
  } catch (const detail::EvalError& e) {
    EXPECT_NE(std::string(e.what()).find("is it recursive"), std::string::npos);
  }
}

}  // namespace
}  // namespace docket
