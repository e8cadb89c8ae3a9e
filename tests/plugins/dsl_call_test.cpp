// A DSL expression calling a plugin function, type-checked against the signature it declared.
#include <gtest/gtest.h>

#include <string>

#include "docket/dsl/compile.hpp"
#include "plugin_test_support.hpp"

namespace docket {
namespace {

std::string program_calling(const std::string& call) {
  return "module t\n"
         "\n"
         "record Application {\n"
         "  address : text\n"
         "}\n"
         "\n"
         "decision survey_team(app: Application) -> text {\n"
         "  hit first\n"
         "  rule when " + call + " == \"pudong\" then \"field_crew_east\"\n"
         "  otherwise \"field_crew\"\n"
         "}\n";
}

std::string messages(const Diagnostics& diagnostics) {
  std::string out;
  for (const Diagnostic& d : diagnostics.all()) out += d.code + ": " + d.message + "\n";
  return out;
}

TEST(PluginDslCall, CallWithTheDeclaredTypesCompiles) {
  FunctionRegistry registry;
  test::load_or_fail(DOCKET_SITE_DISTRICT_PLUGIN, registry);
  SourceSet sources;
  sources.add("t.dkt", program_calling("site.district(app.address)"));
  Diagnostics diagnostics;
  EXPECT_TRUE(dsl::compile(sources, registry, diagnostics).has_value()) << messages(diagnostics);
  EXPECT_FALSE(diagnostics.has_errors()) << messages(diagnostics);
}

TEST(PluginDslCall, ArgumentOfTheWrongTypeIsACompileError) {
  FunctionRegistry registry;
  test::load_or_fail(DOCKET_SITE_DISTRICT_PLUGIN, registry);
  SourceSet sources;
  sources.add("t.dkt", program_calling("site.district(42)"));
  Diagnostics diagnostics;
  EXPECT_FALSE(dsl::compile(sources, registry, diagnostics).has_value());
  const std::string all = messages(diagnostics);
  EXPECT_NE(all.find("argument 1 of `site.district` must be text"), std::string::npos) << all;
}

TEST(PluginDslCall, WithoutThePluginTheCallIsUnknown) {
  FunctionRegistry registry;
  SourceSet sources;
  sources.add("t.dkt", program_calling("site.district(app.address)"));
  Diagnostics diagnostics;
  EXPECT_FALSE(dsl::compile(sources, registry, diagnostics).has_value());
  const std::string all = messages(diagnostics);
  EXPECT_NE(all.find("unknown decision or function `site.district`"), std::string::npos) << all;
}

}  // namespace
}  // namespace docket
