// Parser tests: the grammar accepts the language, records positions, and reports and recovers.
#include <gtest/gtest.h>

#include "compile_helper.hpp"
#include "parse/parse.hpp"

namespace docket {
namespace {

namespace ast = dsl::ast;

ast::File parse(const std::string& text, SourceSet& sources, Diagnostics& diags) {
  std::uint32_t id = sources.add("p.dkt", text);
  return dsl::parse_file(sources, id, diags);
}

TEST(Parse, DeclarationsOfEveryKind) {
  SourceSet s;
  Diagnostics d;
  ast::File f = parse(std::string(testing::kCustomer) + R"(
decision seg(c: Customer) -> text {
  hit first
  rule "big" when c.voltage_kv >= 110 then "transmission"
  otherwise "other"
}
workflow w(c: Customer) {
  label "标准装表接电流程"
  step a "受理" by role "counter" within 1 workday outcome ok: bool, note: text
  wait w1
  end done
  flow {
    start -> a
    a -> done when a.ok
    a -> w1 otherwise
    w1 -> a on resumed
  }
}
)", s, d);
  EXPECT_FALSE(d.has_errors()) << (d.all().empty() ? "" : render_text(d.all()[0], s));
  ASSERT_EQ(f.declarations.size(), 6u);  // module, 2 enums, record, decision, workflow
}

TEST(Parse, PositionsAreByteRangesOfTheNode) {
  SourceSet s;
  Diagnostics d;
  ast::File f = parse("module m\nenum Area { urban, rural }\n", s, d);
  ASSERT_EQ(f.declarations.size(), 2u);
  const auto& e = boost::get<ast::EnumDecl>(f.declarations[1].get());
  EXPECT_EQ(s.file(1).text().substr(e.name.begin, e.name.end - e.name.begin), "Area");
  EXPECT_EQ(s.file(1).text().substr(e.members[1].begin, e.members[1].end - e.members[1].begin), "rural");
}

TEST(Parse, ErrorPointsAtTheTokenWithLineAndCharacterColumn) {
  SourceSet s;
  Diagnostics d;
  // The label holds four Chinese characters (12 bytes); the column counts characters.
  parse("module m\nworkflow w() {\n  step a \"受理安装\" by rol \"x\"\n}\n", s, d);
  ASSERT_EQ(d.error_count(), 1u);
  std::string text = render_text(d.all()[0], s);
  EXPECT_NE(text.find("p.dkt:3:20: error[D0101]: expected `role` or `action`, found `rol`"), std::string::npos) << text;
  EXPECT_NE(text.find("^^^"), std::string::npos) << text;
}

TEST(Parse, RecoversAtTheNextDeclarationAndReportsEveryError) {
  SourceSet s;
  Diagnostics d;
  ast::File f = parse(R"(module m
record A { x number }
enum Good { a, b }
decision d(x: int) -> int {
  hit first
  rule when x > then 1
  otherwise 2
}
enum AlsoGood { c }
)", s, d);
  EXPECT_EQ(d.error_count(), 2u);
  ASSERT_EQ(f.declarations.size(), 3u);  // module, Good, AlsoGood
  EXPECT_EQ(d.all()[0].code, "D0101");
  EXPECT_NE(d.all()[0].message.find("expected `:`"), std::string::npos) << d.all()[0].message;
  EXPECT_NE(d.all()[1].message.find("expected an expression, found `then`"), std::string::npos) << d.all()[1].message;
}

TEST(Parse, UnterminatedBlockSaysSo) {
  SourceSet s;
  Diagnostics d;
  parse("module m\nrecord A {\n  x : int\n", s, d);
  ASSERT_EQ(d.error_count(), 1u);
  EXPECT_NE(d.all()[0].hint.find("closing `}`"), std::string::npos) << d.all()[0].hint;
}

TEST(Parse, KeywordsAreNotNames) {
  SourceSet s;
  Diagnostics d;
  parse("module m\nrecord A { when : int }\n", s, d);
  EXPECT_EQ(d.error_count(), 1u);
}

TEST(Parse, AByteOrderMarkIsIgnored) {
  SourceSet s;
  Diagnostics d;
  ast::File f = parse("\xEF\xBB\xBFmodule m\nenum E { a }\n", s, d);
  EXPECT_FALSE(d.has_errors());
  EXPECT_EQ(f.declarations.size(), 2u);
}

TEST(Parse, NonAsciiBytesBetweenTokensAreAnErrorNotACrash) {
  // Found by the fuzzer: Spirit's standard character classes were called on bytes >= 0x80.
  for (const char* text : {"module m\nenum E { a, b }中\n", "module m中\n", "module m\n\xAE\n"}) {
    SourceSet s;
    Diagnostics d;
    parse(text, s, d);
    // A byte that is not UTF-8 is D0103 first (where it is), then the syntax error it causes.
    const bool utf8 = std::string_view(text).find('\xAE') == std::string_view::npos;
    ASSERT_EQ(d.error_count(), utf8 ? 1u : 2u) << text;
    if (!utf8) {
      EXPECT_EQ(d.all()[0].code, "D0103");
    }
    EXPECT_EQ(d.all().back().code, "D0101");
    EXPECT_NE(render_json(d.all(), s).find("D0101"), std::string::npos);  // invalid UTF-8 does not throw
  }
}

TEST(Parse, CommentsAndBlankLinesAreIgnored) {
  SourceSet s;
  Diagnostics d;
  ast::File f = parse("# heading\n\nmodule m   # trailing\n# only a comment\nenum E { a } # done\n", s, d);
  EXPECT_FALSE(d.has_errors());
  EXPECT_EQ(f.declarations.size(), 2u);
}

}  // namespace
}  // namespace docket
