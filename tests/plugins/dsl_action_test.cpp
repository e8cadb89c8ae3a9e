// `by action site.schedule_meter(...)` type-checked against the action a plugin registered.
#include <gtest/gtest.h>

#include <string>

#include "docket/dsl/compile.hpp"
#include "plugin_test_support.hpp"

namespace docket {
namespace {

std::string workflow_with(const std::string& action) {
  return "module t\n"
         "record Application {\n"
         "  id : text\n"
         "}\n"
         "workflow install(app: Application) {\n"
         "  step book \"装表\" by action " + action + "\n"
         "  end done\n"
         "  flow { start -> book -> done }\n"
         "}\n";
}

std::string compile_messages(const FunctionRegistry& registry, const std::string& text, bool& ok) {
  SourceSet sources;
  sources.add("t.dkt", text);
  Diagnostics diagnostics;
  ok = dsl::compile(sources, registry, diagnostics).has_value() && !diagnostics.has_errors();
  std::string out;
  for (const Diagnostic& d : diagnostics.all()) out += d.code + ": " + d.message + "\n";
  return out;
}

FunctionRegistry with_schedule_meter() {
  FunctionRegistry registry;
  PluginRequest request;
  request.path = DOCKET_SCHEDULE_METER_PLUGIN;
  std::string error;
  EXPECT_TRUE(load_plugin(request, PluginTargets{&registry, nullptr, nullptr}, error)) << error;
  return registry;
}

TEST(PluginDslAction, AnActionCallWithTheDeclaredTypesCompiles) {
  const FunctionRegistry registry = with_schedule_meter();
  bool ok = false;
  const std::string messages = compile_messages(registry, workflow_with("site.schedule_meter(app.id)"), ok);
  EXPECT_TRUE(ok) << messages;
}

TEST(PluginDslAction, AnArgumentOfTheWrongTypeIsD0303) {
  const FunctionRegistry registry = with_schedule_meter();
  bool ok = true;
  const std::string messages = compile_messages(registry, workflow_with("site.schedule_meter(42)"), ok);
  EXPECT_FALSE(ok);
  EXPECT_NE(messages.find("D0303: argument 1 of action `site.schedule_meter` must be text, but this is int"),
            std::string::npos)
      << messages;
}

TEST(PluginDslAction, TheWrongNumberOfArgumentsIsD0304) {
  const FunctionRegistry registry = with_schedule_meter();
  bool ok = true;
  const std::string messages = compile_messages(registry, workflow_with("site.schedule_meter(app.id, 2)"), ok);
  EXPECT_FALSE(ok);
  EXPECT_NE(messages.find("D0304: action `site.schedule_meter` takes 1 argument, but 2 are given"), std::string::npos)
      << messages;
}

TEST(PluginDslAction, AnActionNoPluginRegisteredStaysTheHostsAndIsNotChecked) {
  const FunctionRegistry registry;
  bool ok = false;
  const std::string messages = compile_messages(registry, workflow_with("crm.notify(app.id, 42)"), ok);
  EXPECT_TRUE(ok) << messages;
}

}  // namespace
}  // namespace docket
