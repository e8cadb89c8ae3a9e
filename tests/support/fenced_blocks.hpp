// Test helper: the fenced code blocks of a Markdown document, so tests can check what the docs show.
#pragma once

#include <cstddef>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace docket::testing {

struct FencedBlock {
  std::size_t line = 0;  // 1-based line of the opening fence
  std::string info;      // what follows the opening ``` ("dkt", "dkt-error D0101")
  std::string text;      // the lines between the fences, each ending with a line break
};

// Every block whose opening fence's info string starts with `info_prefix`.
inline std::vector<FencedBlock> fenced_blocks(const std::string& markdown, std::string_view info_prefix) {
  std::vector<FencedBlock> out;
  std::istringstream in(markdown);
  std::string line;
  std::size_t n = 0;
  bool open = false;
  while (std::getline(in, line)) {
    ++n;
    if (!open && line.rfind("```", 0) == 0 && line.compare(3, info_prefix.size(), info_prefix) == 0) {
      out.push_back({n, line.substr(3), {}});
      open = true;
    } else if (open && line == "```") {
      open = false;
    } else if (open) {
      out.back().text += line + "\n";
    }
  }
  return out;
}

}  // namespace docket::testing
