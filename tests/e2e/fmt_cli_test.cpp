// End-to-end tests of `docket fmt`: printing, --check for CI, --write in place, refusals, usage.
#include <gtest/gtest.h>

#include <sstream>

#include "cli_support.hpp"

namespace {

using namespace docket::testing;

const char* const kUnformatted = "module m\n\n\n\nenum  Area {urban,rural}   # where\n";
const char* const kFormatted = "module m\n\nenum Area { urban, rural }  # where\n";

std::string read(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(CliFmt, PrintsTheCanonicalLayoutAndLeavesTheFileAlone) {
  auto file = temp_file("print.dkt", kUnformatted);
  CliRun r = run("fmt " + file.string(), false);
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.output, kFormatted);
  EXPECT_EQ(read(file), kUnformatted);
}

TEST(CliFmt, CheckListsFilesThatWouldChangeAndExitsOne) {
  auto bad = temp_file("check_bad.dkt", kUnformatted);
  auto good = temp_file("check_good.dkt", kFormatted);
  CliRun r = run(fmt::format("fmt --check {} {}", bad.string(), good.string()), false);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.output, bad.string() + "\n");
  CliRun clean = run("fmt --check " + good.string());
  EXPECT_EQ(clean.exit_code, 0) << clean.output;
  EXPECT_EQ(clean.output, "");
}

TEST(CliFmt, WriteRewritesInPlaceKeepingPermissionsAndThenChecksClean) {
  auto file = temp_file("write.dkt", kUnformatted);
  std::filesystem::permissions(file, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write |
                                         std::filesystem::perms::group_read);
  CliRun r = run("fmt --write " + file.string());
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(read(file), kFormatted);
  EXPECT_EQ(std::filesystem::status(file).permissions() & std::filesystem::perms::all,
            std::filesystem::perms::owner_read | std::filesystem::perms::owner_write | std::filesystem::perms::group_read);
  EXPECT_EQ(run("fmt --check " + file.string()).exit_code, 0);
  // No temporary file is left beside it.
  for (const auto& e : std::filesystem::directory_iterator(file.parent_path())) {
    EXPECT_EQ(e.path().string().find(".tmp"), std::string::npos) << e.path();
  }
}

TEST(CliFmt, DirectoriesAreSearchedForDktFiles) {
  CliRun r = run("fmt --check " + examples(""), false);
  // The examples are hand-aligned, not necessarily canonical; every .dkt below is visited either way.
  EXPECT_TRUE(r.exit_code == 0 || r.exit_code == 1);
  CliRun printed = run("fmt " + examples("95598"), false);
  EXPECT_EQ(printed.exit_code, 0);
  EXPECT_NE(printed.output.find("module cs95598"), std::string::npos);
  EXPECT_NE(printed.output.find("workflow meter_install"), std::string::npos);
  EXPECT_NE(printed.output.find("decision segment"), std::string::npos);
}

TEST(CliFmt, RefusesAFileThatDoesNotParseWithTheSyntaxError) {
  auto file = temp_file("syntax.dkt", "module m\nrecord R {\n  x number\n}\n");
  CliRun r = run("fmt --write " + file.string());
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.output.find("syntax.dkt:3:5: error[D0101]"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("not formatted"), std::string::npos) << r.output;
  EXPECT_EQ(read(file), "module m\nrecord R {\n  x number\n}\n");
}

TEST(CliFmt, UsageErrorsExitTwo) {
  auto file = temp_file("usage.dkt", kFormatted);
  EXPECT_EQ(run("fmt").exit_code, 2);
  EXPECT_EQ(run("fmt --check --write " + file.string()).exit_code, 2);
  EXPECT_EQ(run("fmt /no/such/file.dkt").exit_code, 2);
}

}  // namespace
