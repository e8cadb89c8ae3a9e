// Expression interpreter: arithmetic, comparisons, short-circuit logic, fields, outcomes, functions.
#include <gtest/gtest.h>

#include <limits>

#include "eval/eval_error.hpp"
#include "eval/interpreter.hpp"
#include "ir_builder.hpp"

namespace docket {
namespace {

using namespace docket::test;
using detail::EvalError;
using ir::BinaryOp;

class EvalTest : public ::testing::Test {
 protected:
  Value eval(const ir::Expr& e, std::span<const Value> params = {}) {
    detail::Environment env;
    env.params = params;
    return interpreter.evaluate(e, env);
  }
  // The message of the EvalError evaluating `e` throws; fails the test when it does not throw.
  std::string error_of(const ir::Expr& e, std::span<const Value> params = {}) {
    try {
      Value v = eval(e, params);
      ADD_FAILURE() << "expected an evaluation error, got " << to_string(v);
    } catch (const EvalError& err) {
      return err.what();
    }
    return {};
  }
  void bind(const ir::Expr& call) { bindings.bind(call, *registry.find(call.callee())); }

  ir::Module module;
  FunctionRegistry registry;
  detail::FunctionBindings bindings;
  detail::Interpreter interpreter{module, bindings};
};

TEST_F(EvalTest, IntegerArithmeticStaysInteger) {
  auto e = binary(BinaryOp::add, int_lit(40), binary(BinaryOp::mul, int_lit(2), int_lit(3), Type::integer()),
                  Type::integer());
  Value v = eval(*e);
  ASSERT_TRUE(v.holds<std::int64_t>());
  EXPECT_EQ(v.as_int(), 46);
  auto div = binary(BinaryOp::div, int_lit(-7), int_lit(2), Type::integer());
  EXPECT_EQ(eval(*div).as_int(), -3);  // truncates toward zero
}

TEST_F(EvalTest, IntOpNumberGivesNumber) {
  auto e = binary(BinaryOp::div, int_lit(7), num_lit(2.0), Type::number());
  Value v = eval(*e);
  ASSERT_TRUE(v.holds<double>());
  EXPECT_DOUBLE_EQ(v.as_number(), 3.5);
  auto typed_number = binary(BinaryOp::div, int_lit(7), int_lit(2), Type::number());
  EXPECT_DOUBLE_EQ(eval(*typed_number).as_number(), 3.5);
  auto literal = lit(Value(std::int64_t{3}), Type::number());
  EXPECT_TRUE(eval(*literal).holds<double>());
}

TEST_F(EvalTest, DivisionByZeroIsAnErrorNotUndefinedBehaviour) {
  auto ints = binary(BinaryOp::div, int_lit(10), int_lit(0), Type::integer());
  EXPECT_EQ(error_of(*ints), "division by zero: 10 / 0");
  auto numbers = binary(BinaryOp::div, num_lit(1.5), num_lit(0.0), Type::number());
  EXPECT_NE(error_of(*numbers).find("division by zero"), std::string::npos);
}

TEST_F(EvalTest, IntegerOverflowIsAnError) {
  const std::int64_t max = std::numeric_limits<std::int64_t>::max();
  auto add = binary(BinaryOp::add, int_lit(max), int_lit(1), Type::integer());
  EXPECT_NE(error_of(*add).find("overflow"), std::string::npos);
  auto div = binary(BinaryOp::div, int_lit(std::numeric_limits<std::int64_t>::min()), int_lit(-1), Type::integer());
  EXPECT_NE(error_of(*div).find("overflow"), std::string::npos);
  auto neg = unary(ir::UnaryOp::negate, int_lit(std::numeric_limits<std::int64_t>::min()), Type::integer());
  EXPECT_NE(error_of(*neg).find("overflow"), std::string::npos);
}

TEST_F(EvalTest, ComparesNumbersTextEnumsAndDurations) {
  EXPECT_TRUE(eval(*test_op(BinaryOp::ge, num_lit(110.0), int_lit(110))).as_bool());
  EXPECT_FALSE(eval(*test_op(BinaryOp::lt, int_lit(3), int_lit(2))).as_bool());
  EXPECT_TRUE(eval(*test_op(BinaryOp::lt, text_lit("apple"), text_lit("banana"))).as_bool());

  EnumDef area{"Area", {"urban", "rural", "remote"}};
  EXPECT_TRUE(eval(*test_op(BinaryOp::lt, enum_lit(area, "urban"), enum_lit(area, "remote"))).as_bool());
  EXPECT_TRUE(eval(*test_op(BinaryOp::eq, enum_lit(area, "rural"), enum_lit(area, "rural"))).as_bool());
  EXPECT_TRUE(eval(*test_op(BinaryOp::ne, enum_lit(area, "rural"), enum_lit(area, "urban"))).as_bool());

  auto day = dur_lit(86400, DurationUnit::seconds);
  EXPECT_TRUE(eval(*test_op(BinaryOp::gt, std::move(day), dur_lit(3600, DurationUnit::seconds))).as_bool());
  auto mixed = test_op(BinaryOp::lt, dur_lit(1, DurationUnit::workdays), dur_lit(3600, DurationUnit::seconds));
  EXPECT_NE(error_of(*mixed).find("cannot compare 1 workday with 1h"), std::string::npos);
}

TEST_F(EvalTest, EqualityWorksOnAnyType) {
  EXPECT_TRUE(eval(*test_op(BinaryOp::eq, int_lit(3), num_lit(3.0))).as_bool());
  EXPECT_TRUE(eval(*test_op(BinaryOp::ne, text_lit("a"), text_lit("b"))).as_bool());
  EXPECT_TRUE(eval(*test_op(BinaryOp::eq, bool_lit(false), bool_lit(false))).as_bool());
  EXPECT_TRUE(eval(*test_op(BinaryOp::eq, dur_lit(2, DurationUnit::workdays), dur_lit(2, DurationUnit::workdays))).as_bool());
  EXPECT_FALSE(eval(*test_op(BinaryOp::eq, dur_lit(2, DurationUnit::workdays), dur_lit(2, DurationUnit::workhours))).as_bool());
}

TEST_F(EvalTest, TimeAndDurationArithmetic) {
  Instant t0{std::chrono::seconds{1'700'000'000}};
  auto later = binary(BinaryOp::add, lit(t0, Type::time()), dur_lit(3600, DurationUnit::seconds), Type::time());
  EXPECT_EQ(eval(*later).as_time(), t0 + std::chrono::hours{1});
  auto gap = binary(BinaryOp::sub, lit(t0 + std::chrono::minutes{45}, Type::time()), lit(t0, Type::time()), Type::duration());
  EXPECT_EQ(eval(*gap).as_duration(), (Duration{2700, DurationUnit::seconds}));
  auto business = binary(BinaryOp::add, lit(t0, Type::time()), dur_lit(1, DurationUnit::workdays), Type::time());
  EXPECT_NE(error_of(*business).find("business calendar"), std::string::npos);
}

TEST_F(EvalTest, AndOrShortCircuit) {
  registry.add({"boom", {}, Type::boolean(), "test"}, [](std::span<const Value>) -> Value {
    throw FunctionError("must not be called");
  });
  auto and_expr = test_op(BinaryOp::logical_and, bool_lit(false), call_function("boom", Type::boolean()));
  bind(*and_expr->operands[1]);
  EXPECT_FALSE(eval(*and_expr).as_bool());
  auto or_expr = test_op(BinaryOp::logical_or, bool_lit(true), call_function("boom", Type::boolean()));
  bind(*or_expr->operands[1]);
  EXPECT_TRUE(eval(*or_expr).as_bool());
  auto evaluated = test_op(BinaryOp::logical_or, bool_lit(false), call_function("boom", Type::boolean()));
  bind(*evaluated->operands[1]);
  EXPECT_EQ(error_of(*evaluated), "function `boom` failed: must not be called");
  auto not_expr = unary(ir::UnaryOp::logical_not, bool_lit(true), Type::boolean());
  EXPECT_FALSE(eval(*not_expr).as_bool());
}

TEST_F(EvalTest, ReadsParamsAndRecordFields) {
  RecordDef& customer = module.records.emplace_back(RecordDef{"Customer", {}});
  customer.fields.push_back({"id", Type::text(), {}});
  customer.fields.push_back({"voltage_kv", Type::number(), {}});
  auto record = std::make_shared<RecordValue>(RecordValue{&customer, {Value("C1"), Value(10.5)}});
  std::vector<Value> params{Value(Value::Record(record))};
  auto e = field(param(0, Type(&customer)), "voltage_kv");
  EXPECT_DOUBLE_EQ(eval(*e, params).as_number(), 10.5);
}

TEST_F(EvalTest, ReadsStepOutcomesAndReportsUnsetOnes) {
  ir::Workflow wf;
  wf.nodes.resize(2);
  wf.nodes[1].name = "survey";
  wf.nodes[1].outcomes.push_back({"feasible", Type::boolean(), {}});
  std::vector<std::vector<Value>> outcomes{{}, {Value()}};
  detail::Environment env;
  env.workflow = &wf;
  env.outcomes = outcomes;
  auto e = outcome(1, 0, Type::boolean());
  try {
    (void)interpreter.evaluate(*e, env);
    ADD_FAILURE() << "an unset outcome must not evaluate";
  } catch (const EvalError& err) {
    EXPECT_STREQ(err.what(), "outcome `survey.feasible` is not set: step `survey` has not completed yet");
  }
  outcomes[1][0] = true;
  EXPECT_TRUE(interpreter.evaluate(*e, env).as_bool());
}

TEST_F(EvalTest, CallsFunctionsThroughTheRegistry) {
  registry.add({"geo.distance_km", {Type::number(), Type::number()}, Type::number(), "test"},
               [](std::span<const Value> args) -> Value { return args[1].as_number() - args[0].as_number(); });
  auto e = call_function("geo.distance_km", Type::number(), num_lit(2.5), num_lit(10.0));
  bind(*e);
  EXPECT_DOUBLE_EQ(eval(*e).as_number(), 7.5);
}

TEST_F(EvalTest, FunctionErrorsAndBadResultsBecomeEvaluationFailures) {
  registry.add({"site.district", {Type::text()}, Type::text(), "plugin"}, [](std::span<const Value> args) -> Value {
    throw FunctionError("no district for address " + args[0].as_text());
  });
  registry.add({"site.lying", {}, Type::text(), "plugin"}, [](std::span<const Value>) -> Value { return std::int64_t{4}; });
  auto failing = call_function("site.district", Type::text(), text_lit("nowhere"));
  bind(*failing);
  EXPECT_EQ(error_of(*failing), "function `site.district` failed: no district for address nowhere");
  auto lying = call_function("site.lying", Type::text());
  bind(*lying);
  EXPECT_EQ(error_of(*lying), "function `site.lying` returned int 4, but its signature promises text");
  auto unbound = call_function("site.unbound", Type::text());
  EXPECT_NE(error_of(*unbound).find("not bound"), std::string::npos);
}

}  // namespace
}  // namespace docket
