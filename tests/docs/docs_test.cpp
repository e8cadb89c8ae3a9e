// Keeps docs/ honest: every `dkt` example compiles clean, every `dkt-error CODE` example
// produces its code, and every code in the sources has an entry in docs/diagnostics.md.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "docket/dsl/compile.hpp"
#include "fenced_blocks.hpp"

namespace docket {
namespace {

namespace fs = std::filesystem;

struct Example {
  std::string doc;       // file name under docs/
  std::size_t line = 0;  // line of the opening fence
  std::string code;      // expected diagnostic code; empty for a clean example
  std::string text;
};

// Names a parameter in test output: "language.md:188".
void PrintTo(const Example& e, std::ostream* os) { *os << e.doc << ":" << e.line; }

std::string read(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<Example> examples(const std::string& doc) {
  std::vector<Example> out;
  for (const testing::FencedBlock& b : testing::fenced_blocks(read(fs::path(DOCKET_SOURCE_DIR) / "docs" / doc), "dkt")) {
    Example e{doc, b.line, {}, b.text};
    if (b.info.rfind("dkt-error ", 0) == 0) e.code = b.info.substr(10);
    out.push_back(e);
  }
  return out;
}

std::vector<Example> all_examples() {
  std::vector<Example> all = examples("language.md");
  for (const char* doc : {"diagnostics.md", "sla.md"}) {
    std::vector<Example> more = examples(doc);
    all.insert(all.end(), more.begin(), more.end());
  }
  return all;
}

class DocExample : public ::testing::TestWithParam<Example> {};

TEST_P(DocExample, CompilesAsDocumented) {
  const Example& e = GetParam();
  FunctionRegistry functions;  // the site plugin's signature, as the examples assume it is loaded
  functions.add({"site.district", {Type::text()}, Type::text(), "docs"}, [](auto) { return Value("pudong"); });
  // A line `# ---` starts the next file of the same program (for examples about modules).
  SourceSet sources;
  std::string file;
  std::size_t part = 0;
  std::istringstream lines(e.text);
  auto add = [&] { sources.add(e.doc + ":" + std::to_string(e.line) + (part > 0 ? "#" + std::to_string(part) : ""), file); };
  for (std::string line; std::getline(lines, line);) {
    if (line == "# ---") {
      add();
      file.clear();
      ++part;
      continue;
    }
    file += line + "\n";
  }
  add();
  Diagnostics d;
  auto module = dsl::compile(sources, functions, d);
  std::string rendered;
  for (const Diagnostic& x : d.all()) rendered += render_text(x, sources);
  if (e.code.empty()) {
    EXPECT_TRUE(module.has_value()) << rendered;
    EXPECT_TRUE(d.all().empty()) << "a documented example should check without warnings:\n" << rendered;
  } else {
    bool found = false;
    for (const Diagnostic& x : d.all()) found = found || x.code == e.code;
    EXPECT_TRUE(found) << "expected " << e.code << ", got:\n" << rendered;
  }
}

INSTANTIATE_TEST_SUITE_P(Docs, DocExample, ::testing::ValuesIn(all_examples()),
                         [](const ::testing::TestParamInfo<Example>& p) {
                           std::string name = p.param.doc.substr(0, p.param.doc.find('.')) + "_line_" +
                                              std::to_string(p.param.line);
                           return p.param.code.empty() ? name : name + "_" + p.param.code;
                         });

TEST(Docs, ThereAreExamplesToCheck) {
  EXPECT_GE(examples("language.md").size(), 5u);
  EXPECT_GE(examples("diagnostics.md").size(), 20u);
}

TEST(Docs, EveryDiagnosticCodeInTheSourcesIsDocumented) {
  std::string doc = read(fs::path(DOCKET_SOURCE_DIR) / "docs" / "diagnostics.md");
  std::regex code_re("\"(D0[0-9]{3})\"");
  std::set<std::string> missing;
  for (const char* dir : {"dsl/src", "core/src"}) {
    for (const auto& entry : fs::recursive_directory_iterator(fs::path(DOCKET_SOURCE_DIR) / dir)) {
      if (entry.path().extension() != ".cpp" && entry.path().extension() != ".hpp") continue;
      std::string text = read(entry.path());
      for (std::sregex_iterator it(text.begin(), text.end(), code_re), end; it != end; ++it) {
        std::string code = (*it)[1];
        bool documented = doc.find("## " + code) != std::string::npos ||
                          (code >= "D0801" && code <= "D0804" && doc.find("## D0801–D0804") != std::string::npos);
        if (!documented) missing.insert(code + " (" + entry.path().filename().string() + ")");
      }
    }
  }
  EXPECT_TRUE(missing.empty()) << "add these to docs/diagnostics.md: " << ::testing::PrintToString(missing);
}

}  // namespace
}  // namespace docket
