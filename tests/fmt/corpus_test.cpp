// docket fmt on every program the repository holds: the examples, the golden files, the fuzz
// regressions and the documentation's examples. Formatting twice changes nothing, keeps every token
// and comment, and compiles to the same diagnostics and the same checked module.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>

#include "docket/dsl/compile.hpp"
#include "docket/dsl/format.hpp"
#include "fenced_blocks.hpp"
#include "fmt/lexer.hpp"
#include "ir_dump.hpp"

namespace docket {
namespace {

namespace fs = std::filesystem;

struct SourceText {
  std::string name;
  std::string text;
};

// One program: the files compiled together (an example directory) or a single file or doc block.
struct Program {
  std::string name;
  std::vector<SourceText> files;
};

void PrintTo(const Program& p, std::ostream* os) { *os << p.name; }

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

fs::path source_dir() { return fs::path(DOCKET_SOURCE_DIR); }

std::vector<fs::path> dkt_files_below(const fs::path& dir) {
  std::vector<fs::path> out;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (e.is_regular_file() && e.path().extension() == ".dkt") out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

// Every ```dkt and ```dkt-error block of a document, one program each.
void add_doc_blocks(const std::string& doc, std::vector<Program>& out) {
  for (const testing::FencedBlock& b : testing::fenced_blocks(read(source_dir() / "docs" / doc), "dkt")) {
    std::string name = doc + ":" + std::to_string(b.line);
    out.push_back({name, {{name, b.text}}});
  }
}

std::vector<Program> corpus() {
  std::vector<Program> out;
  std::map<fs::path, Program> example_dirs;  // an example directory's files form one program
  for (const fs::path& p : dkt_files_below(source_dir() / "examples")) {
    Program& program = example_dirs[p.parent_path()];
    program.name = fs::relative(p.parent_path(), source_dir()).string();
    program.files.push_back({fs::relative(p, source_dir()).string(), read(p)});
  }
  for (auto& [dir, program] : example_dirs) out.push_back(program);
  for (const char* dir : {"tests/golden", "tests/fuzz/regressions"}) {
    for (const fs::path& p : dkt_files_below(source_dir() / dir)) {
      std::string name = fs::relative(p, source_dir()).string();
      out.push_back({name, {{name, read(p)}}});
    }
  }
  add_doc_blocks("language.md", out);
  add_doc_blocks("diagnostics.md", out);
  return out;
}

FunctionRegistry site_functions() {
  FunctionRegistry functions;  // the site plugin's signature, as the examples and goldens assume
  functions.add({"site.district", {Type::text()}, Type::text(), "fmt test"}, [](auto) { return Value("pudong"); });
  return functions;
}

std::optional<std::string> format(const SourceText& file, Diagnostics& d) {
  SourceSet sources;
  std::uint32_t id = sources.add(file.name, file.text);
  return dsl::format_source(sources, id, d);
}

std::vector<std::string> token_texts(std::string_view text, bool comments) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // fmt drops a byte-order mark
  std::vector<std::string> out;
  for (const dsl::fmt::Token& t : dsl::fmt::lex(text)) {
    if ((t.kind == dsl::fmt::TokenKind::comment) == comments) out.emplace_back(t.text);
  }
  return out;
}

// What compiling a program gives, without positions: each diagnostic, and the module's dump.
std::string compiled_meaning(const std::vector<SourceText>& files) {
  SourceSet sources;
  for (const SourceText& f : files) sources.add(f.name, f.text);
  Diagnostics d;
  std::optional<ir::Module> module = dsl::compile(sources, site_functions(), d);
  std::string out;
  for (const Diagnostic& x : d.all()) {
    // A message may name lines ("the rows on lines 16 and 20"); collapsing blank lines moves them.
    static const std::regex line_number(R"((lines?) \d+(, \d+)*( and \d+)?)");
    out += std::to_string(static_cast<int>(x.severity)) + " " + x.code + ": " +
           std::regex_replace(x.message + " | " + x.hint, line_number, "$1 N") + "\n";
  }
  return out + (module ? testing::IrDump::of(*module) : "no module\n");
}

class FmtCorpus : public ::testing::TestWithParam<Program> {};

TEST_P(FmtCorpus, IsIdempotentAndKeepsTokensCommentsAndMeaning) {
  const Program& program = GetParam();
  std::vector<SourceText> formatted_files;
  for (const SourceText& file : program.files) {
    Diagnostics d;
    std::optional<std::string> formatted = format(file, d);
    if (!formatted) {
      // Refused: only for what the parser refuses (a syntax error, nesting too deep, bytes that are
      // not UTF-8), reported as the parser reports it.
      ASSERT_TRUE(d.has_errors()) << file.name;
      for (const Diagnostic& x : d.all()) {
        EXPECT_TRUE(x.code == "D0101" || x.code == "D0102" || x.code == "D0103") << file.name << ": " << x.code;
      }
      continue;
    }
    EXPECT_TRUE(d.all().empty()) << file.name;
    Diagnostics again_d;
    std::optional<std::string> again = format({file.name, *formatted}, again_d);
    ASSERT_TRUE(again.has_value()) << file.name << ": the formatted text no longer parses:\n" << *formatted;
    EXPECT_EQ(*again, *formatted) << file.name << ": fmt(fmt(x)) != fmt(x)";
    EXPECT_EQ(token_texts(*formatted, false), token_texts(file.text, false)) << file.name;
    EXPECT_EQ(token_texts(*formatted, true), token_texts(file.text, true)) << file.name << ": comments changed";
    formatted_files.push_back({file.name, *formatted});
  }
  if (formatted_files.size() == program.files.size()) {
    EXPECT_EQ(compiled_meaning(formatted_files), compiled_meaning(program.files));
  }
}

std::string test_name(const ::testing::TestParamInfo<Program>& info) {
  std::string name;
  for (char c : info.param.name) name += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  return name;
}

INSTANTIATE_TEST_SUITE_P(Repository, FmtCorpus, ::testing::ValuesIn(corpus()), test_name);

TEST(FmtCorpus, CoversTheExamplesGoldensAndDocs) {
  std::vector<Program> all = corpus();
  auto count = [&](std::string_view prefix) {
    return std::count_if(all.begin(), all.end(), [&](const Program& p) { return p.name.rfind(prefix, 0) == 0; });
  };
  EXPECT_GE(count("examples/"), 1);
  EXPECT_GE(count("tests/golden/check/"), 10);
  EXPECT_GE(count("tests/golden/run/"), 3);
  EXPECT_GE(count("language.md:"), 5);
}

// The meaning check can fail: a one-character change to a rule shows in the compiled module.
TEST(FmtCorpus, MeaningComparisonSeesAChangedProgram) {
  const char* a = "module m\ndecision d(x: int) -> bool {\n  hit first\n  rule when x >= 1 then true\n  otherwise false\n}\n";
  const char* b = "module m\ndecision d(x: int) -> bool {\n  hit first\n  rule when x >= 2 then true\n  otherwise false\n}\n";
  EXPECT_NE(compiled_meaning({{"a.dkt", a}}), compiled_meaning({{"a.dkt", b}}));
  EXPECT_EQ(compiled_meaning({{"a.dkt", a}}), compiled_meaning({{"b.dkt", a}}));
}

}  // namespace
}  // namespace docket
