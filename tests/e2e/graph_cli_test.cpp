// End-to-end: `docket graph` draws every example workflow (DOT, SVG through Graphviz, Mermaid), and says
// what is wrong when it cannot.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "cli_support.hpp"

namespace {

using namespace docket::testing;

const char* const kWorkflows[][2] = {{"meter_install", "标准装表接电流程"}, {"fault_repair", "故障抢修流程"},
                                     {"complaint", "投诉处理流程"},        {"revisit", "送电后回访"},
                                     {"proactive_visit", "客户主动走访"}};

std::string read(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(GraphCli, DrawsEveryExampleWorkflowInEveryFormat) {
  for (const char* format : {"dot", "svg", "mermaid"}) {
    std::filesystem::path dir = std::filesystem::temp_directory_path() / fmt::format("docket-graph-{}-{}", ::getpid(), format);
    CliRun r = run(fmt::format("graph --config {} --format {} --output {}", examples("95598/docket.toml"), format, dir.string()));
    ASSERT_EQ(r.exit_code, 0) << r.output;
    for (const auto& [name, label] : kWorkflows) {
      std::string ext = std::string(format) == "mermaid" ? ".mmd" : std::string(".") + format;
      std::string text = read(dir / (std::string(name) + ext));
      EXPECT_NE(r.output.find(std::string(name) + ext), std::string::npos) << r.output;
      EXPECT_NE(text.find(label), std::string::npos) << name << "." << format << " lacks its label";
      if (std::string(format) == "svg") {
        EXPECT_EQ(text.rfind("<?xml", 0), 0u) << name;
        EXPECT_NE(text.find("</svg>"), std::string::npos) << name;
        EXPECT_NE(text.find("font-family=\"Noto Sans CJK SC\""), std::string::npos) << name;
      }
      if (std::string(format) == "mermaid") {
        EXPECT_NE(text.find("flowchart TB"), std::string::npos) << name;
      }
    }
    std::filesystem::remove_all(dir);
  }
}

TEST(GraphCli, DotOfEveryWorkflowGoesToStdout) {
  CliRun r = run(fmt::format("graph --config {}", examples("95598/docket.toml")), false);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  for (const auto& [name, label] : kWorkflows) EXPECT_NE(r.output.find(fmt::format("digraph \"{}\"", name)), std::string::npos);
}

TEST(GraphCli, WithoutGraphvizSvgNamesTheFixAndDotStillWorks) {
  const char* old = std::getenv("PATH");
  std::string saved = old != nullptr ? old : "";
  ::setenv("PATH", "/nonexistent", 1);  // the shell and docket are started by absolute path
  CliRun svg = run(fmt::format("graph --config {} -w revisit --format svg", examples("95598/docket.toml")));
  CliRun dot = run(fmt::format("graph --config {} -w revisit", examples("95598/docket.toml")));
  ::setenv("PATH", saved.c_str(), 1);
  EXPECT_EQ(svg.exit_code, 1) << svg.output;
  EXPECT_NE(svg.output.find("install Graphviz"), std::string::npos) << svg.output;
  EXPECT_EQ(dot.exit_code, 0) << dot.output;
}

TEST(GraphCli, AProgramThatDoesNotCheckDrawsNothing) {
  auto bad = temp_file("bad_graph.dkt", "module m\nworkflow w(x: int) {\n  step a\n  end done\n  flow {\n    start -> b\n  }\n}\n");
  CliRun r = run("graph " + bad.string());
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find("nothing was drawn"), std::string::npos) << r.output;
}

}  // namespace
