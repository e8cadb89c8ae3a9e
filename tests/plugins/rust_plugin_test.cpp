// The Rust example plugin (plugins/site_phone_rs) through the real host; skipped without rustc.
#include <gtest/gtest.h>

#include <string>

#include "plugin_test_support.hpp"

namespace docket {
namespace {

#ifdef DOCKET_SITE_PHONE_PLUGIN
TEST(RustPlugin, NormalizesMainlandMobileNumbers) {
  FunctionRegistry registry;
  const LoadedPlugin loaded = test::load_or_fail(DOCKET_SITE_PHONE_PLUGIN, registry);
  EXPECT_EQ(loaded.name, "site_phone");
  EXPECT_EQ(loaded.abi_minor, 1u);
  const Function* fn = registry.find("site.normalize_phone");
  ASSERT_NE(fn, nullptr);
  EXPECT_TRUE(fn->signature.traits.pure);
  EXPECT_EQ(test::call(registry, "site.normalize_phone", {Value("138-0013-8000")}), Value("13800138000"));
  EXPECT_EQ(test::call(registry, "site.normalize_phone", {Value("+86 138 0013 8000")}), Value("13800138000"));
  EXPECT_EQ(test::call(registry, "site.normalize_phone", {Value("0086 13800138000")}), Value("13800138000"));
}

TEST(RustPlugin, ErrorsAndPanicsBecomeFunctionErrors) {
  FunctionRegistry registry;
  test::load_or_fail(DOCKET_SITE_PHONE_PLUGIN, registry);
  try {
    test::call(registry, "site.normalize_phone", {Value("95598")});
    ADD_FAILURE() << "expected a FunctionError";
  } catch (const FunctionError& e) {
    EXPECT_STREQ(e.what(), "'95598' is not a mainland mobile number (11 digits starting with 1, optionally +86)");
  }
  testing::internal::CaptureStderr();  // Rust's panic hook prints the panic
  try {
    test::call(registry, "site.normalize_phone", {Value(std::string(70, '1'))});
    ADD_FAILURE() << "expected a FunctionError";
  } catch (const FunctionError& e) {
    EXPECT_STREQ(e.what(), "site.normalize_phone panicked (caught in the plugin)");
  }
  (void)testing::internal::GetCapturedStderr();
  EXPECT_EQ(test::call(registry, "site.normalize_phone", {Value("13800138000")}), Value("13800138000"));
}
#else
TEST(RustPlugin, SkippedWithoutRustc) { GTEST_SKIP() << "rustc was not found at configure time (apt-get install rustc)"; }
#endif

}  // namespace
}  // namespace docket
