// docket fmt, rule by rule: spacing, indentation, blank lines, comments, tables and columns.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "docket/dsl/format.hpp"
#include "fenced_blocks.hpp"
#include "fmt/display_width.hpp"

namespace docket {
namespace {

// The formatted text; fails the test when the formatter refuses.
std::string formatted(const std::string& text) {
  SourceSet sources;
  std::uint32_t id = sources.add("t.dkt", text);
  Diagnostics d;
  std::optional<std::string> out = dsl::format_source(sources, id, d);
  EXPECT_TRUE(out.has_value()) << (d.all().empty() ? "" : render_text(d.all()[0], sources));
  std::string result = out.value_or("");
  if (out) {
    SourceSet again_sources;
    Diagnostics again_d;
    std::optional<std::string> again = dsl::format_source(again_sources, again_sources.add("t.dkt", result), again_d);
    EXPECT_EQ(again.value_or("<refused>"), result) << "not idempotent";
  }
  return result;
}

TEST(FmtLayout, RespacesTokensCanonically) {
  EXPECT_EQ(formatted("module   m\ndecision f( x : int )->int{hit first rule when x>=-1 and x<10 then x+1 otherwise -x}\n"),
            "module m\ndecision f(x: int) -> int { hit first rule when x >= -1 and x < 10 then x + 1 otherwise -x }\n");
  EXPECT_EQ(formatted("module m\nrecord A { id: text }\ndecision g(a : A) -> bool {\n  hit first\n"
                      "  otherwise a . id in ( \"x\" , \"y\" ) or a.id in [ \"a\" .. \"b\" ) or a.id == \"#\"\n}\n"),
            "module m\nrecord A { id: text }\ndecision g(a: A) -> bool {\n  hit first\n"
            "  otherwise a.id in (\"x\", \"y\") or a.id in [\"a\"..\"b\") or a.id == \"#\"\n}\n");
}

TEST(FmtLayout, KeepsDurationsNumbersAndSignsAsWritten) {
  EXPECT_EQ(formatted("module m\ndecision f(x: int) -> duration {\n  hit first\n"
                      "  rule when x - 1 > -2 then 45min + 5 workdays\n  otherwise 1.5 * 2h\n}\n"),
            "module m\ndecision f(x: int) -> duration {\n  hit first\n"
            "  rule when x - 1 > -2 then 45min + 5 workdays\n  otherwise 1.5 * 2h\n}\n");
}

TEST(FmtLayout, KeepsATableCellsNotAgainstItsBracketAndSpacesItsTests) {
  EXPECT_EQ(formatted("module m\ntable t(n: int) -> int {\n  hit first\n  | n || x |\n  | not(1,>5) || 1 |\n"
                      "  | <0,[2..3] || 2 |\n  otherwise 0\n}\n"),
            "module m\ntable t(n: int) -> int {\n  hit first\n  | n           || x |\n  | not(1, > 5) || 1 |\n"
            "  | < 0, [2..3] || 2 |\n  otherwise 0\n}\n");
}

TEST(FmtLayout, KeepsASignAgainstItsNumberAfterAContextualKeyword) {
  // `warn at +80%` is accepted by check; fmt used to write `at + 80%`, which does not parse.
  const std::string sla = "module m\nworkflow w() {\n  sla s {\n    target 2h\n    from start until a\n"
                          "    warn at +80%     -> notify role \"lead\"\n    breach after +1h -> escalate level +2 to role \"b\"\n"
                          "  }\n  step a by role \"r\"\n  end done\n  flow { start -> a -> done }\n}\n";
  EXPECT_EQ(formatted(sla), sla);
  EXPECT_EQ(formatted("module m\nworkflow w() {\n  sla s {\n    target 2h\n    from start until a\n"
                      "    warn at+80% -> notify role \"lead\"\n  }\n  step a by role \"r\"\n  end done\n"
                      "  flow { start -> a -> done }\n}\n"),
            "module m\nworkflow w() {\n  sla s {\n    target 2h\n    from start until a\n"
            "    warn at +80% -> notify role \"lead\"\n  }\n  step a by role \"r\"\n  end done\n"
            "  flow { start -> a -> done }\n}\n");
  EXPECT_EQ(formatted("module m\ntest \"t\" {\n  expect +1 < 2\n  advance+2h\n}\n"),
            "module m\ntest \"t\" {\n  expect +1 < 2\n  advance +2h\n}\n");
  // A binary `+` between names is still spaced.
  EXPECT_EQ(formatted("module m\ndecision f(x: int) -> int { hit first otherwise x+1 }\n"),
            "module m\ndecision f(x: int) -> int { hit first otherwise x + 1 }\n");
}

TEST(FmtLayout, KeepsMonthsAndARepeatLine) {
  EXPECT_EQ(formatted("module m\nrecord P { g: text }\nworkflow w(p: P) {\n  calendar \"cn\"\n"
                      "repeat   every  interval(p.g)for 3   months\n  step a by role \"r\" within 1 month\n  end done\n"
                      "  flow { start -> a -> done }\n}\ntest \"t\" {\n  expect started  w 3 times\n}\n"),
            "module m\nrecord P { g: text }\nworkflow w(p: P) {\n  calendar \"cn\"\n"
            "  repeat every interval(p.g) for 3 months\n  step a by role \"r\" within 1 month\n  end done\n"
            "  flow { start -> a -> done }\n}\ntest \"t\" {\n  expect started w 3 times\n}\n");
  EXPECT_EQ(formatted("module m\nworkflow w() {\n  repeat every (1 + 1) * 7d times 2\n}\n"),
            "module m\nworkflow w() {\n  repeat every (1 + 1) * 7d times 2\n}\n");
}

TEST(FmtLayout, KeepsDatesAndTimesOfDayWhole) {
  // `2018-07-30` is one word, never `2018 - 07 - 30`; `16:30:15` likewise; `time of day` is a type.
  EXPECT_EQ(formatted("module m\ndecision f(d: date, t: time   of day) -> bool {\n  hit first\n"
                      "  otherwise d-1d<2018-07-30 and t in [09:00..16:30:15)\n}\n"),
            "module m\ndecision f(d: date, t: time of day) -> bool {\n  hit first\n"
            "  otherwise d - 1d < 2018-07-30 and t in [09:00..16:30:15)\n}\n");
}

TEST(FmtLayout, IndentsByBracketDepthWithTwoSpaces) {
  EXPECT_EQ(formatted("module m\nworkflow w() {\nstep a by role \"x\"\n        end done\n flow {\n"
                      "start -> a\n      a -> done\n}\n        }\n"),
            "module m\nworkflow w() {\n  step a by role \"x\"\n  end done\n  flow {\n"
            "    start -> a\n    a -> done\n  }\n}\n");
}

TEST(FmtLayout, ContinuationLinesGetFourMoreSpaces) {
  EXPECT_EQ(formatted("module m\nworkflow w() {\n  step a by role \"x\"\n  outcome ok: bool\n  end done\n"
                      "  flow { start -> a\n a -> done when\n a.ok\n a -> done otherwise }\n}\n"),
            "module m\nworkflow w() {\n  step a by role \"x\"\n      outcome ok: bool\n  end done\n"
            "  flow { start -> a\n    a -> done when\n        a.ok\n    a -> done otherwise }\n}\n");
}

TEST(FmtLayout, CollapsesBlankLinesAndDropsThemAtBothEnds) {
  EXPECT_EQ(formatted("\n\n# top\nmodule m\n\n\n\nenum A { a }\n   \n\t\nenum B { b }\n\n\n"),
            "# top\nmodule m\n\nenum A { a }\n\nenum B { b }\n");
}

TEST(FmtLayout, KeepsEveryCommentAndAlignsConsecutiveTrailingOnes) {
  EXPECT_EQ(formatted("module m   # the module\nrecord R {\n  # fields\n  id: text # key\n  voltage_kv: number #kV\n"
                      "  n: int\n  grade: text = \"C\" # A, B or C\n}\n#end"),
            "module m  # the module\nrecord R {\n  # fields\n"
            "  id         : text    # key\n"
            "  voltage_kv : number  #kV\n"
            "  n          : int\n"
            "  grade      : text = \"C\"  # A, B or C\n}\n#end\n");
}

TEST(FmtLayout, AlignsTableColumnsByDisplayWidthWithChineseCells) {
  EXPECT_EQ(formatted("module m\ntable t(a: text, n: int) -> text {\n  hit first\n| a|n||out|\n"
                      "  |\"受理\"| >=10 || \"x\" |  # 受理\n  | - |[1..2)||\"很长的中文\"|\n}\n"),
            "module m\ntable t(a: text, n: int) -> text {\n  hit first\n"
            "  | a      | n      || out          |\n"
            "  | \"受理\" | >= 10  || \"x\"          |  # 受理\n"
            "  | -      | [1..2) || \"很长的中文\" |\n}\n");
}

TEST(FmtLayout, AlignsRulesStepsFlowsAndSlaLinesInColumns) {
  EXPECT_EQ(formatted("module m\ndecision f(x: int) -> text {\n  hit first\n  rule when x > 100 then \"big\"\n"
                      "  rule \"small\" when x < 0 then \"negative\"\n  otherwise \"other\"\n}\n"),
            "module m\ndecision f(x: int) -> text {\n  hit first\n"
            "  rule when x > 100       then \"big\"\n"
            "  rule \"small\" when x < 0 then \"negative\"\n  otherwise \"other\"\n}\n");
  EXPECT_EQ(formatted("module m\nworkflow w() {\n  sla s {\n    target 2h\n    from start until b\n"
                      "    warn at 50% -> notify role \"x\"\n    breach -> escalate level 2 to role \"y\"\n  }\n"
                      "  step a \"受理\" by role \"counter\" within 1 workday\n  step bb \"现场勘察\" within 2h\n"
                      "  wait b by role \"x\"\n  end done\n  flow {\n    start -> a\n    a -> b when true\n"
                      "    a -> bb otherwise\n    b -> done on ready\n    bb -> done\n  }\n}\n"),
            "module m\nworkflow w() {\n  sla s {\n    target 2h\n    from start until b\n"
            "    warn at 50% -> notify role \"x\"\n"
            "    breach      -> escalate level 2 to role \"y\"\n  }\n"
            "  step a  \"受理\"     by role \"counter\" within 1 workday\n"
            "  step bb \"现场勘察\"                   within 2h\n"
            "  wait b             by role \"x\"\n  end done\n  flow {\n    start -> a\n"
            "    a -> b    when true\n"
            "    a -> bb   otherwise\n"
            "    b -> done on ready\n    bb -> done\n  }\n}\n");
}

TEST(FmtLayout, CarriageReturnsAndByteOrderMarkAreDropped) {
  EXPECT_EQ(formatted("\xEF\xBB\xBFmodule m\r\nenum A { a }\r\n"), "module m\nenum A { a }\n");
}

TEST(FmtLayout, RefusesAFileThatDoesNotParse) {
  SourceSet sources;
  std::uint32_t id = sources.add("bad.dkt", "module m\nrecord R {\n  x number\n}\n");
  Diagnostics d;
  EXPECT_FALSE(dsl::format_source(sources, id, d).has_value());
  ASSERT_EQ(d.error_count(), 1u);
  EXPECT_EQ(d.all()[0].code, "D0101");
}

TEST(FmtLayout, FormatsAFileWithTypeErrors) {
  EXPECT_EQ(formatted("module m\nrecord R {  x :nmber }\n"), "module m\nrecord R { x: nmber }\n");
}

TEST(FmtLayout, EmptyFileStaysEmpty) {
  EXPECT_EQ(formatted(""), "");
  EXPECT_EQ(formatted("\n\n  \n"), "");
}

// The example in docs/fmt.md: its `dkt-fmt-input` block formats to its `dkt-fmt-output` block.
TEST(FmtLayout, DocumentedExampleFormatsAsDocumented) {
  std::ifstream in(std::string(DOCKET_SOURCE_DIR) + "/docs/fmt.md");
  std::stringstream doc;
  doc << in.rdbuf();
  std::vector<testing::FencedBlock> input = testing::fenced_blocks(doc.str(), "dkt-fmt-input");
  std::vector<testing::FencedBlock> output = testing::fenced_blocks(doc.str(), "dkt-fmt-output");
  ASSERT_EQ(input.size(), 1u);
  ASSERT_EQ(output.size(), 1u);
  EXPECT_EQ(formatted(input[0].text), output[0].text);
}

TEST(FmtLayout, SetsFieldsOnOneLineTwoSpacesApart) {
  EXPECT_EQ(formatted("module m\nrecord R {  a :int,b:text c:int = 3   d : list of  text }\n"),
            "module m\nrecord R { a: int, b: text  c: int = 3  d: list of text }\n");
}

// Test lines: one space after `with` (it starts outcomes, it does not end a field), and the new
// time expectations keep their words.
TEST(FmtLayout, TestLinesAreSpacedLikeSentences) {
  const std::string text =
      "module m\ntest \"t\" {\n  complete survey with feasible: true\n  expect due install at now\n"
      "  expect action notify to role \"lead\" at 2025-09-26T09:00 Asia/Shanghai\n  advance to now\n}\n";
  EXPECT_EQ(formatted("module m\ntest \"t\" {\n  complete survey  with   feasible : true\n  expect due install at now\n"
                      "  expect action notify to role \"lead\" at 2025-09-26T09:00 Asia/Shanghai\n  advance to now\n}\n"),
            text);
}

// A record value's fields on a continuation line are a value, not field declarations: no `:` column.
TEST(FmtLayout, RecordValuesOnContinuationLinesAreNotAlignedAsFieldDeclarations) {
  const std::string text =
      "module m\ntest \"t\" {\n  start install(App { id: \"A1\",\n      customer: Customer { id: \"C1\",\n"
      "        area: urban } })\n}\n";
  const std::string out = formatted(text);
  EXPECT_EQ(out.find("customer :"), std::string::npos) << out;
  EXPECT_EQ(out.find("area :"), std::string::npos) << out;
  EXPECT_NE(out.find("customer: Customer"), std::string::npos) << out;
  // Declarations still line up their colons.
  EXPECT_EQ(formatted("module m\nrecord App {\n  id: text\n  customer: Customer\n}\n"),
            "module m\nrecord App {\n  id       : text\n  customer : Customer\n}\n");
}

TEST(FmtDisplayWidth, CountsWideCharactersTwiceAndMarksZero) {
  using dsl::fmt::display_width;
  EXPECT_EQ(display_width("abc"), 3u);
  EXPECT_EQ(display_width("受理"), 4u);
  EXPECT_EQ(display_width("\"现场勘察\""), 10u);
  EXPECT_EQ(display_width("ＡＢ"), 4u);     // fullwidth Latin
  EXPECT_EQ(display_width("e\xCC\x81"), 1u);  // e + combining acute accent
  EXPECT_EQ(display_width("\xFF"), 1u);       // an invalid byte
  EXPECT_EQ(display_width("7×24"), 4u);       // × is narrow
}

}  // namespace
}  // namespace docket
