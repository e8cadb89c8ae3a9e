// JSON input conversion: every type, record defaults, and errors that name the path and the fix.
#include <gtest/gtest.h>

#include "docket/core/json_value.hpp"

namespace docket {
namespace {

class JsonValueTest : public ::testing::Test {
 protected:
  void SetUp() override {
    tariff.name = "Tariff";
    tariff.members = {"residential", "commercial", "industrial"};
    customer.name = "Customer";
    customer.fields = {{"id", Type::text(), {}},
                       {"voltage_kv", Type::number(), {}},
                       {"tariff", Type(&tariff), {}},
                       {"load_level", Type::integer(), {}},
                       {"grade", Type::text(), Value("C")}};
    application.name = "Application";
    application.fields = {{"id", Type::text(), {}}, {"customer", Type(&customer), {}}};
  }

  std::string error_of(std::string_view json, Type type, std::string_view root = "app") {
    try {
      Value v = value_from_json(json, type, root);
      ADD_FAILURE() << "expected a ValueError, got " << to_string(v);
    } catch (const ValueError& e) {
      return e.what();
    }
    return {};
  }

  static constexpr const char* good_customer =
      R"({"id": "C1", "voltage_kv": 10, "tariff": "industrial", "load_level": 2})";

  EnumDef tariff;
  RecordDef customer;
  RecordDef application;
};

TEST_F(JsonValueTest, ConvertsPrimitives) {
  EXPECT_EQ(value_from_json("true", Type::boolean()), Value(true));
  Value i = value_from_json("42", Type::integer());
  ASSERT_TRUE(i.holds<std::int64_t>());
  EXPECT_EQ(i.as_int(), 42);
  Value n = value_from_json("7", Type::number());
  ASSERT_TRUE(n.holds<double>());
  EXPECT_DOUBLE_EQ(n.as_number(), 7.0);
  EXPECT_EQ(value_from_json(R"("装表")", Type::text()), Value("装表"));
  EXPECT_EQ(value_from_json(R"("24h")", Type::duration()), Value(Duration{86400, DurationUnit::seconds}));
  EXPECT_EQ(value_from_json(R"("45min")", Type::duration()), Value(Duration{2700, DurationUnit::seconds}));
  EXPECT_EQ(value_from_json(R"("5 workdays")", Type::duration()), Value(Duration{5, DurationUnit::workdays}));
  EXPECT_EQ(value_from_json(R"("1 workhour")", Type::duration()), Value(Duration{1, DurationUnit::workhours}));
  using namespace std::chrono;
  Instant expected{sys_days{year{2025} / September / 26} + hours{1}};
  EXPECT_EQ(value_from_json(R"("2025-09-26T09:00:00+08:00")", Type::time()), Value(expected));
  EXPECT_EQ(value_from_json(R"("2025-09-26T01:00Z")", Type::time()), Value(expected));
}

TEST_F(JsonValueTest, ConvertsNestedRecordsWithDefaults) {
  std::string json = std::string(R"({"id": "A1", "customer": )") + good_customer + "}";
  Value v = value_from_json(json, Type(&application));
  const RecordValue& app = v.as_record();
  EXPECT_EQ(app.def, &application);
  EXPECT_EQ(app.fields[0], Value("A1"));
  const RecordValue& c = app.fields[1].as_record();
  EXPECT_EQ(c.def, &customer);
  EXPECT_TRUE(c.fields[1].holds<double>());
  EXPECT_EQ(c.fields[2], Value(EnumValue{&tariff, 2}));
  EXPECT_EQ(c.fields[3], Value(std::int64_t{2}));
  EXPECT_EQ(c.fields[4], Value("C"));  // the field default
}

TEST_F(JsonValueTest, WrongTypesNameThePath) {
  std::string json = R"({"id": "A1", "customer": {"id": "C1", "voltage_kv": "high", "tariff": "industrial",
                         "load_level": 2}})";
  EXPECT_EQ(error_of(json, Type(&application)), R"(app.customer.voltage_kv: expected a number, got "high")");
  EXPECT_EQ(error_of("3.5", Type::integer(), "level"), "level: expected a whole number (int), got 3.5");
  EXPECT_EQ(error_of("[1]", Type::text(), "name"), "name: expected text (a JSON string), got an array");
  EXPECT_EQ(error_of("\"x\"", Type::boolean(), "flag"), "flag: expected true or false, got \"x\"");
  EXPECT_EQ(error_of("\"soon\"", Type::duration(), "within"),
            "within: expected a duration such as \"24h\", \"45min\", \"5 workdays\" or \"1 month\", got \"soon\"");
  EXPECT_EQ(error_of("null", Type(&customer), "c"), "c: expected a Customer object, got null");
}

TEST_F(JsonValueTest, UnknownEnumMembersSuggestTheClosest) {
  EXPECT_EQ(error_of("\"industral\"", Type(&tariff), "tariff"),
            "tariff: \"industral\" is not a Tariff, did you mean `industrial`? (one of: residential, commercial, "
            "industrial)");
}

TEST_F(JsonValueTest, MissingAndUnknownFieldsAreErrors) {
  EXPECT_EQ(error_of(R"({"id": "A1"})", Type(&application)),
            "app: missing field `customer` (Customer) of Application: add \"customer\": <Customer>");
  std::string typo = std::string(R"({"id": "A1", "custmer": )") + good_customer + "}";
  EXPECT_EQ(error_of(typo, Type(&application)),
            "app.custmer: Application has no field `custmer`, did you mean `customer`? (fields: id, customer)");
}

TEST_F(JsonValueTest, TimesNeedAnOffset) {
  EXPECT_NE(error_of(R"("2025-09-26T09:00")", Type::time(), "opened").find("needs a UTC offset"), std::string::npos);
  EXPECT_NE(error_of(R"("2025-02-30T09:00Z")", Type::time(), "opened").find("not a calendar date"), std::string::npos);
}

TEST_F(JsonValueTest, InvalidJsonIsAValueError) {
  EXPECT_NE(error_of("{\"id\": ", Type(&application)).find("app: the input is not valid JSON"), std::string::npos);
}

}  // namespace
}  // namespace docket
