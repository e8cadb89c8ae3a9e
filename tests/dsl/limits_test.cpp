// Input that used to crash or hang the front end: deep nesting, long chains, exponential backtracking,
// calls nesting too deep or multiplying their cost, and bytes that are not UTF-8.
#include <gtest/gtest.h>

#include <string>

#include "compile_helper.hpp"
#include "docket/core/ir_limits.hpp"
#include "parse/grammar.hpp"

namespace docket {
namespace {

using testing::compile_text;

std::string repeat(std::string_view s, std::size_t n) {
  std::string out;
  out.reserve(s.size() * n);
  for (std::size_t i = 0; i < n; ++i) out += s;
  return out;
}

std::string int_decision(const std::string& answer) {
  return "decision d(x: int) -> int {\n  hit first\n  otherwise " + answer + "\n}\n";
}

std::string bool_decision(const std::string& answer) {
  return "decision d(x: bool) -> bool {\n  hit first\n  otherwise " + answer + "\n}\n";
}

// Exactly one diagnostic with `code`, on line 3 (the `otherwise` line of the decisions above).
void expect_one(const testing::Compiled& c, std::string_view code) {
  EXPECT_FALSE(c.module);
  ASSERT_EQ(c.diagnostics.all().size(), 1u) << c.text();
  EXPECT_EQ(c.diagnostics.all()[0].code, code) << c.text();
  EXPECT_EQ(c.sources.file(1).line_column(c.diagnostics.all()[0].range.begin).line, 3u) << c.text();
}

TEST(Limits, TenThousandNestedParenthesesAreRefusedNotACrash) {
  auto c = compile_text(int_decision(repeat("(", 10000) + "x" + repeat(")", 10000)));
  expect_one(c, "D0102");
  EXPECT_NE(c.text().find("nest more than 256 levels"), std::string::npos) << c.text();
}

TEST(Limits, NestingUpToTheParserLimitIsAccepted) {
  const std::size_t n = dsl::parser::kMaxParseNesting - 1;  // `otherwise` opens the first level
  auto c = compile_text(int_decision(repeat("(", n) + "x" + repeat(")", n)));
  EXPECT_TRUE(c.module) << c.text();
  auto deeper = compile_text(int_decision(repeat("(", n + 1) + "x" + repeat(")", n + 1)));
  expect_one(deeper, "D0102");
}

TEST(Limits, AHundredThousandNotAreRefused) {
  expect_one(compile_text(bool_decision(repeat("not ", 100000) + "x")), "D0102");
}

TEST(Limits, AHundredThousandUnaryMinusAreRefused) {
  expect_one(compile_text(int_decision(repeat("- ", 100000) + "x")), "D0102");
}

TEST(Limits, AHundredThousandNestedListsAreRefused) {
  expect_one(compile_text(bool_decision("x in " + repeat("[", 100000) + "x" + repeat("]", 100000))), "D0102");
}

TEST(Limits, FiftyThousandAndTermsCompileToABalancedTree) {
  auto c = compile_text("decision d(x: int) -> bool {\n  hit first\n  rule when " +
                        repeat("x > 1 and ", 49999) + "x > 1 then true\n  otherwise false\n}\n");
  ASSERT_TRUE(c.module) << c.text();
  const ir::Expr& cond = *c.module->decisions[0].rules[0].condition;
  EXPECT_EQ(cond.binary_op, ir::BinaryOp::logical_and);
  EXPECT_LE(ir::depth_at_most(cond, ir::kMaxNesting), 18u);  // 16 levels of `and`, a comparison, its operands
}

TEST(Limits, FiftyThousandOrTermsAndLongInListsToo) {
  auto ors = compile_text(bool_decision(repeat("x or ", 49999) + "x"));
  ASSERT_TRUE(ors.module) << ors.text();
  std::string items;
  for (int i = 0; i < 20000; ++i) items += (i == 0 ? "" : ", ") + std::to_string(i);
  auto in = compile_text("decision d(x: int) -> bool {\n  hit first\n  otherwise x in (" + items + ")\n}\n");
  ASSERT_TRUE(in.module) << in.text();
  EXPECT_LE(ir::depth_at_most(*in.module->decisions[0].otherwise, ir::kMaxNesting), 17u);
}

TEST(Limits, FiftyThousandPlusTermsAreRefusedWithTheirOwnCode) {
  auto c = compile_text("record C { n: int }\ndecision d(c: C) -> int {\n  hit first\n  otherwise " +
                        repeat("c.n + ", 49999) + "c.n\n}\n");
  EXPECT_FALSE(c.module);
  ASSERT_EQ(c.diagnostics.all().size(), 1u) << c.text().substr(0, 2000);
  EXPECT_EQ(c.diagnostics.all()[0].code, "D0312");
  EXPECT_NE(c.text().find("chain of 49999 operators"), std::string::npos) << c.text().substr(0, 2000);
}

TEST(Limits, NestedChainsDeeperThanTheLimitAltogetherAreRefused) {
  // 200 brackets, each holding a chain of 10 `+`: 2,000 levels once folded, each part well within limits.
  std::string e = "x";
  for (int i = 0; i < 200; ++i) e = "(" + e + repeat(" + x", 10) + ")";
  auto c = compile_text(int_decision(e));
  expect_one(c, "D0312");
}

TEST(Limits, NestedInListsParseInLinearTime) {
  // `x in (x in (...))` used to be parsed twice per level (range, then list): 2^30 parses here.
  std::string e = "x";
  for (int i = 0; i < 30; ++i) e = "x in (" + e + ")";
  auto c = compile_text(bool_decision(e));
  EXPECT_TRUE(c.module) << c.text();
  std::string r = "1";
  for (int i = 0; i < 30; ++i) r = "x in [" + r + " .. 5)";
  auto ranges = compile_text(int_decision(r));
  EXPECT_FALSE(ranges.module);  // a bool compared with ints: a type error, found quickly
  EXPECT_TRUE(ranges.has_code("D0303")) << ranges.text();
}

// A chain of `n` decisions, each calling the next once: d0 -> d1 -> ... -> d{n-1}.
std::string call_chain(std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i + 1 < n; ++i) {
    out += "decision d" + std::to_string(i) + "(x: int) -> int {\n  hit first\n  otherwise d" + std::to_string(i + 1) +
           "(x)\n}\n";
  }
  out += "decision d" + std::to_string(n - 1) + "(x: int) -> int {\n  hit first\n  otherwise x\n}\n";
  return out;
}

TEST(Limits, CallsNestingDeeperThanTheLimitAreRefused) {
  auto ok = compile_text(call_chain(ir::kMaxNesting - 10));
  EXPECT_TRUE(ok.module) << ok.text().substr(0, 2000);
  auto deep = compile_text(call_chain(5000));
  EXPECT_FALSE(deep.module);
  // Reported once, where the chain crosses the limit (its callers are too deep because of it).
  ASSERT_EQ(deep.diagnostics.all().size(), 1u) << deep.text().substr(0, 2000);
  EXPECT_EQ(deep.diagnostics.all()[0].code, "D0432");
  EXPECT_NE(deep.text().find("`d4499` nests more than 500 levels deep"), std::string::npos) << deep.text();
  EXPECT_NE(deep.text().find("d4499 -> d4500 -> d4501 -> d4502 -> d4503 -> d4504 -> ... (499 calls deep)"),
            std::string::npos)
      << deep.text();
}

// `levels` decisions, each calling the next twice: the cost doubles at every level.
std::string doubling(std::size_t levels) {
  std::string out;
  for (std::size_t i = 0; i + 1 < levels; ++i) {
    const std::string next = "d" + std::to_string(i + 1);
    out += "decision d" + std::to_string(i) + "(x: int) -> int {\n  hit first\n  otherwise " + next + "(x) + " + next +
           "(x)\n}\n";
  }
  out += "decision d" + std::to_string(levels - 1) + "(x: int) -> int {\n  hit first\n  otherwise x\n}\n";
  return out;
}

TEST(Limits, ExponentialCostIsADiagnosticNotTwoToTheSixtyFour) {
  auto c = compile_text(doubling(70));
  EXPECT_FALSE(c.module);
  // Once, at the decision whose count overflows (its callers overflow because of it).
  ASSERT_EQ(c.diagnostics.all().size(), 1u) << c.text().substr(0, 2000);
  EXPECT_EQ(c.diagnostics.all()[0].code, "D0431");
  EXPECT_NE(c.text().find("(2^64 or more): it calls `d8` 2 times"), std::string::npos) << c.text();
  auto small = compile_text(doubling(20));
  ASSERT_TRUE(small.module) << small.text();
  EXPECT_GT(small.module->decisions[0].worst_case_cost, 1u << 20);
  EXPECT_LT(small.module->decisions[0].worst_case_cost, ir::kCostSaturated);
}

TEST(Limits, TheDefaultBudgetRefusesCostlyDecisions) {
  auto c = compile_text(doubling(30));  // about 2^32 steps
  ASSERT_TRUE(c.module) << c.text();
  Diagnostics d;
  EXPECT_FALSE(dsl::check_cost_budget(*c.module, ir::kDefaultStepBudget, d));
  ASSERT_EQ(d.all().size(), 1u);  // where the cost crosses the budget, not at every caller
  EXPECT_EQ(d.all()[0].code, "D0430");
  EXPECT_NE(d.all()[0].hint.find("max_cost"), std::string::npos) << d.all()[0].hint;
}

TEST(Limits, ALongCycleOfCallsIsFoundWithoutRecursion) {
  std::string text = call_chain(3000);
  const std::string last = "otherwise x\n}\n";
  text.replace(text.rfind(last), last.size(), "otherwise d0(x)\n}\n");
  auto c = compile_text(text);
  EXPECT_FALSE(c.module);
  EXPECT_TRUE(c.has_code("D0309"));
}

TEST(Limits, InvalidUtf8IsRefusedWhereItIs) {
  auto c = compile_text("workflow w() {\n  step a by role \"r\xff\"\n  end done\n  flow { start -> a -> done }\n}\n");
  EXPECT_FALSE(c.module);
  ASSERT_TRUE(c.has_code("D0103")) << c.text();
  EXPECT_NE(c.text().find("test.dkt:2:20"), std::string::npos) << c.text();
  EXPECT_NE(c.text().find("byte 0xFF"), std::string::npos) << c.text();
  // Overlong forms and surrogates are not UTF-8 either.
  EXPECT_TRUE(compile_text("# \xC0\xAF\n").has_code("D0103"));
  EXPECT_TRUE(compile_text("# \xED\xA0\x80\n").has_code("D0103"));
  EXPECT_FALSE(compile_text("# 中文 ✓\n").has_code("D0103"));
}

}  // namespace
}  // namespace docket
