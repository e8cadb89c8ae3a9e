// Plugins the host must refuse, each with a message naming the file, the reason and the fix,
// and leaving the registry exactly as it was.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "plugin_test_support.hpp"

namespace docket {
namespace {

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// A registry that already holds one function, so "unchanged" means more than "empty".
FunctionRegistry registry_with_builtin() {
  FunctionRegistry registry;
  registry.add(FunctionSignature{"text.upper", {Type::text()}, Type::text(), "builtin"},
               [](std::span<const Value> args) { return args[0]; });
  return registry;
}

// Loads `path`, expects a refusal, and returns the message; checks the registry is unchanged.
std::string refusal(const std::string& path, FunctionRegistry& registry) {
  const std::vector<std::string> before = registry.names();
  std::string error;
  const auto loaded = load_plugin(path, registry, error);
  EXPECT_FALSE(loaded.has_value()) << path;
  EXPECT_EQ(registry.names(), before) << error;
  EXPECT_TRUE(contains(error, "cannot load plugin '" + path + "'")) << error;
  EXPECT_TRUE(contains(error, "Fix: ")) << error;
  return error;
}

TEST(PluginRefusal, MissingFile) {
  FunctionRegistry registry = registry_with_builtin();
  const std::string error = refusal("/nonexistent/site_nothing.so", registry);
  EXPECT_TRUE(contains(error, "No such file")) << error;
  EXPECT_TRUE(contains(error, "check that the file exists")) << error;
}

TEST(PluginRefusal, WrongAbiMajor) {
  FunctionRegistry registry = registry_with_builtin();
  const std::string error = refusal(DOCKET_TEST_PLUGIN_BAD_MAJOR, registry);
  EXPECT_TRUE(contains(error, "built for docket plugin ABI 2.3")) << error;
  EXPECT_TRUE(contains(error, "this engine speaks ABI 1.x (1.1)")) << error;
  EXPECT_TRUE(contains(error, "rebuild the plugin against the docket/plugin.h")) << error;
  EXPECT_FALSE(contains(error, "must never run")) << error;
}

TEST(PluginRefusal, MissingEntrySymbol) {
  FunctionRegistry registry = registry_with_builtin();
  const std::string error = refusal(DOCKET_TEST_PLUGIN_NO_ENTRY, registry);
  EXPECT_TRUE(contains(error, "does not export the entry symbol 'docket_plugin_entry'")) << error;
  EXPECT_TRUE(contains(error, "DOCKET_PLUGIN_EXPORT")) << error;
}

TEST(PluginRefusal, DescriptorSmallerThanAbi1_0) {
  FunctionRegistry registry = registry_with_builtin();
  const std::string error = refusal(DOCKET_TEST_PLUGIN_SHORT_STRUCT, registry);
  EXPECT_TRUE(contains(error, "its plugin descriptor is 24 bytes, smaller than the 56 bytes of ABI 1.0")) << error;
  EXPECT_TRUE(contains(error, "sizeof(docket_plugin_descriptor)")) << error;
  EXPECT_FALSE(contains(error, "must never run")) << error;
}

TEST(PluginRefusal, ActionDefinitionSmallerThanAbi1_1) {
  FunctionRegistry registry = registry_with_builtin();
  const std::string error = refusal(DOCKET_TEST_PLUGIN_SHORT_ACTION, registry);
  EXPECT_TRUE(contains(error, "(short_action 1.0.0): it registers an action whose struct_size is 40 bytes, "
                              "smaller than the 56 bytes of ABI 1.1"))
      << error;
  EXPECT_TRUE(contains(error, "sizeof(docket_action_def)")) << error;
  EXPECT_TRUE(registry.action_names().empty());
}

TEST(PluginRefusal, FailingInitRegistersNothingAndLogs) {
  FunctionRegistry registry = registry_with_builtin();
  testing::internal::CaptureStderr();
  const std::string error = refusal(DOCKET_TEST_PLUGIN_FAILING_INIT, registry);
  const std::string log = testing::internal::GetCapturedStderr();
  EXPECT_TRUE(contains(error, "(failing_init 1.0.0)")) << error;
  EXPECT_TRUE(contains(error, "its init failed: meter database unreachable at db.example:5432")) << error;
  EXPECT_EQ(registry.find("failing.answer"), nullptr);
  EXPECT_EQ(log, "[plugin failing_init] warning: connecting to db.example:5432 timed out\n");
}

TEST(PluginRefusal, FailingInitIsRetriedByALaterLoad) {
  FunctionRegistry registry;
  testing::internal::CaptureStderr();
  refusal(DOCKET_TEST_PLUGIN_FAILING_INIT, registry);
  refusal(DOCKET_TEST_PLUGIN_FAILING_INIT, registry);
  const std::string log = testing::internal::GetCapturedStderr();
  EXPECT_EQ(log, "[plugin failing_init] warning: connecting to db.example:5432 timed out\n"
                 "[plugin failing_init] warning: connecting to db.example:5432 timed out\n");
}

TEST(PluginRefusal, NameTakenByTheEngine) {
  FunctionRegistry registry = registry_with_builtin();
  registry.add(FunctionSignature{"c.add", {Type::integer(), Type::integer()}, Type::integer(), "builtin"},
               [](std::span<const Value> args) { return args[0]; });
  const std::string error = refusal(DOCKET_TEST_PLUGIN_C, registry);
  EXPECT_TRUE(contains(error, "'c.add' is already registered by")) << error;
  EXPECT_TRUE(contains(error, "builtin")) << error;
  EXPECT_TRUE(contains(error, "rename the function")) << error;
  EXPECT_EQ(registry.find("c.concat"), nullptr);
}

TEST(PluginRefusal, NameRegisteredTwiceRefusesThePluginAndCallsDeinit) {
  FunctionRegistry registry = registry_with_builtin();
  testing::internal::CaptureStderr();
  const std::string error = refusal(DOCKET_TEST_PLUGIN_DUPLICATE, registry);
  const std::string log = testing::internal::GetCapturedStderr();
  EXPECT_TRUE(contains(error, "(duplicate 1.0.0): it registers function 'dup.twice' twice")) << error;
  EXPECT_EQ(registry.find("dup.twice"), nullptr);
  // deinit ran, and the services table the plugin kept from init was still valid for it.
  EXPECT_EQ(log, "[plugin duplicate] info: duplicate_plugin deinit\n");
}

}  // namespace
}  // namespace docket
