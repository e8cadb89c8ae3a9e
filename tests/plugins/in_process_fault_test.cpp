// In-process plugins (the default): what the documentation promises stays true. A plugin that returns
// the wrong kind is named with what it returned; one that crashes takes the process with it.
#include <gtest/gtest.h>

#include <string>

#include "isolation_support.hpp"
#include "plugin_test_support.hpp"

namespace docket {
namespace {

class InProcessFaults : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string error;
    ASSERT_TRUE(load_plugin(test::faulty_request(arm, PluginIsolation::in_process), PluginTargets{&registry}, error))
        << error;
  }
  std::string failure(const std::string& name) {
    try {
      (void)test::call(registry, name, {});
    } catch (const FunctionError& e) {
      return e.what();
    }
    return "(no error)";
  }
  test::ArmFile arm;
  FunctionRegistry registry;
};

// Issue 13: this said "returned a text where its signature promises text".
TEST_F(InProcessFaults, AResultThatIsNotWhatWasPromisedSaysWhatItWas) {
  EXPECT_EQ(failure("f.null_text"),
            "f.null_text returned a text whose data pointer is NULL but whose size is 5 bytes where its signature "
            "promises text (a bug in plugin faulty)");
  EXPECT_EQ(failure("f.number_for_text"),
            "f.number_for_text returned a number (2.5) where its signature promises text (a bug in plugin faulty)");
}

TEST_F(InProcessFaults, ItRunsInThisProcess) {
  EXPECT_EQ(test::call(registry, "f.pid", {}), Value(std::int64_t{::getpid()}));
}

using InProcessFaultsDeathTest = InProcessFaults;

// Documented: an in-process plugin that crashes or aborts takes the engine with it.
TEST_F(InProcessFaultsDeathTest, ACrashTakesTheProcessWithIt) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_DEATH((void)test::call(registry, "f.crash", {Value("segv")}), "");
  EXPECT_DEATH((void)test::call(registry, "f.crash", {Value("abort")}), "");
  EXPECT_DEATH((void)test::call(registry, "f.wild_text", {}), "");
}

TEST(InProcessInitDeathTest, AnExceptionOutOfInitTakesTheProcessWithIt) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  test::ArmFile arm;
  PluginRequest request = test::faulty_request(arm, PluginIsolation::in_process);
  request.config.emplace("init", Value("throw"));
  FunctionRegistry registry;
  std::string error;
  EXPECT_DEATH((void)load_plugin(request, PluginTargets{&registry}, error), "the meter register is unreadable");
}

}  // namespace
}  // namespace docket
