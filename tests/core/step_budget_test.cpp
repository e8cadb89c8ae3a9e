// The run-time step budget: an evaluation whose decisions call decisions many times over stops with
// the same error in the interpreter, the compiled evaluator (one call and batches) and explain.
#include <gtest/gtest.h>

#include "docket/core/compiled_decision.hpp"
#include "docket/core/explain.hpp"
#include "eval/eval_error.hpp"
#include "eval/interpreter.hpp"
#include "lower/program_evaluators.hpp"
#include "ir_builder.hpp"

namespace docket {
namespace {

using test::binary;
using test::call_decision;
using test::int_decision;
using test::param;



// A call of decision `callee` on the parameter.
ir::ExprPtr call_x(std::uint32_t callee) { return call_decision(callee, Type::integer(), param(0, Type::integer())); }

// `levels` decisions, each adding two calls of the next: 2^levels calls for one of d0.
std::shared_ptr<const Program> doubling(std::uint32_t levels, std::uint64_t budget, const FunctionRegistry& functions) {
  ir::Module m;
  for (std::uint32_t i = 0; i + 1 < levels; ++i) {
    m.decisions.push_back(int_decision("d" + std::to_string(i), binary(ir::BinaryOp::add, call_x(i + 1), call_x(i + 1), Type::integer())));
  }
  m.decisions.push_back(int_decision("last", param(0, Type::integer())));
  Diagnostics d;
  auto program = Program::lower(std::move(m), functions, d, {}, LowerOptions{budget});
  EXPECT_NE(program, nullptr);
  return program;
}

const std::string kStopped = "decision `d";  // the start of the message; the rest is compared whole below

TEST(StepBudget, AnExponentialEvaluationStopsInEveryEvaluator) {
  FunctionRegistry functions;
  // 70 levels: 2^70 calls, which never returned before.
  auto program = doubling(70, 100'000, functions);
  ASSERT_NE(program, nullptr);
  EXPECT_EQ(program->step_budget(), 100'000u);
  const std::vector<Value> args{Value(std::int64_t{1})};

  std::string interpreted;
  try {
    (void)detail::reference_interpreter(*program).decide(0, args);
    ADD_FAILURE() << "the interpreter did not stop";
  } catch (const detail::EvalError& e) {
    interpreted = e.what();
  }
  EXPECT_NE(interpreted.find("went beyond its budget of 100000 steps"), std::string::npos) << "[" << interpreted << "]";

  CompiledDecision compiled(program, "d0");
  try {
    (void)compiled.evaluate(args);
    ADD_FAILURE() << "the compiled evaluator did not stop";
  } catch (const EvaluationError& e) {
    EXPECT_EQ(std::string(e.what()), interpreted);
  }
  InputBatch in(compiled);
  in.resize(3);
  for (std::size_t row = 0; row < 3; ++row) in.set_args(row, args);
  OutputBatch out;
  compiled.evaluate(in, out);
  for (std::size_t row = 0; row < 3; ++row) {
    EXPECT_FALSE(out.ok(row));
    EXPECT_EQ(std::string(out.error(row)), interpreted);
  }

  const Explanation e = explain(*program, "d0", args);
  EXPECT_EQ(e.error, interpreted);
}

TEST(StepBudget, AnEvaluationWithinItsWorstCaseNeverStops) {
  FunctionRegistry functions;
  auto program = doubling(10, 100'000, functions);  // about 6,000 steps at most
  ASSERT_NE(program, nullptr);
  EXPECT_LT(program->module().decisions[0].worst_case_cost, 100'000u);
  const std::vector<Value> args{Value(std::int64_t{1})};
  EXPECT_EQ(detail::reference_interpreter(*program).decide(0, args).value, Value(std::int64_t{512}));
  CompiledDecision compiled(program, "d0");
  EXPECT_EQ(compiled.evaluate(args), Value(std::int64_t{512}));
  // The same program with a budget below its worst case stops, though it would have finished.
  auto tight = doubling(10, 100, functions);
  EXPECT_THROW((void)detail::reference_interpreter(*tight).decide(0, args), detail::EvalError);
}

}  // namespace
}  // namespace docket
