// FEEL to docket: expressions and unary tests, enums meeting strings, and what is refused with which feature.
#include "feel_translate.hpp"

#include <gtest/gtest.h>

#include <string>

namespace {

using namespace docket::dmn;
using Kind = DType::Kind;

struct Fixture {
  TypeTable types;
  NameTable names;
  Scope scope;
  Fixture() {
    const EnumInfo& e = types.add_enum("Risk", {"LOW", "VERY HIGH"}, names, 1, "test");
    scope.types = &types;
    scope.vars = {{"Age", "age", DType{Kind::number, {}, {}}},
                  {"Risk Level", "risk_level", DType{Kind::enumeration, e.name, {}}},
                  {"Name", "name", DType{Kind::text, {}, {}}}};
  }
  std::string expr(const std::string& feel) { return translate_expression(feel, scope, DType{}).text; }
  std::string cell(const std::string& feel, Kind k, const std::string& enum_name = "") {
    return translate_unary_tests(feel, scope, DType{k, enum_name, {}});
  }
  std::string refused(const std::string& feel) {
    try {
      (void)translate_expression(feel, scope, DType{});
    } catch (const Refused& r) {
      return r.feature;
    }
    return "not refused";
  }
};

TEST(FeelTranslate, Expressions) {
  Fixture f;
  EXPECT_EQ(f.expr("Age + 1 >= 18 and not(Age = 30)"), "age + 1 >= 18 and not (age == 30)");
  EXPECT_EQ(f.expr("(Age - 1) * 2"), "(age - 1) * 2");
  EXPECT_EQ(f.expr("Risk Level = \"VERY HIGH\""), "risk_level == VERY_HIGH");
  EXPECT_EQ(f.expr("Age between 18 and 65"), "age in [18..65]");
  EXPECT_EQ(f.expr("Age in [18..65)"), "age in [18..65)");
  EXPECT_EQ(f.expr("Name in (\"a\", \"b\")"), "name in (\"a\", \"b\")");
  EXPECT_EQ(f.expr(".5 * Age"), "0.5 * age");
  // `**` binds tighter than `*` and looser than a minus sign; its answer is always a number.
  EXPECT_EQ(f.expr("Age / 12 / (1 - (1 + Age / 12) ** -Age)"), "age / 12 / (1 - (1 + age / 12) ** -age)");
  EXPECT_EQ(f.expr("-(Age ** 2) * 3"), "-(age ** 2) * 3");
  EXPECT_EQ(f.expr("Age ** 2 ** 3"), "age ** 2 ** 3");
  EXPECT_EQ(f.expr("Age ** (2 ** 3)"), "age ** (2 ** 3)");
  EXPECT_EQ(translate_expression("2 ** 3", f.scope, DType{}).type.kind, Kind::number);
  EXPECT_EQ(f.expr("Name + \"x\""), "name + \"x\"");
}

TEST(FeelTranslate, BuiltInFunctions) {
  Fixture f;
  EXPECT_EQ(f.expr("22 + max(Age, 3, 5)"), "22 + max(age, 3, 5)");
  EXPECT_EQ(f.expr("min([1, 2])"), "min([1, 2])");
  EXPECT_EQ(translate_expression("max(1, 2)", f.scope, DType{}).type.kind, Kind::integer);
  EXPECT_EQ(translate_expression("max(1, Age)", f.scope, DType{}).type.kind, Kind::number);
  EXPECT_EQ(translate_expression("floor(Age)", f.scope, DType{}).type.kind, Kind::integer);
  EXPECT_EQ(translate_expression("string(Age)", f.scope, DType{}).type.kind, Kind::text);
  EXPECT_EQ(f.expr("decimal(Age / 3, 2)"), "decimal(age / 3, 2)");
  EXPECT_EQ(f.expr("count([\"a\"]) + sum([1, 2])"), "count([\"a\"]) + sum([1, 2])");
}

TEST(FeelTranslate, UnaryTests) {
  Fixture f;
  EXPECT_EQ(f.cell("-", Kind::number), "-");
  EXPECT_EQ(f.cell("", Kind::number), "-");
  EXPECT_EQ(f.cell("<18,>=60", Kind::number), "< 18, >= 60");
  EXPECT_EQ(f.cell("]1..5[", Kind::number), "(1..5)");
  EXPECT_EQ(f.cell("[1..5], 9", Kind::number), "[1..5], 9");
  EXPECT_EQ(f.cell("not(\"LOW\")", Kind::enumeration, "Risk"), "not(LOW)");
  EXPECT_EQ(f.cell("\"a\",\"b\"", Kind::text), "\"a\", \"b\"");
  EXPECT_EQ(f.cell("> Age", Kind::number), "> age");
  EXPECT_EQ(f.cell("true", Kind::boolean), "true");
}

TEST(FeelTranslate, RefusalsNameTheFeature) {
  Fixture f;
  EXPECT_EQ(f.refused("null"), "not refused");  // `none` (session 13): FeelTranslate.NullIsNone
  EXPECT_EQ(f.refused("Name + 1"), "null");
  EXPECT_EQ(f.refused("Name * \"x\""), "null");
  EXPECT_EQ(f.refused("date(Name)"), "date type");                      // a conversion at run time
  EXPECT_EQ(f.refused("time(\"16:00:00+02:00\")"), "date type");         // a time of day with a zone
  EXPECT_EQ(f.refused("date and time(\"2020-01-01T09:00:00\")"), "date type");  // an instant without one
  EXPECT_EQ(f.refused("date(\"2020-02-30\")"), "date type");
  EXPECT_EQ(f.refused("duration(\"P1Y2D\")"), "duration type");          // months mixed with days
  EXPECT_EQ(f.refused("duration(\"-PT1H\")"), "duration type");
  EXPECT_EQ(f.refused("today()"), "date type");
  EXPECT_EQ(f.refused("substring(Name, 1)"), "FEEL function");
  EXPECT_EQ(f.refused("max(Age, Name)"), "FEEL function");
  EXPECT_EQ(f.refused("count(Age)"), "FEEL function");
  EXPECT_EQ(f.refused("{a: 1}"), "context");
  EXPECT_EQ(f.refused("for x in [1] return x"), "iteration");
  EXPECT_EQ(f.refused("Age = \"x\""), "null");
  EXPECT_EQ(f.refused("Risk Level = \"MEDIUM\""), "null");
  EXPECT_EQ(f.refused("Unknown + 1"), "unknown name");
  EXPECT_EQ(f.refused("Age +"), "FEEL syntax");
  EXPECT_EQ(f.refused("if Age > 1 then 2 else 3"), "if-then-else");
}

TEST(FeelTranslate, TemporalValuesAreDocketLiterals) {
  Fixture f;
  EXPECT_EQ(f.expr("date(\"2018-07-30\")"), "2018-07-30");
  EXPECT_EQ(f.expr("@\"2018-07-30\""), "2018-07-30");
  EXPECT_EQ(f.expr("time(\"16:11:00\")"), "16:11:00");
  EXPECT_EQ(f.expr("date and time(\"2018-07-30T16:12:00Z\")"), "2018-07-30T16:12:00Z");
  EXPECT_EQ(f.expr("@\"2018-07-30T16:12:00+08:00\""), "2018-07-30T16:12:00+08:00");
  EXPECT_EQ(f.expr("date and time(\"2018-07-30T16:12:00@Asia/Shanghai\")"), "2018-07-30T16:12:00 Asia/Shanghai");
  EXPECT_EQ(f.expr("duration(\"PT10H\")"), "10h");
  EXPECT_EQ(f.expr("duration(\"P2DT12H\")"), "60h");
  EXPECT_EQ(f.expr("duration(\"P1D\")"), "1d");
  EXPECT_EQ(f.expr("duration(\"PT90S\")"), "90s");
  EXPECT_EQ(f.expr("duration(\"P1Y2M\")"), "14 months");
  EXPECT_EQ(f.expr("@\"P1M\""), "1 month");
  EXPECT_EQ(translate_expression("date(\"2018-07-30\")", f.scope, DType{}).type.kind, Kind::date);
  EXPECT_EQ(translate_expression("time(\"16:11:00\")", f.scope, DType{}).type.kind, Kind::time_of_day);
  EXPECT_EQ(translate_expression("@\"P1M\"", f.scope, DType{}).type.kind, Kind::duration);
  EXPECT_EQ(f.cell("> date(\"2016-10-01\")", Kind::date), "> 2016-10-01");
  EXPECT_EQ(f.cell("[time(\"09:00:00\")..time(\"17:00:00\")]", Kind::time_of_day), "[09:00:00..17:00:00]");
}

TEST(FeelTranslate, IfThenElseChainsAtTheTop) {
  Fixture f;
  std::vector<Branch> b =
      translate_conditional("if Age < 18 then \"minor\" else if Age < 65 then \"adult\" else \"senior\"", f.scope,
                            DType{Kind::text, {}, {}});
  ASSERT_EQ(b.size(), 3u);
  EXPECT_EQ(b[0].condition, "age < 18");
  EXPECT_EQ(b[1].value.text, "\"adult\"");
  EXPECT_EQ(b[2].condition, "");
  EXPECT_EQ(b[2].value.text, "\"senior\"");
}

}  // namespace

TEST(FeelTranslate, NullIsNoneAndMakesWhatMeetsItMaybeNone) {
  Fixture f;
  EXPECT_EQ(f.expr("null"), "none");
  const Feel sum = translate_expression("1 + null", f.scope, DType{});
  EXPECT_EQ(sum.text, "1 + none");
  EXPECT_TRUE(sum.type.or_none);
  EXPECT_EQ(sum.type.docket(), "number or none");
  EXPECT_FALSE(translate_expression("null = null", f.scope, DType{}).type.or_none);  // equality is never none
}
