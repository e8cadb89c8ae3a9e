// load_workspace: a file named twice is read once; program text given in memory (standard input) compiles beside files.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "docket/host/workspace.hpp"

namespace docket::host {
namespace {

namespace fs = std::filesystem;

class WorkspaceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir = fs::temp_directory_path() / ("docket-workspace-" + std::to_string(::getpid()) + "-" +
                                       ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir);
    fs::create_directories(dir / "sub");
    std::ofstream(dir / "a.dkt") << "module m\nenum Area { urban, rural }\nrecord R { area: Area }\n";
    std::ofstream(dir / "docket.toml") << "[program]\nfiles = [\"a.dkt\"]\n";
  }
  void TearDown() override { fs::remove_all(dir); }

  std::string problems(const Workspace& ws) const { return problems_text(ws); }

  fs::path dir;
};

TEST_F(WorkspaceTest, AFileInTheConfigAndOnTheCommandLineIsReadOnce) {
  WorkspaceOptions options;
  options.config = (dir / "docket.toml").string();
  options.files = {(dir / "a.dkt").string(), (dir / "sub" / ".." / "a.dkt").string()};
  Workspace ws;
  EXPECT_TRUE(load_workspace(options, ws)) << problems(ws);
  EXPECT_EQ(ws.sources.size(), 1U);
  EXPECT_EQ(problems(ws).find("declared twice"), std::string::npos) << problems(ws);
}

TEST_F(WorkspaceTest, AFileNamedTwiceOnTheCommandLineIsReadOnce) {
  WorkspaceOptions options;
  options.files = {(dir / "a.dkt").string(), (dir / "a.dkt").string()};
  Workspace ws;
  EXPECT_TRUE(load_workspace(options, ws)) << problems(ws);
  EXPECT_EQ(ws.sources.size(), 1U);
}

TEST_F(WorkspaceTest, TwoFilesDeclaringTheSameNameAreStillReported) {
  fs::copy_file(dir / "a.dkt", dir / "b.dkt");
  WorkspaceOptions options;
  options.files = {(dir / "a.dkt").string(), (dir / "b.dkt").string()};
  Workspace ws;
  EXPECT_FALSE(load_workspace(options, ws));
  EXPECT_NE(problems(ws).find("declared twice"), std::string::npos) << problems(ws);
}

TEST_F(WorkspaceTest, TextsAreCompiledUnderTheirNameBesideTheConfigsFiles) {
  WorkspaceOptions options;
  options.config = (dir / "docket.toml").string();
  options.texts.push_back({"<stdin>", "module m\nrecord S { r: R, x: nmber }\n"});
  Workspace ws;
  EXPECT_FALSE(load_workspace(options, ws));
  ASSERT_EQ(ws.sources.size(), 2U);
  EXPECT_NE(problems(ws).find("<stdin>:2:21: error[D0203]"), std::string::npos) << problems(ws);
}

}  // namespace
}  // namespace docket::host
