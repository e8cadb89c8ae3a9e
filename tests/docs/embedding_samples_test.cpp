// Every code sample in docs/embedding.md is a piece of a file in examples/embed/, which CI builds and runs.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "fenced_blocks.hpp"

namespace docket::testing {
namespace {

namespace fs = std::filesystem;

std::string read(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(EmbeddingGuide, EverySampleIsAPieceOfAnExampleThatRuns) {
  const fs::path root = DOCKET_SOURCE_DIR;
  const std::string guide = read(root / "docs/embedding.md");
  std::string examples;
  for (const auto& entry : fs::recursive_directory_iterator(root / "examples/embed")) {
    if (entry.is_regular_file()) examples += read(entry.path()) + "\n";
  }
  std::size_t checked = 0;
  for (const char* language : {"cpp", "c", "cmake", "python"}) {
    for (const FencedBlock& block : fenced_blocks(guide, language)) {
      if (block.info != language) continue;  // "c" also matches "cpp" and "cmake"
      ++checked;
      EXPECT_NE(examples.find(block.text), std::string::npos)
          << "docs/embedding.md:" << block.line << ": this " << language
          << " sample is not (any longer) a piece of a file in examples/embed/:\n"
          << block.text;
    }
  }
  EXPECT_GE(checked, 8U) << "the guide's samples were not found: did the fences change?";
}

}  // namespace
}  // namespace docket::testing
