// Table analysis tests: what the checker proves about overlaps, gaps and dead rows, case by case.
#include <gtest/gtest.h>

#include "compile_helper.hpp"

namespace docket {
namespace {

using testing::compile_text;

std::string table(const std::string& signature, const std::string& hit, const std::string& rows) {
  std::string area = signature.find("Area") != std::string::npos ? "enum Area { urban, rural, remote }\n" : "\n";
  return "module m\n" + area + "table t(" + signature + ") -> int {\n  hit " + hit + "\n" +
         rows + "\n}\n";
}

TEST(TableAnalysis, AdjacentWholeNumbersLeaveNoGap) {
  auto c = compile_text(table("n: int", "unique", "  | n || v |\n  | <= 1 || 1 |\n  | 2 || 2 |\n  | >= 3 || 3 |"));
  EXPECT_TRUE(c.module) << c.text();
  EXPECT_TRUE(c.diagnostics.all().empty()) << c.text();
}

TEST(TableAnalysis, TheSameCellsOnANumberColumnLeaveAGapBetweenTwoAndThree) {
  auto c = compile_text(table("n: number", "unique", "  | n || v |\n  | <= 1 || 1 |\n  | 2 || 2 |\n  | >= 3 || 3 |"));
  EXPECT_TRUE(c.has_code("D0422")) << c.text();
  EXPECT_NE(c.text().find("n = between 1 and 2"), std::string::npos) << c.text();
}

TEST(TableAnalysis, HalfOpenRangesMeetExactlyAtTheirEnds) {
  auto ok = compile_text(table("s: number", "unique", "  | s || v |\n  | < 90 || 1 |\n  | [90..95) || 2 |\n  | >= 95 || 3 |"));
  EXPECT_TRUE(ok.diagnostics.all().empty()) << ok.text();
  auto overlap = compile_text(table("s: number", "unique", "  | s || v |\n  | < 90 || 1 |\n  | [90..95] || 2 |\n  | >= 95 || 3 |"));
  EXPECT_TRUE(overlap.has_code("D0420")) << overlap.text();
  EXPECT_NE(overlap.text().find("s = 95"), std::string::npos) << overlap.text();
  auto gap = compile_text(table("s: number", "unique", "  | s || v |\n  | < 90 || 1 |\n  | (90..95) || 2 |\n  | >= 95 || 3 |"));
  EXPECT_TRUE(gap.has_code("D0422")) << gap.text();
  EXPECT_NE(gap.text().find("s = 90"), std::string::npos) << gap.text();
}

TEST(TableAnalysis, EnumColumnsCanBeProvedComplete) {
  auto c = compile_text(table("a: Area, n: int", "unique",
                              "  | a | n || v |\n  | urban, rural | - || 1 |\n  | remote | < 5 || 2 |\n  | remote | >= 5 || 3 |"));
  EXPECT_TRUE(c.diagnostics.all().empty()) << c.text();
}

TEST(TableAnalysis, TextColumnsHaveAnOtherTextGap) {
  auto c = compile_text(table("g: text", "first", "  | g || v |\n  | \"A\" || 52 |\n  | \"B\", \"C\" || 12 |"));
  EXPECT_TRUE(c.has_code("D0422")) << c.text();
  EXPECT_NE(c.text().find("g = any other text"), std::string::npos) << c.text();
}

TEST(TableAnalysis, FirstWarnsOnlyAboutRowsThatNeverFire) {
  auto c = compile_text(table("a: Area, n: int", "first",
                              "  | a | n || v |\n  | urban | - || 1 |\n  | urban | > 3 || 2 |\n  | - | > 3 || 3 |\n  | - | - || 4 |"));
  EXPECT_EQ(c.diagnostics.all().size(), 1u) << c.text();
  EXPECT_TRUE(c.has_code("D0423")) << c.text();
  EXPECT_NE(c.text().find("line 7"), std::string::npos) << c.text();  // `| urban | > 3 |`, under `| urban | - |`
}

TEST(TableAnalysis, ARowWithAnEmptyRangeNeverFires) {
  auto c = compile_text(table("a: Area, n: int", "first",
                              "  | a | n || v |\n  | urban | - || 1 |\n  | rural | [5..5) || 2 |\n  | - | - || 3 |"));
  EXPECT_TRUE(c.has_code("D0423")) << c.text();
  EXPECT_NE(c.text().find("line 7"), std::string::npos) << c.text();
}

TEST(TableAnalysis, AnyAllowsOverlapsThatAgree) {
  auto agree = compile_text(table("a: Area", "any", "  | a || v |\n  | urban, rural || 1 |\n  | rural, remote || 1 |"));
  EXPECT_TRUE(agree.diagnostics.all().empty()) << agree.text();
  auto disagree = compile_text(table("a: Area", "any", "  | a || v |\n  | urban, rural || 1 |\n  | rural, remote || 2 |"));
  EXPECT_TRUE(disagree.has_code("D0421")) << disagree.text();
  EXPECT_NE(disagree.text().find("a = rural"), std::string::npos) << disagree.text();
}

TEST(TableAnalysis, CollectPoliciesNeedNoCompleteness) {
  auto c = compile_text(table("a: Area", "collect sum", "  | a || v |\n  | urban || 1 |"));
  EXPECT_TRUE(c.diagnostics.all().empty()) << c.text();
}

TEST(TableAnalysis, ComputedCellsAreNotAnalysed) {
  auto c = compile_text(table("n: int, limit: int", "unique", "  | n || v |\n  | >= limit || 1 |\n  | < limit || 2 |"));
  EXPECT_TRUE(c.module) << c.text();
  EXPECT_FALSE(c.has_code("D0420"));
  EXPECT_FALSE(c.has_code("D0422"));
}

TEST(TableAnalysis, ColumnsMayBeFieldsOfOneRecord) {
  auto c = compile_text(std::string("module m\nenum Area { urban, rural }\nrecord C { kv : number  area : Area }\n") +
                        "table t(c: C) -> text {\n  hit unique\n  | c.kv | c.area || s |\n  | >= 10 | - || \"hv\" |\n"
                        "  | < 10 | urban || \"lv_u\" |\n  | < 10 | rural || \"lv_r\" |\n}\n");
  EXPECT_TRUE(c.diagnostics.all().empty()) << c.text();
  ASSERT_TRUE(c.module);
  EXPECT_EQ(c.module->find_decision("t")->columns[0].label, "c.kv");
}

}  // namespace
}  // namespace docket
