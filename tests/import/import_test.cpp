// import_dmn on small models: names, types, refusals with the element's line, business knowledge models.
#include <gtest/gtest.h>

#include <string>

#include "docket/import/dmn_import.hpp"
#include "names.hpp"

namespace {

using namespace docket::dmn;

ImportResult import_text(const std::string& body) {
  static std::string xml;
  xml = "<definitions xmlns=\"https://www.omg.org/spec/DMN/20211108/MODEL/\" name=\"Test Model\">\n" + body +
        "</definitions>\n";
  ImportInput in;
  in.model_name = "t.dmn";
  in.model_xml = xml;
  return import_dmn(in);
}

TEST(ImportNames, DmnNamesBecomeIdentifiers) {
  EXPECT_EQ(snake_name("Approval Status"), "approval_status");
  EXPECT_EQ(snake_name("isAffordable"), "is_affordable");
  EXPECT_EQ(snake_name("Pre-bureauRiskCategory"), "pre_bureau_risk_category");
  EXPECT_EQ(snake_name("HTTPServer"), "http_server");
  EXPECT_EQ(snake_name("2nd try"), "_2nd_try");
  EXPECT_EQ(snake_name("End"), "end_");
  EXPECT_EQ(snake_name("日期"), "x");
  EXPECT_EQ(pascal_name("tApplicant"), "TApplicant");
  EXPECT_EQ(member_name("VERY LOW"), "VERY_LOW");
  EXPECT_EQ(member_name("Self-employed"), "Self_employed");
  EXPECT_EQ(member_name("1st"), "_1st");
  NameTable t;
  EXPECT_EQ(t.claim("a"), "a");
  EXPECT_EQ(t.claim("a"), "a_2");
}

TEST(ImportDmn, NotDmnIsRefusedWithNothingWritten) {
  ImportInput in;
  in.model_name = "x.dmn";
  in.model_xml = "<definitions xmlns=\"urn:other\"/>";
  ImportResult r = import_dmn(in);
  EXPECT_FALSE(r.read);
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_EQ(r.problems[0].feature, "not DMN");
  in.model_xml = "<definitions";
  r = import_dmn(in);
  EXPECT_FALSE(r.read);
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_EQ(r.problems[0].feature, "not XML");
}

TEST(ImportDmn, RefusesPerDecisionWithTheLineOfTheElementAtFault) {
  ImportResult r = import_text(R"(  <inputData id="a" name="Amount"><variable name="Amount" typeRef="number"/></inputData>
  <decision id="d1" name="Double">
    <variable name="Double" typeRef="number"/>
    <informationRequirement><requiredInput href="#a"/></informationRequirement>
    <literalExpression><text>Amount * 2</text></literalExpression>
  </decision>
  <decision id="d2" name="Label">
    <variable name="Label" typeRef="string"/>
    <informationRequirement><requiredDecision href="#d1"/></informationRequirement>
    <literalExpression>
      <text>substring(string(Double), 1)</text>
    </literalExpression>
  </decision>
  <decision id="d3" name="Uses Label">
    <variable name="Uses Label" typeRef="boolean"/>
    <informationRequirement><requiredDecision href="#d2"/></informationRequirement>
    <literalExpression><text>Label = "x"</text></literalExpression>
  </decision>
)");
  ASSERT_TRUE(r.read);
  EXPECT_EQ(r.decisions, 1);
  ASSERT_EQ(r.problems.size(), 2u);
  EXPECT_EQ(render(r.problems[0]),
            "t.dmn:11: error: decision \"Label\": the FEEL function `substring()` (FEEL function)");
  EXPECT_EQ(r.problems[1].line, 15);
  EXPECT_EQ(r.problems[1].reason, "it requires decision \"Label\", which was refused");
  EXPECT_NE(r.text.find("# DMN decision \"Double\" (line 3)\ndecision double(amount: number) -> number {"),
            std::string::npos)
      << r.text;
  EXPECT_NE(r.text.find("otherwise amount * 2"), std::string::npos) << r.text;
}

TEST(ImportDmn, BusinessKnowledgeModelsBecomeTablesWithParameters) {
  ImportResult r = import_text(R"(  <inputData id="s" name="Score"><variable name="Score" typeRef="number"/></inputData>
  <businessKnowledgeModel id="b" name="Band Table">
    <encapsulatedLogic>
      <formalParameter name="points" typeRef="number"/>
      <decisionTable>
        <input><inputExpression typeRef="number"><text>points</text></inputExpression></input>
        <output/>
        <rule><inputEntry><text>&gt;= 50</text></inputEntry><outputEntry><text>"high"</text></outputEntry></rule>
        <rule><inputEntry><text>&lt; 50</text></inputEntry><outputEntry><text>"low"</text></outputEntry></rule>
      </decisionTable>
    </encapsulatedLogic>
  </businessKnowledgeModel>
  <decision id="d" name="Band">
    <variable name="Band" typeRef="string"/>
    <informationRequirement><requiredInput href="#s"/></informationRequirement>
    <knowledgeRequirement><requiredKnowledge href="#b"/></knowledgeRequirement>
    <invocation>
      <literalExpression><text>Band Table</text></literalExpression>
      <binding><parameter name="points"/><literalExpression><text>Score + 1</text></literalExpression></binding>
    </invocation>
  </decision>
  <decision id="e" name="Twice">
    <variable name="Twice" typeRef="boolean"/>
    <informationRequirement><requiredInput href="#s"/></informationRequirement>
    <knowledgeRequirement><requiredKnowledge href="#b"/></knowledgeRequirement>
    <literalExpression><text>Band Table(Score) = Band Table(Score * 2)</text></literalExpression>
  </decision>
)");
  ASSERT_TRUE(r.read);
  EXPECT_TRUE(r.problems.empty()) << render(r.problems.front());
  EXPECT_NE(r.text.find("table band_table(points: number) -> text {"), std::string::npos) << r.text;
  EXPECT_NE(r.text.find("otherwise band_table(score + 1)"), std::string::npos) << r.text;
  // A boolean literal expression is a rule (the compiled evaluator makes rule conditions bitsets).
  EXPECT_NE(r.text.find("rule when band_table(score) == band_table(score * 2) then true\n  otherwise false"),
            std::string::npos)
      << r.text;
}

}  // namespace
