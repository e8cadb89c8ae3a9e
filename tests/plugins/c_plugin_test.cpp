// A plugin written in plain C11, loaded and called through the ABI.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "plugin_test_support.hpp"

namespace docket {
namespace {

using test::call;
using test::load_or_fail;

TEST(CPlugin, RegistersTypedFunctions) {
  FunctionRegistry registry;
  load_or_fail(DOCKET_TEST_PLUGIN_C, registry);
  const Function* add = registry.find("c.add");
  ASSERT_NE(add, nullptr);
  EXPECT_EQ(add->signature.params, (std::vector<Type>{Type::integer(), Type::integer()}));
  EXPECT_EQ(add->signature.result, Type::integer());
  const Function* scale = registry.find("c.scale");
  ASSERT_NE(scale, nullptr);
  EXPECT_EQ(scale->signature.params, (std::vector<Type>{Type::number(), Type::boolean()}));
  EXPECT_EQ(scale->signature.result, Type::number());
}

TEST(CPlugin, AddsIntegers) {
  FunctionRegistry registry;
  load_or_fail(DOCKET_TEST_PLUGIN_C, registry);
  EXPECT_EQ(call(registry, "c.add", {Value(std::int64_t{40}), Value(std::int64_t{2})}), Value(std::int64_t{42}));
  EXPECT_EQ(call(registry, "c.add", {Value(std::int64_t{-7}), Value(std::int64_t{3})}), Value(std::int64_t{-4}));
}

TEST(CPlugin, ConcatenatesTextInHostScratchMemory) {
  FunctionRegistry registry;
  load_or_fail(DOCKET_TEST_PLUGIN_C, registry);
  EXPECT_EQ(call(registry, "c.concat", {Value("装表"), Value("接电")}), Value("装表接电"));
  EXPECT_EQ(call(registry, "c.concat", {Value(""), Value("")}), Value(""));
}

TEST(CPlugin, PassesUserDataAndWidensIntToNumber) {
  FunctionRegistry registry;
  load_or_fail(DOCKET_TEST_PLUGIN_C, registry);
  EXPECT_EQ(call(registry, "c.scale", {Value(2.0), Value(true)}), Value(5.0));
  EXPECT_EQ(call(registry, "c.scale", {Value(std::int64_t{4}), Value(true)}), Value(10.0));
  EXPECT_EQ(call(registry, "c.scale", {Value(2.0), Value(false)}), Value(2.0));
}

TEST(CPlugin, ReportedErrorBecomesFunctionError) {
  FunctionRegistry registry;
  load_or_fail(DOCKET_TEST_PLUGIN_C, registry);
  try {
    call(registry, "c.div", {Value(std::int64_t{1}), Value(std::int64_t{0})});
    ADD_FAILURE() << "expected a FunctionError";
  } catch (const FunctionError& e) {
    EXPECT_STREQ(e.what(), "division by zero");
  }
  EXPECT_EQ(call(registry, "c.div", {Value(std::int64_t{9}), Value(std::int64_t{3})}), Value(std::int64_t{3}));
}

TEST(CPlugin, ResultOfTheWrongKindIsCaughtByTheHost) {
  FunctionRegistry registry;
  load_or_fail(DOCKET_TEST_PLUGIN_C, registry);
  try {
    call(registry, "c.wrong_kind", {});
    ADD_FAILURE() << "expected a FunctionError";
  } catch (const FunctionError& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("c.wrong_kind returned a number (1.5) where its signature promises int"), std::string::npos)
        << message;
  }
}

}  // namespace
}  // namespace docket
