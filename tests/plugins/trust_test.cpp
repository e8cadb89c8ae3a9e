// Loading and trust: allowed directories (symlinks resolved), sha256 pins, no library-path search.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <utility>
#include <vector>
#include <unistd.h>

#include "plugin_test_support.hpp"

namespace docket {
namespace {

namespace fs = std::filesystem;

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// A fresh directory under the temp dir, removed at the end of the test.
struct TempDir {
  fs::path path;
  TempDir() {
    path = fs::temp_directory_path() / ("docket_trust_" + std::to_string(::getpid()) + "_" +
                                        testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() { fs::remove_all(path); }
};

std::optional<LoadedPlugin> load(PluginRequest request, FunctionRegistry& registry, std::string& error) {
  return load_plugin(request, PluginTargets{&registry, nullptr, nullptr}, error);
}

TEST(PluginTrust, Sha256OfKnownBytes) {
  TempDir dir;
  std::ofstream(dir.path / "abc.txt") << "abc";
  std::string error;
  EXPECT_EQ(file_sha256(dir.path / "abc.txt", error),
            std::optional<std::string>("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"))
      << error;
  EXPECT_FALSE(file_sha256(dir.path / "missing", error).has_value());
  EXPECT_TRUE(contains(error, "No such file")) << error;
}

TEST(PluginTrust, APinnedPluginWithTheRightHashLoads) {
  std::string error;
  const auto digest = file_sha256(DOCKET_SITE_DISTRICT_PLUGIN, error);
  ASSERT_TRUE(digest) << error;
  std::string upper = *digest;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  FunctionRegistry registry;
  const auto loaded = load({DOCKET_SITE_DISTRICT_PLUGIN, {}, upper, {}}, registry, error);
  ASSERT_TRUE(loaded) << error;
  EXPECT_EQ(loaded->sha256, *digest);
  EXPECT_EQ(test::call(registry, "site.district", {Value("闵行区")}), Value("minhang"));
}

// Issue 13: each pinned plugin is loaded through /proc/self/fd/N. The dynamic loader knows a library
// by that name, so when N was closed and reused for the next pinned file, dlopen handed back the
// first library and the second plugin was refused ("function ... is already registered"). Copies
// are loaded, so that every library is new to this process (as it is to `docket check`).
TEST(PluginTrust, SeveralPinnedPluginsLoadSideBySide) {
  TempDir dir;
  const std::vector<std::pair<std::string, fs::path>> plugins = {
      {"site_district", DOCKET_SITE_DISTRICT_PLUGIN},
      {"c_plugin", DOCKET_TEST_PLUGIN_C},
      {"cn_calendar", DOCKET_CN_CALENDAR_PLUGIN},
      {"wrapper", DOCKET_TEST_PLUGIN_WRAPPER},
  };
  FunctionRegistry registry;
  CalendarRegistry calendars;
  for (const auto& [name, original] : plugins) {
    const fs::path copy = dir.path / (name + ".so");
    fs::copy_file(original, copy);
    std::string error;
    const auto digest = file_sha256(copy, error);
    ASSERT_TRUE(digest) << error;
    PluginRequest request;
    request.path = copy.string();
    request.allowed_directories = {dir.path};
    request.sha256 = *digest;
    const auto loaded = load_plugin(request, PluginTargets{&registry, &calendars, nullptr}, error);
    ASSERT_TRUE(loaded) << error;
    EXPECT_EQ(loaded->name, name);
    EXPECT_EQ(loaded->sha256, *digest);
  }
  // Every plugin answers with its own code.
  EXPECT_EQ(test::call(registry, "site.district", {Value("闵行区")}), Value("minhang"));
  EXPECT_EQ(test::call(registry, "c.add", {Value(std::int64_t{40}), Value(std::int64_t{2})}), Value(std::int64_t{42}));
  EXPECT_EQ(test::call(registry, "w.greet", {Value("docket")}), Value("hello, docket"));
  ASSERT_NE(calendars.find("cn-workdays"), nullptr);
  std::string error;
  const auto national_day = calendars.find("cn-workdays")->day(2025, 10, 1, error);
  ASSERT_TRUE(national_day) << error;
  EXPECT_FALSE(national_day->working);
}

TEST(PluginTrust, AHashMismatchIsRefusedWithBothHashesAndTheFix) {
  FunctionRegistry registry;
  std::string error;
  const std::string zeros(64, '0');
  EXPECT_FALSE(load({DOCKET_SITE_DISTRICT_PLUGIN, {}, zeros, {}}, registry, error));
  EXPECT_TRUE(contains(error, "cannot load plugin '" DOCKET_SITE_DISTRICT_PLUGIN "': its sha256 is ")) << error;
  EXPECT_TRUE(contains(error, "but docket.toml pins " + zeros)) << error;
  EXPECT_TRUE(contains(error, "sha256sum " DOCKET_SITE_DISTRICT_PLUGIN)) << error;
  EXPECT_TRUE(registry.names().empty());
}

TEST(PluginTrust, AMalformedPinIsRefused) {
  FunctionRegistry registry;
  std::string error;
  EXPECT_FALSE(load({DOCKET_SITE_DISTRICT_PLUGIN, {}, std::string("abc123"), {}}, registry, error));
  EXPECT_TRUE(contains(error, "its sha256 pin 'abc123' is not 64 hex digits")) << error;
}

TEST(PluginTrust, APluginInsideAnAllowedDirectoryLoads) {
  FunctionRegistry registry;
  std::string error;
  const fs::path dir = fs::path(DOCKET_SITE_DISTRICT_PLUGIN).parent_path();
  EXPECT_TRUE(load({DOCKET_SITE_DISTRICT_PLUGIN, {dir}, std::nullopt, {}}, registry, error)) << error;
}

TEST(PluginTrust, APluginOutsideTheAllowedDirectoriesIsRefused) {
  TempDir dir;
  FunctionRegistry registry;
  std::string error;
  EXPECT_FALSE(load({DOCKET_SITE_DISTRICT_PLUGIN, {dir.path}, std::nullopt, {}}, registry, error));
  EXPECT_TRUE(contains(error, "it lies outside the plugin directories")) << error;
  EXPECT_TRUE(contains(error, "add its folder to [plugins] directories")) << error;
  EXPECT_TRUE(registry.names().empty());
}

TEST(PluginTrust, ASymlinkFromAnAllowedDirectoryToOutsideIsRefused) {
  TempDir dir;
  fs::create_symlink(DOCKET_SITE_DISTRICT_PLUGIN, dir.path / "site_district.so");
  FunctionRegistry registry;
  std::string error;
  EXPECT_FALSE(load({(dir.path / "site_district.so").string(), {dir.path}, std::nullopt, {}}, registry, error));
  EXPECT_TRUE(contains(error, "it lies outside the plugin directories")) << error;
}

TEST(PluginTrust, ABareFileNameIsNotLookedUpOnTheLibraryPath) {
  FunctionRegistry registry;
  std::string error;
  // dlopen("libc.so.6") would find the system C library; docket must only open ./libc.so.6.
  EXPECT_FALSE(load_plugin("libc.so.6", registry, error));
  EXPECT_TRUE(contains(error, "cannot load plugin 'libc.so.6'")) << error;
  EXPECT_FALSE(contains(error, "entry symbol")) << error;
}

}  // namespace
}  // namespace docket
