// Record values, list values and times: written in .dkt, checked, then evaluated by the interpreter.
#include <gtest/gtest.h>

#include "compile_helper.hpp"
#include "eval/interpreter.hpp"

namespace docket {
namespace {

using testing::compile_text;

const char* const kProgram = R"(module t
enum Area { urban, rural, remote }
record Customer { id: text  area: Area  tags: list of text  score: number = 1  since: time }
decision sample() -> Customer {
  hit first
  otherwise Customer { id: "C1", area: rural, tags: ["vip", "solar"], since: 2025-09-26T16:00 Asia/Shanghai }
}
decision far(c: Customer) -> bool {
  hit first
  rule when c.area in [rural, remote] then true
  otherwise false
}
decision is_old(c: Customer) -> bool {
  hit first
  rule when c.since + 24h < 2025-09-27T16:00+08:00 then true
  otherwise false
}
decision scores() -> list of number {
  hit first
  otherwise [1, 2.5]
}
decision age(c: Customer) -> duration {
  hit first
  otherwise 2025-09-27T08:00Z - c.since
}
)";

class ValuesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    compiled = std::make_unique<testing::Compiled>(compile_text(kProgram));
    ASSERT_TRUE(compiled->module.has_value()) << compiled->text();
    ASSERT_EQ(compiled->diagnostics.all().size(), 0U) << compiled->text();
    interpreter = std::make_unique<detail::Interpreter>(*compiled->module, bindings);
  }
  Value decide(std::string_view name, std::vector<Value> args = {}) const {
    for (std::size_t i = 0; i < compiled->module->decisions.size(); ++i) {
      if (compiled->module->decisions[i].name == name) return interpreter->decide(i, args).value;
    }
    ADD_FAILURE() << "no decision " << name;
    return {};
  }
  std::unique_ptr<testing::Compiled> compiled;
  detail::FunctionBindings bindings;
  std::unique_ptr<detail::Interpreter> interpreter;
};

TEST_F(ValuesTest, RecordValueFillsDefaultsAndKeepsFieldOrder) {
  Value c = decide("sample");
  ASSERT_TRUE(c.holds<Value::Record>());
  EXPECT_EQ(to_string(c),
            "Customer { id: \"C1\", area: rural, tags: [\"vip\", \"solar\"], score: 1, since: 2025-09-26T08:00:00Z }");
  EXPECT_TRUE(c.as_record().fields[3].holds<double>());  // the default of a number field is a number
}

TEST_F(ValuesTest, ListValuesTakeTheirItemsTypeFromTheOtherSide) {
  Value c = decide("sample");
  EXPECT_EQ(decide("far", {c}), Value(true));
  Value s = decide("scores");
  ASSERT_TRUE(s.holds<Value::List>());
  ASSERT_EQ(s.as_list().size(), 2U);
  EXPECT_TRUE(s.as_list()[0].holds<double>());  // 1 widened: the list is a list of number
}

TEST_F(ValuesTest, TimesCompareAndMoveByDurationsInUtc) {
  Value c = decide("sample");
  EXPECT_EQ(decide("is_old", {c}), Value(false));  // 16:00 + 24h is not before 16:00 next day
  EXPECT_EQ(decide("age", {c}), Value(Duration{86400, DurationUnit::seconds}));
}

TEST(ValuesCheckTest, RecordValueMistakesAreNamed) {
  auto c = compile_text(std::string(testing::kCustomer) + R"(
decision d() -> Customer {
  hit first
  otherwise Customer { id: 1, aera: rural, id: "x", voltage_kv: 10, tariff: residential, dual_source: true }
}
)");
  EXPECT_TRUE(c.has_code("D0311")) << c.text();
  EXPECT_NE(c.text().find("record Customer has no field `aera`"), std::string::npos) << c.text();
  EXPECT_NE(c.text().find("hint: did you mean `area`?"), std::string::npos) << c.text();
  EXPECT_NE(c.text().find("field `id` is given twice"), std::string::npos) << c.text();
  EXPECT_NE(c.text().find("Customer needs a value for fields `load_level`, `area`"), std::string::npos) << c.text();
  EXPECT_EQ(c.text().find("`grade`"), std::string::npos) << "grade has a default";
}

TEST(ValuesCheckTest, TimesNeedARealDateAndAKnownZone) {
  auto bad_date = compile_text("module t\ndecision d() -> time {\n  hit first\n  otherwise 2025-02-30T16:00 Asia/Shanghai\n}\n");
  EXPECT_TRUE(bad_date.has_code("D0308")) << bad_date.text();
  auto bad_zone = compile_text("module t\ndecision d() -> time {\n  hit first\n  otherwise 2025-02-03T16:00 Asia/Shanghia\n}\n");
  EXPECT_TRUE(bad_zone.has_code("D0308")) << bad_zone.text();
  EXPECT_NE(bad_zone.text().find("Asia/Shanghai"), std::string::npos) << bad_zone.text();
  auto no_zone = compile_text("module t\ndecision d() -> time {\n  hit first\n  otherwise 2025-02-03T16:00\n}\n");
  EXPECT_TRUE(no_zone.has_code("D0101")) << no_zone.text();
  EXPECT_NE(no_zone.text().find("add the time zone"), std::string::npos) << no_zone.text();
}

TEST(ValuesCheckTest, AnEmptyListNeedsAKnownType) {
  auto c = compile_text("module t\ndecision d() -> bool {\n  hit first\n  otherwise [] == []\n}\n");
  EXPECT_TRUE(c.has_code("D0310")) << c.text();
}

}  // namespace
}  // namespace docket
