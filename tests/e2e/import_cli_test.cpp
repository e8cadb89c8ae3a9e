// End-to-end tests of `docket import`: a DMN model to a .dkt that is formatted and checks, refusals with
// the element's line and the DMN feature, --partial, -o, and files that are not DMN.
#include <gtest/gtest.h>

#include <sstream>

#include "cli_support.hpp"

namespace {

using namespace docket::testing;

// A 1.3 model: an enum by allowed values, a table with a list of tests, `not(...)`, a range written
// `]a..b]`, a default output; a literal-expression decision calling the table; and a decision on a date and
// time without a zone, which docket refuses (its times are instants).
const char* const kModel = R"(<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" name="Vacation rules" id="m" namespace="x">
  <itemDefinition name="tGrade">
    <typeRef>string</typeRef>
    <allowedValues><text>"A", "B 2", "C"</text></allowedValues>
  </itemDefinition>
  <inputData id="age" name="Age"><variable name="Age" typeRef="number"/></inputData>
  <inputData id="grade" name="Grade"><variable name="Grade" typeRef="tGrade"/></inputData>
  <inputData id="start" name="Start Date"><variable name="Start Date" typeRef="dateTime"/></inputData>
  <decision id="extra" name="Extra Days">
    <variable name="Extra Days" typeRef="number"/>
    <informationRequirement><requiredInput href="#age"/></informationRequirement>
    <informationRequirement><requiredInput href="#grade"/></informationRequirement>
    <decisionTable hitPolicy="COLLECT" aggregation="MAX">
      <input><inputExpression typeRef="number"><text>Age</text></inputExpression></input>
      <input><inputExpression typeRef="tGrade"><text>Grade</text></inputExpression></input>
      <output name="days"><defaultOutputEntry><text>0</text></defaultOutputEntry></output>
      <rule><inputEntry><text>&lt;18, &gt;=60</text></inputEntry><inputEntry><text>-</text></inputEntry>
            <outputEntry><text>5</text></outputEntry></rule>
      <rule><inputEntry><text>]45..60[</text></inputEntry><inputEntry><text>not("A", "C")</text></inputEntry>
            <outputEntry><text>2</text></outputEntry></rule>
    </decisionTable>
  </decision>
  <decision id="total" name="Total Days">
    <variable name="Total Days" typeRef="number"/>
    <informationRequirement><requiredDecision href="#extra"/></informationRequirement>
    <literalExpression><text>if Extra Days &gt; 3 then 22 + Extra Days else 22</text></literalExpression>
  </decision>
  <decision id="late" name="Late Start">
    <variable name="Late Start" typeRef="boolean"/>
    <informationRequirement><requiredInput href="#start"/></informationRequirement>
    <literalExpression><text>Start Date &gt; date and time("2020-01-01T09:00:00")</text></literalExpression>
  </decision>
</definitions>
)";

std::string read(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(CliImport, WritesWhatMapsAndRefusesTheRestWithTheLineAndTheFeature) {
  auto model = temp_file("vacation.dmn", kModel);
  auto out = model.parent_path() / "vacation.dkt";
  CliRun r = run(fmt::format("import {} -o {}", model.string(), out.string()));
  EXPECT_EQ(r.exit_code, 1) << r.output;  // something was refused
  EXPECT_NE(r.output.find(model.string() + ":32: error: decision \"Late Start\": `2020-01-01T09:00:00` is a date and "
                                           "time without a zone"),
            std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("(date type)"), std::string::npos) << r.output;
  const std::string dkt = read(out);
  EXPECT_NE(dkt.find("enum TGrade { A, B_2, C }"), std::string::npos) << dkt;
  EXPECT_NE(dkt.find("# DMN decision \"Extra Days\""), std::string::npos) << dkt;
  EXPECT_NE(dkt.find("table extra_days(age: number, grade: TGrade) -> number {"), std::string::npos) << dkt;
  EXPECT_NE(dkt.find("hit collect max"), std::string::npos) << dkt;
  EXPECT_NE(dkt.find("< 18, >= 60"), std::string::npos) << dkt;
  EXPECT_NE(dkt.find("(45..60)"), std::string::npos) << dkt;
  EXPECT_NE(dkt.find("not(A, C)"), std::string::npos) << dkt;
  EXPECT_NE(dkt.find("otherwise 0"), std::string::npos) << dkt;
  EXPECT_NE(dkt.find("rule when extra_days(age, grade) > 3 then 22 + extra_days(age, grade)"), std::string::npos)
      << dkt;
  EXPECT_EQ(dkt.find("late_start"), std::string::npos) << dkt;
  CliRun fmt_check = run("fmt --check " + out.string());
  EXPECT_EQ(fmt_check.exit_code, 0) << fmt_check.output;
  CliRun check = run("check " + out.string());
  EXPECT_EQ(check.exit_code, 0) << check.output << dkt;

  CliRun partial = run(fmt::format("import {} --partial", model.string()), false);
  EXPECT_EQ(partial.exit_code, 0);
  EXPECT_EQ(partial.output, dkt);  // stdout without -o
}

TEST(CliImport, TestCasesBecomeTestBlocksThatPass) {
  auto model = temp_file("cases.dmn", kModel);
  auto cases = temp_file("cases.xml", R"(<?xml version="1.0" encoding="UTF-8"?>
<testCases xmlns="http://www.omg.org/spec/DMN/20160719/testcase" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
           xmlns:xsd="http://www.w3.org/2001/XMLSchema">
  <testCase id="001">
    <inputNode name="Age"><value xsi:type="xsd:decimal">16</value></inputNode>
    <inputNode name="Grade"><value xsi:type="xsd:string">B 2</value></inputNode>
    <resultNode name="Extra Days"><expected><value xsi:type="xsd:decimal">5</value></expected></resultNode>
    <resultNode name="Total Days"><expected><value xsi:type="xsd:decimal">27</value></expected></resultNode>
  </testCase>
  <testCase id="002">
    <inputNode name="Age"><value xsi:type="xsd:decimal">30</value></inputNode>
    <inputNode name="Grade"><value xsi:type="xsd:string">A</value></inputNode>
    <resultNode name="Total Days"><expected><value xsi:type="xsd:decimal">22</value></expected></resultNode>
    <resultNode name="Late Start"><expected><value xsi:type="xsd:boolean">true</value></expected></resultNode>
  </testCase>
</testCases>
)");
  auto out = model.parent_path() / "cases.dkt";
  CliRun r = run(fmt::format("import {} --tests {} --partial -o {}", model.string(), cases.string(), out.string()));
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find(cases.string() + ":14: error: testCase 002 resultNode \"Late Start\": decision \"Late "
                                           "Start\" was refused"),
            std::string::npos)
      << r.output;
  CliRun t = run("test " + out.string(), false);
  EXPECT_EQ(t.exit_code, 0) << t.output << read(out);
  EXPECT_NE(t.output.find("PASS  001 Extra Days"), std::string::npos) << t.output;
  EXPECT_NE(t.output.find("PASS  002 Total Days"), std::string::npos) << t.output;
}

TEST(CliImport, RefusesFilesThatAreNotDmn) {
  auto xml = temp_file("not_dmn.dmn", "<?xml version=\"1.0\"?>\n<html><body/></html>\n");
  CliRun r = run("import " + xml.string());
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.output.find(xml.string() + ":2: error: <html>: not a DMN model"), std::string::npos) << r.output;
  auto broken = temp_file("broken.dmn", "<definitions>\n  <decision>\n</definitions>\n");
  CliRun b = run("import " + broken.string());
  EXPECT_EQ(b.exit_code, 1);
  EXPECT_NE(b.output.find(broken.string() + ":"), std::string::npos) << b.output;
  EXPECT_NE(b.output.find(": error: XML: "), std::string::npos) << b.output;
}

}  // namespace
