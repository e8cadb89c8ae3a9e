// A plugin built against the frozen ABI 1.0 header loads in this (1.1) engine and behaves as before.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "plugin_test_support.hpp"

namespace docket {
namespace {

using test::call;
using test::load_or_fail;

TEST(AbiV1_0Plugin, LoadsAndReportsAbi1_0) {
  FunctionRegistry registry;
  const LoadedPlugin loaded = load_or_fail(DOCKET_TEST_PLUGIN_ABI_V1_0, registry);
  EXPECT_EQ(loaded.name, "abi_v1_0");
  EXPECT_EQ(loaded.abi_major, 1u);
  EXPECT_EQ(loaded.abi_minor, 0u);
  EXPECT_EQ(registry.names(), (std::vector<std::string>{"old.fail", "old.mul", "old.shout"}));
}

TEST(AbiV1_0Plugin, FunctionsWithoutFlagsCountAsThreadSafeAsAbi1_0Promised) {
  FunctionRegistry registry;
  load_or_fail(DOCKET_TEST_PLUGIN_ABI_V1_0, registry);
  const Function* mul = registry.find("old.mul");
  ASSERT_NE(mul, nullptr);
  EXPECT_TRUE(mul->signature.traits.thread_safe);
  EXPECT_FALSE(mul->signature.traits.pure);
  EXPECT_FALSE(mul->signature.traits.may_block);
}

TEST(AbiV1_0Plugin, CallsWorkThroughTheGrownCallContext) {
  FunctionRegistry registry;
  load_or_fail(DOCKET_TEST_PLUGIN_ABI_V1_0, registry);
  EXPECT_EQ(call(registry, "old.mul", {Value(std::int64_t{6}), Value(std::int64_t{7})}), Value(std::int64_t{42}));
  EXPECT_EQ(call(registry, "old.shout", {Value("meter 95598")}), Value("METER 95598"));
  try {
    call(registry, "old.fail", {});
    ADD_FAILURE() << "expected a FunctionError";
  } catch (const FunctionError& e) {
    EXPECT_STREQ(e.what(), "old plugin says no");
  }
}

}  // namespace
}  // namespace docket
