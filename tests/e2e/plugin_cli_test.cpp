// End-to-end, plugins under `docket check` and `docket run`: several pins, refused plugins (the check
// goes on without them), and plugins isolated in helper processes through docket.toml.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <string>

#include "cli_support.hpp"

namespace {

using namespace docket::testing;
namespace fs = std::filesystem;

bool has(const CliRun& r, const std::string& text) { return r.output.find(text) != std::string::npos; }

std::string sha256_of(const std::string& file) {
  std::string out;
  FILE* pipe = popen(fmt::format("sha256sum '{}'", file).c_str(), "r");
  if (pipe == nullptr) return out;
  std::array<char, 128> buf{};
  if (fgets(buf.data(), buf.size(), pipe) != nullptr) out.assign(buf.data(), 64);
  pclose(pipe);
  return out;
}

// The 95598 example's configuration with absolute paths, plus `extra` in [plugins] and `tables` after it.
std::string example_config(const std::string& extra, const std::string& tables = "") {
  std::string files;
  for (const char* f : {"customers.dkt", "meter_install.dkt", "fault_repair.dkt", "complaint.dkt", "revisit.dkt",
                        "proactive_visit.dkt", "tests.dkt"}) {
    files += fmt::format("{}\"{}\"", files.empty() ? "" : ", ", examples(std::string("95598/") + f));
  }
  return fmt::format("[program]\nfiles = [{}]\n[plugins]\ndirectories = [\"{}\"]\n"
                     "load = [\"site_district\", \"site_schedule_meter\", \"cn_calendar\"]\n{}\n{}\n"
                     "[calendars]\ninclude = [\"{}\"]\n[run]\nzone = \"Asia/Shanghai\"\n",
                     files, DOCKET_PLUGIN_DIR, extra, tables, examples("calendars/cn.toml"));
}

// Issue 13: the second of two pinned plugins was refused ("function ... is already registered").
TEST(PluginCli, EveryPluginPinnedLoads) {
  std::string pins = "[plugins.sha256]\n";
  for (const char* name : {"site_district", "site_schedule_meter", "cn_calendar"}) {
    const std::string digest = sha256_of(fmt::format("{}/{}.so", DOCKET_PLUGIN_DIR, name));
    ASSERT_EQ(digest.size(), 64u);
    pins += fmt::format("{} = \"{}\"\n", name, digest);
  }
  auto toml = temp_file("all_pinned.toml", example_config("", pins));
  CliRun r = run("check --config " + toml.string());
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(has(r, "checked 7 files: 0 errors, 0 warnings")) << r.output;
}

const char* uses_district =
    "module m\n"
    "record App { address: text }\n"
    "decision team(a: App) -> text {\n"
    "  hit first\n"
    "  rule when site.district(a.address) == \"pudong\" then \"east\"\n"
    "  otherwise \"west\"\n"
    "}\n"
    "record Broken { x: nmber }\n";

// Issue 13: a refused plugin stopped `docket check` before the files were checked ("checked 1 file:
// 1 error"). Now the refusal is reported, the file is checked without the plugin, and the summary
// says so.
TEST(PluginCli, ARefusedPluginIsReportedAndTheFilesAreCheckedWithoutIt) {
  auto dkt = temp_file("uses_district.dkt", uses_district);
  auto toml = temp_file("bad_pin.toml", fmt::format("[program]\nfiles = [\"{}\"]\n[plugins]\ndirectories = [\"{}\"]\n"
                                                    "load = [\"site_district\"]\n[plugins.sha256]\nsite_district = \"{}\"\n",
                                                    dkt.string(), DOCKET_PLUGIN_DIR, std::string(64, 'a')));
  CliRun r = run("check --config " + toml.string());
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_TRUE(has(r, "site_district.so': its sha256 is ")) << r.output;
  EXPECT_TRUE(has(r, "uses_district.dkt:5:13: error[D0305]: unknown decision or function `site.district`")) << r.output;
  EXPECT_TRUE(has(r, "note[D0901]: plugin `site_district` was not loaded (see the error above), so the functions it "
                     "provides are unknown here"))
      << r.output;
  EXPECT_TRUE(has(r, "uses_district.dkt:8:20: error[D0203]: unknown type `nmber`")) << r.output;  // checked on
  EXPECT_TRUE(has(r, "checked 1 file without plugin site_district (not loaded): 3 errors, 1 warning")) << r.output;
}

TEST(PluginCli, APluginOfAnotherAbiIsReportedAndTheFilesAreCheckedWithoutIt) {
  const fs::path dir = temp_file("abi.keep", "").parent_path() / "abi";
  fs::create_directories(dir);
  fs::copy_file(DOCKET_BAD_MAJOR_PLUGIN, dir / "site_region.so", fs::copy_options::overwrite_existing);
  auto dkt = temp_file("uses_region.dkt", uses_district);
  auto toml = temp_file("abi.toml", fmt::format("[program]\nfiles = [\"{}\"]\n[plugins]\ndirectories = [\"{}\", \"{}\"]\n"
                                                "load = [\"site_region\", \"site_district\"]\n",
                                                dkt.string(), dir.string(), DOCKET_PLUGIN_DIR));
  CliRun r = run("check --config " + toml.string());
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_TRUE(has(r, "site_region.so': it was built for docket plugin ABI 2.3, but this engine speaks ABI 1.x")) << r.output;
  EXPECT_FALSE(has(r, "D0305")) << r.output;  // site_district loaded: its calls are known
  EXPECT_TRUE(has(r, "error[D0203]: unknown type `nmber`")) << r.output;
  EXPECT_TRUE(has(r, "checked 1 file without plugin site_region (not loaded): 2 errors, 1 warning")) << r.output;
}

TEST(PluginCli, AConfigurationErrorChecksNothingAndSaysSo) {
  auto toml = temp_file("nothing.toml", "[program]\nfils = [\"a.dkt\"]\n");
  CliRun r = run("check --config " + toml.string());
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_TRUE(has(r, "checked nothing: 1 error, 0 warnings")) << r.output;
}

// Every plugin of the example in a helper process: the same run, line for line.
TEST(PluginCli, TheExampleRunsTheSameWithEveryPluginIsolated) {
  auto in_process = temp_file("in_process.toml", example_config("isolation = \"in-process\""));
  auto isolated = temp_file("isolated.toml", example_config("isolation = \"process\"\ncall_timeout_ms = 20000"));
  const std::string scenario = examples("95598/scenarios/meter_install_A1.jsonl");
  CliRun a = run(fmt::format("run --config {} {}", in_process.string(), scenario), false);
  CliRun b = run(fmt::format("run --config {} {}", isolated.string(), scenario), false);
  EXPECT_EQ(a.exit_code, 0) << a.output;
  EXPECT_EQ(b.exit_code, 0) << b.output;
  EXPECT_EQ(a.output, b.output);
  EXPECT_TRUE(has(b, "role field_crew_east")) << b.output;
}

std::string faulty_workspace(const std::string& isolation, const fs::path& arm) {
  auto dkt = temp_file("visit.dkt",
                       "module t\nworkflow visit(code: int) {\n  step survey by role \"crew\"\n  end ok, other\n"
                       "  flow {\n    start -> survey\n    survey -> ok when f.armed(code) > 0\n"
                       "    survey -> other otherwise\n  }\n}\n");
  return fmt::format("[program]\nfiles = [\"{}\"]\n[plugins]\ndirectories = [\"{}\"]\nload = [\"test_plugin_faulty\"]\n"
                     "{}\n[plugins.config.test_plugin_faulty]\narm_file = \"{}\"\n",
                     dkt.string(), fs::path(DOCKET_FAULTY_PLUGIN).parent_path().string(), isolation, arm.string());
}

const char* visit_scenario =
    "{\"at\": \"2025-09-26T09:00\", \"start\": \"visit\", \"ticket\": \"V1\", \"input\": {\"code\": 7}}\n"
    "{\"at\": \"2025-09-26T09:05\", \"complete\": \"survey\"}\n";

TEST(PluginCli, AnIsolatedPluginThatCrashesFailsItsInstanceAndDocketFinishesTheRun) {
  auto arm = temp_file("arm_segv", "segv\n");
  auto toml = temp_file("faulty_isolated.toml", faulty_workspace("isolation = \"process\"", arm));
  auto scenario = temp_file("visit.jsonl", visit_scenario);
  CliRun r = run(fmt::format("run --config {} {}", toml.string(), scenario.string()));
  EXPECT_EQ(r.exit_code, 1) << r.output;  // an instance failed; docket did not
  EXPECT_TRUE(has(r, "V1: visit failed: function `f.armed` failed: plugin faulty crashed in function f.armed: its "
                     "helper process was killed by SIGSEGV (Segmentation fault)"))
      << r.output;
  EXPECT_TRUE(has(r, "[plugin faulty] error: plugin faulty crashed in function f.armed")) << r.output;  // the log
}

TEST(PluginCli, AnInProcessPluginThatCrashesStillTakesDocketWithIt) {
  auto arm = temp_file("arm_segv_in_process", "segv\n");
  auto toml = temp_file("faulty_in_process.toml",
                        faulty_workspace("isolation = \"process\"\n[plugins.isolation_per_plugin]\n"
                                         "test_plugin_faulty = \"in-process\"",
                                         arm));
  auto scenario = temp_file("visit_in_process.jsonl", visit_scenario);
  CliRun r = run(fmt::format("run --config {} {}", toml.string(), scenario.string()));
  EXPECT_NE(r.exit_code, 0) << r.output;
  EXPECT_FALSE(has(r, "V1: visit")) << r.output;  // no summary: the process died in the plugin
}

std::string plugin_free_config(const std::string& plugins) { return "[program]\nfiles = []\n[plugins]\n" + plugins; }

TEST(PluginCli, IsolationSettingsAreCheckedWithTheLine) {
  auto bad_mode = temp_file("bad_mode.toml", plugin_free_config("isolation = \"sometimes\"\n"));
  CliRun r = run("check --config " + bad_mode.string());
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_TRUE(has(r, "bad_mode.toml:4:13: error: `isolation` must be \"in-process\"")) << r.output;
  auto bad_timeout = temp_file("bad_timeout.toml", plugin_free_config("call_timeout_ms = 0\n"));
  r = run("check --config " + bad_timeout.string());
  EXPECT_TRUE(has(r, "bad_timeout.toml:4:19: error: `call_timeout_ms` must be a whole number of milliseconds")) << r.output;
  auto unloaded = temp_file("unloaded.toml", plugin_free_config("[plugins.isolation_per_plugin]\nsite_x = \"process\"\n"));
  r = run("check --config " + unloaded.string());
  EXPECT_TRUE(has(r, "unloaded.toml:5:10: error: `site_x` has an isolation but is not in `load`")) << r.output;
}

}  // namespace
