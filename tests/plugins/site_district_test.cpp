// site_district through the real host: dlopen, signature, calls, and its error path.
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "plugin_test_support.hpp"

namespace docket {
namespace {

using test::call;
using test::load_or_fail;

TEST(SiteDistrictPlugin, LoadsWithItsNameVersionAndAbi) {
  FunctionRegistry registry;
  const LoadedPlugin loaded = load_or_fail(DOCKET_SITE_DISTRICT_PLUGIN, registry);
  EXPECT_EQ(loaded.path, DOCKET_SITE_DISTRICT_PLUGIN);
  EXPECT_EQ(loaded.name, "site_district");
  EXPECT_EQ(loaded.version, "1.1.0");
  EXPECT_EQ(loaded.abi_major, 1u);
  EXPECT_EQ(loaded.abi_minor, 1u);
  EXPECT_EQ(registry.names(), std::vector<std::string>{"site.district"});
}

TEST(SiteDistrictPlugin, RegistersTextToTextSignature) {
  FunctionRegistry registry;
  load_or_fail(DOCKET_SITE_DISTRICT_PLUGIN, registry);
  const Function* fn = registry.find("site.district");
  ASSERT_NE(fn, nullptr);
  EXPECT_EQ(fn->signature.name, "site.district");
  EXPECT_EQ(fn->signature.params, std::vector<Type>{Type::text()});
  EXPECT_EQ(fn->signature.result, Type::text());
  EXPECT_EQ(fn->signature.origin, DOCKET_SITE_DISTRICT_PLUGIN);
}

TEST(SiteDistrictPlugin, FindsDistrictsInChineseAndEnglishAddresses) {
  FunctionRegistry registry;
  load_or_fail(DOCKET_SITE_DISTRICT_PLUGIN, registry);
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"上海市浦东新区世纪大道100号", "pudong"},
      {"100 Century Avenue, Pudong New Area, Shanghai", "pudong"},
      {"PUDONG", "pudong"},
      {"上海市闵行区莘庄镇", "minhang"},
      {"88 Xinzhen Road, Minhang District", "minhang"},
      {"上海市徐汇区漕溪北路", "xuhui"},
      {"上海市南汇区惠南镇", "pudong"},     // Nanhui was merged into Pudong
      {"上海市静安区宝山路", "jingan"},      // Baoshan Road lies in Jing'an, not Baoshan
      {"Jing'an Temple, Shanghai", "jingan"},
      {"上海市浦东新区滨江大道, 黄浦江边", "pudong"},  // the river does not make it Huangpu
      {"北京市朝阳区", "unknown"},
      {"somewhere else", "unknown"},
  };
  for (const auto& [address, district] : cases) {
    EXPECT_EQ(call(registry, "site.district", {Value(address)}), Value(district)) << address;
  }
}

TEST(SiteDistrictPlugin, EmptyAddressBecomesFunctionErrorWithPluginMessage) {
  FunctionRegistry registry;
  load_or_fail(DOCKET_SITE_DISTRICT_PLUGIN, registry);
  for (const char* address : {"", "   "}) {
    try {
      call(registry, "site.district", {Value(address)});
      ADD_FAILURE() << "expected a FunctionError for '" << address << "'";
    } catch (const FunctionError& e) {
      EXPECT_STREQ(e.what(), "address is empty");
    }
  }
}

TEST(SiteDistrictPlugin, WrongArgumentKindIsAFunctionErrorNotACrash) {
  FunctionRegistry registry;
  load_or_fail(DOCKET_SITE_DISTRICT_PLUGIN, registry);
  EXPECT_THROW(call(registry, "site.district", {Value(std::int64_t{3})}), FunctionError);
  EXPECT_THROW(call(registry, "site.district", {}), FunctionError);
}

TEST(SiteDistrictPlugin, LoadsIntoASecondRegistryWithoutASecondInit) {
  FunctionRegistry first;
  FunctionRegistry second;
  load_or_fail(DOCKET_SITE_DISTRICT_PLUGIN, first);
  load_or_fail(DOCKET_SITE_DISTRICT_PLUGIN, second);
  EXPECT_EQ(call(first, "site.district", {Value("闵行")}), Value("minhang"));
  EXPECT_EQ(call(second, "site.district", {Value("浦东")}), Value("pudong"));
}

TEST(SiteDistrictPlugin, LoadingTwiceIntoOneRegistryIsRefusedAsADuplicate) {
  FunctionRegistry registry;
  load_or_fail(DOCKET_SITE_DISTRICT_PLUGIN, registry);
  std::string error;
  EXPECT_FALSE(load_plugin(DOCKET_SITE_DISTRICT_PLUGIN, registry, error));
  EXPECT_NE(error.find("'site.district' is already registered"), std::string::npos) << error;
  EXPECT_NE(error.find(DOCKET_SITE_DISTRICT_PLUGIN), std::string::npos) << error;
  EXPECT_EQ(registry.names(), std::vector<std::string>{"site.district"});
}

}  // namespace
}  // namespace docket
