// Checker tests for declarations, expressions and decisions: types, names, hints.
#include <gtest/gtest.h>

#include "compile_helper.hpp"

namespace docket {
namespace {

using testing::compile_text;
using testing::kCustomer;

std::string with_decision(const std::string& rules, const std::string& result = "text") {
  return std::string(kCustomer) + "decision d(c: Customer) -> " + result + " {\n  hit first\n" + rules + "\n}\n";
}

TEST(Check, ExampleShapedProgramBuildsTheIr) {
  auto c = compile_text(with_decision(R"(  rule "rural homes" when c.tariff == residential and c.area == rural then "lv_res_rural"
  rule when c.voltage_kv >= 10 and c.dual_source then "hv_dual"
  otherwise "lv_other")"));
  ASSERT_TRUE(c.module) << c.text();
  const ir::Decision* d = c.module->find_decision("d");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->rules.size(), 2u);
  EXPECT_EQ(d->rules[0].label, "rural homes");
  EXPECT_EQ(d->result, Type::text());
  const ir::Expr& cond = *d->rules[0].condition;
  ASSERT_EQ(cond.kind, ir::ExprKind::binary);
  EXPECT_EQ(cond.binary_op, ir::BinaryOp::logical_and);
  const ir::Expr& eq = *cond.operands[0];
  ASSERT_EQ(eq.operands[1]->kind, ir::ExprKind::literal);  // `residential` resolved as Tariff member
  EXPECT_EQ(eq.operands[1]->literal.as_enum().index, 0u);
  const ir::Expr& field = *eq.operands[0];
  EXPECT_EQ(field.kind, ir::ExprKind::field);
  EXPECT_EQ(field.index, 2u);  // tariff is the third field of Customer
  const RecordDef* customer = c.module->find_record("Customer");
  ASSERT_NE(customer, nullptr);
  EXPECT_EQ(customer->fields[6].default_value, Value("C"));
}

TEST(Check, EnumMemberResolvesOnEitherSideOfAComparison) {
  auto c = compile_text(with_decision("  rule when rural == c.area then \"r\"\n  otherwise \"u\""));
  EXPECT_TRUE(c.module) << c.text();
}

TEST(Check, MisspeltFieldGetsDidYouMean) {
  auto c = compile_text(with_decision("  rule when c.voltge_kv >= 110 then \"t\"\n  otherwise \"o\""));
  EXPECT_FALSE(c.module);
  std::string t = c.text();
  EXPECT_NE(t.find("error[D0302]: record Customer has no field `voltge_kv`"), std::string::npos) << t;
  EXPECT_NE(t.find("hint: did you mean `voltage_kv`?"), std::string::npos) << t;
  EXPECT_NE(t.find("test.dkt:15:15"), std::string::npos) << t;
}

TEST(Check, MisspeltParameterAndTypeGetDidYouMean) {
  auto c = compile_text(std::string(kCustomer) +
                        "decision d(cust: Customr) -> text {\n  hit first\n  rule when cst.load_level == 1 then \"x\"\n  otherwise \"y\"\n}\n");
  std::string t = c.text();
  EXPECT_NE(t.find("unknown type `Customr`"), std::string::npos) << t;
  EXPECT_NE(t.find("did you mean `Customer`?"), std::string::npos) << t;
  EXPECT_NE(t.find("unknown name `cst`"), std::string::npos) << t;
  EXPECT_NE(t.find("did you mean `cust`?"), std::string::npos) << t;
}

TEST(Check, ComparingDifferentTypesIsAnError) {
  auto c = compile_text(with_decision("  rule when c.voltage_kv == \"high\" then \"t\"\n  otherwise \"o\""));
  EXPECT_TRUE(c.has_code("D0303")) << c.text();
  EXPECT_NE(c.text().find("`==` cannot combine number and text"), std::string::npos) << c.text();
}

TEST(Check, ConditionMustBeBoolAndAnswerMustMatch) {
  auto c = compile_text(with_decision("  rule when c.load_level then 5\n  otherwise \"o\""));
  std::string t = c.text();
  EXPECT_NE(t.find("a rule's condition must be bool, but this is int"), std::string::npos) << t;
  EXPECT_NE(t.find("the answer of decision `d` must be text, but this is int"), std::string::npos) << t;
}

TEST(Check, IntWidensToNumberButNotTheOtherWay) {
  EXPECT_TRUE(compile_text(with_decision("  rule when c.voltage_kv > 1 then 2\n  otherwise 2.5", "number")).module);
  auto c = compile_text(with_decision("  rule when c.voltage_kv > 1 then 2.5\n  otherwise 1", "int"));
  EXPECT_TRUE(c.has_code("D0303")) << c.text();
}

TEST(Check, RuleListNeedsOtherwiseAndHitFirst) {
  auto c = compile_text(std::string(kCustomer) + "decision d(c: Customer) -> text {\n  hit unique\n  rule when true then \"x\"\n}\n");
  EXPECT_TRUE(c.has_code("D0401")) << c.text();
  EXPECT_TRUE(c.has_code("D0402")) << c.text();
}

TEST(Check, DecisionsCallingEachOtherInACycleAreAnError) {
  auto c = compile_text(R"(module m
decision a(x: int) -> int {
  hit first
  otherwise b(x)
}
decision b(x: int) -> int {
  hit first
  rule when x > 0 then a(x - 1)
  otherwise 0
}
)");
  EXPECT_TRUE(c.has_code("D0309")) << c.text();
  EXPECT_NE(c.text().find("a -> b -> a"), std::string::npos) << c.text();
}

TEST(Check, DecisionCallsAreTypedAndCounted) {
  auto base = std::string(kCustomer) + "decision seg(c: Customer) -> text {\n  hit first\n  otherwise \"x\"\n}\n";
  EXPECT_TRUE(compile_text(base + "decision e(c: Customer) -> bool {\n  hit first\n  otherwise seg(c) == \"x\"\n}\n").module);
  auto c = compile_text(base + "decision e(c: Customer) -> bool {\n  hit first\n  otherwise seg(c, 1) == \"x\"\n}\n");
  EXPECT_NE(c.text().find("`seg` takes 1 argument, but 2 are given"), std::string::npos) << c.text();
}

TEST(Check, PluginFunctionsAreTypedByTheirDeclaredSignature) {
  FunctionRegistry functions;
  functions.add({"site.district", {Type::text()}, Type::text(), "test"}, [](auto) { return Value("x"); });
  std::string ok = "module m\ndecision d(a: text) -> bool {\n  hit first\n  otherwise site.district(a) == \"pudong\"\n}\n";
  EXPECT_TRUE(compile_text(ok, functions).module);
  std::string bad = "module m\ndecision d(a: number) -> bool {\n  hit first\n  otherwise site.district(a) == 3\n}\n";
  auto c = compile_text(bad, functions);
  std::string t = c.text();
  EXPECT_NE(t.find("argument 1 of `site.district` must be text, but this is number"), std::string::npos) << t;
  EXPECT_NE(t.find("`==` cannot combine text and int"), std::string::npos) << t;
}

TEST(Check, UnknownPluginFunctionPointsAtTheConfiguration) {
  auto c = compile_text("module m\ndecision d(a: text) -> text {\n  hit first\n  otherwise site.district(a)\n}\n");
  EXPECT_TRUE(c.has_code("D0305"));
  EXPECT_NE(c.text().find("[plugins] in docket.toml"), std::string::npos) << c.text();
}

TEST(Check, DuplicateNamesAndMembersAreReported) {
  auto c = compile_text("module m\nenum E { a, b, a }\nrecord E { x : int  x : int }\n");
  EXPECT_TRUE(c.has_code("D0202")) << c.text();
  EXPECT_TRUE(c.has_code("D0204")) << c.text();
  EXPECT_NE(c.text().find("first declared here"), std::string::npos);
}

using testing::compile_files;

const char* const kCustomersModule = R"(module customers
enum Area { urban, rural }
record Customer { id: text  area: Area }
decision remote(c: Customer) -> bool {
  hit first
  otherwise c.area == rural
}
)";

TEST(Modules, AnImportMakesAnotherModulesDeclarationsVisible) {
  auto m = compile_files({{"customers.dkt", kCustomersModule},
                          {"installs.dkt", "module installs\nimport customers\n"
                                           "decision days(c: Customer) -> int {\n  hit first\n"
                                           "  rule when remote(c) and c.area == Area.rural then 7\n  otherwise 5\n}\n"}});
  EXPECT_TRUE(m.module.has_value()) << m.text();
  EXPECT_TRUE(m.diagnostics.all().empty()) << m.text();
  EXPECT_EQ(m.module->name, "customers");  // the program is named after its first module
}

TEST(Modules, UsingWithoutImportNamesTheImportToAdd) {
  auto m = compile_files({{"customers.dkt", kCustomersModule},
                          {"installs.dkt", "module installs\n"
                                           "decision days(c: Customer) -> int {\n  hit first\n"
                                           "  rule when remote(c) then 7\n  otherwise 5\n}\n"}});
  EXPECT_FALSE(m.module.has_value());
  ASSERT_EQ(m.diagnostics.error_count(), 2U) << m.text();  // the type and the call
  EXPECT_NE(m.text().find("installs.dkt:2:18: error[D0206]: `Customer` is declared in module `customers`, which this "
                          "file does not import"),
            std::string::npos)
      << m.text();
  EXPECT_NE(m.text().find("hint: add `import customers` under this file's `module` line"), std::string::npos);
  EXPECT_NE(m.text().find("`remote` is declared in module `customers`"), std::string::npos) << m.text();
}

TEST(Modules, ImportMistakes) {
  auto m = compile_files({{"customers.dkt", kCustomersModule},
                          {"installs.dkt", "module installs\nimport custmers\nimport installs\nimport customers\n"
                                           "module other\n"}});
  std::string t = m.text();
  EXPECT_NE(t.find("error[D0201]: no file of the program declares `module custmers`"), std::string::npos) << t;
  EXPECT_NE(t.find("did you mean `customers`?"), std::string::npos) << t;
  EXPECT_NE(t.find("warning[D0212]: this file is in module `installs` already"), std::string::npos) << t;
  EXPECT_NE(t.find("warning[D0212]: nothing from module `customers` is used in this file"), std::string::npos) << t;
  EXPECT_NE(t.find("error[D0201]: this file already says `module installs`"), std::string::npos) << t;
}

TEST(Modules, NamesStayUniqueAcrossModules) {
  auto m = compile_files({{"a.dkt", "module one\nenum A { x }\n"}, {"b.dkt", "module two\nenum A { y }\n"}});
  EXPECT_FALSE(m.module.has_value());
  EXPECT_NE(m.text().find("error[D0202]: enum `A` is declared twice"), std::string::npos) << m.text();
}

TEST(Check, DefaultsMustBeFixedValuesOfTheFieldType) {
  auto c = compile_text("module m\nrecord R {\n  a : int = \"x\"\n  b : int = 1 + 2\n  c : number = 3\n}\n");
  std::string t = c.text();
  EXPECT_NE(t.find("the default of `a` must be int, but this is text"), std::string::npos) << t;
  EXPECT_NE(t.find("the default of `b` must be a fixed value"), std::string::npos) << t;
  EXPECT_EQ(c.diagnostics.error_count(), 2u) << t;
}

TEST(Check, EveryErrorOfARunIsReportedInOneGo) {
  auto c = compile_text(with_decision("  rule when c.voltge_kv > 1 then \"a\"\n  rule when c.aera == rural then \"b\"\n  otherwise 3"));
  EXPECT_EQ(c.diagnostics.error_count(), 3u) << c.text();
}

}  // namespace
}  // namespace docket
