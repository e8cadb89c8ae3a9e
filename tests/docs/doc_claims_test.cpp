// Keeps the docs from calling a construct of the language "to come" or "not yet" once it works.
//
// How far this goes (honestly): the test knows a list of constructs (below), each with the words the
// docs use for it and a small program that shows it works (it compiles cleanly; for SLA blocks the
// engine also starts a clock). It reads every sentence of docs/*.md and README.md outside code blocks
// (a table row or a list item counts as one) and fails when a sentence both carries a "not there"
// marker (still to come, to come, not yet, no literal yet, ignores, not supported, unsupported) and
// names one of these constructs. Constructs not in the list, and claims phrased otherwise, go unseen;
// add a construct here when a doc starts naming it.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "docket/core/clock.hpp"
#include "docket/core/engine.hpp"
#include "docket/dsl/compile.hpp"

namespace docket {
namespace {

namespace fs = std::filesystem;

struct Construct {
  const char* name;
  const char* words;     // ECMAScript regex, case-insensitive, matched in a sentence
  const char* evidence;  // a program using it; `# ---` starts another file
};

const Construct kConstructs[] = {
    {"import", R"(\bimports?\b)", "module a\nenum Area { urban, rural }\n# ---\nmodule b\nimport a\n"
                                  "decision f(x: Area) -> bool {\n  hit first\n  otherwise x == urban\n}\n"},
    {"lists", R"(\blists\b|\blist values?\b|\blist of\b)",
     "module m\ndecision f(tags: list of text) -> bool {\n  hit first\n  otherwise \"vip\" in tags or [\"a\"] == tags\n}\n"},
    {"record values", R"(\brecord values?\b)",
     "module m\nrecord C { id: text  n: int = 1 }\ndecision f(c: C) -> bool {\n  hit first\n  otherwise c == C { id: \"x\" }\n}\n"},
    {"time literals", R"(\btime literals?\b|`time`.*\bliteral\b)",
     "module m\ndecision late(t: time) -> bool {\n  hit first\n  otherwise t > 2025-09-26T16:00 Asia/Shanghai\n}\n"},
    {"sla blocks", R"(\bsla blocks?\b|`sla`)",
     "module m\nworkflow w(x: int) {\n  sla reply {\n    target 2h\n    from start until s\n    breach -> escalate level 1 "
     "to role \"boss\"\n  }\n  step s\n  end done\n  flow {\n    start -> s -> done\n  }\n}\n"},
    {"test blocks", R"(\btest blocks?\b|`test`)",
     "module m\ndecision f(x: int) -> int {\n  hit first\n  otherwise x + 1\n}\ntest \"adds one\" {\n  expect f(1) == 2\n}\n"},
    {"calendar months", R"(\bcalendar months?\b|\bmonth durations?\b)",
     "module m\nworkflow w(x: int) {\n  sla visit {\n    target 1 month\n    from start until s\n    breach -> escalate "
     "level 1 to role \"boss\"\n  }\n  step s within 2 months\n  end done\n  flow {\n    start -> s -> done\n  }\n}\n"},
    {"recurrences", R"(\brecurrences?\b|`repeat`|\brepeat every\b)",
     "module m\nworkflow w(x: int) {\n  repeat every 1 month for 3 months\n  step s\n  end done\n  flow {\n"
     "    start -> s -> done\n  }\n}\n"},
    {"parallel branches", R"(\bparallel\b|\bjoins?\b)",
     "module m\nworkflow w(x: int) {\n  parallel both\n  step a\n  step b\n  join ready\n  end done\n  flow {\n"
     "    start -> both\n    both -> a -> ready\n    both -> b -> ready\n    ready -> done\n  }\n}\n"},
};

// ECMAScript has no inline (?i): the sentences are lower-cased before matching.
const std::regex kMarker(R"(\bstill to come\b|\bto come\b|\bnot yet\b|\bno literal yet\b|\bignores\b|\bnot supported\b|\bunsupported\b)");

std::string read(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string lower(std::string s) {
  for (char& c : s) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  return s;
}

struct Sentence {
  std::string doc;
  std::size_t line = 0;
  std::string text;
};

// Sentences outside fenced code: a paragraph is cut at ". ", and table rows, list items and
// headings are sentences of their own.
std::vector<Sentence> sentences(const fs::path& file) {
  std::vector<Sentence> out;
  std::istringstream in(read(file));
  std::string line;
  std::size_t n = 0;
  bool code = false;
  Sentence current{file.filename().string(), 0, {}};
  auto flush = [&] {
    if (!current.text.empty()) out.push_back(current);
    current.text.clear();
    current.line = 0;
  };
  while (std::getline(in, line)) {
    ++n;
    if (line.rfind("```", 0) == 0) {
      flush();
      code = !code;
      continue;
    }
    if (code) continue;
    bool starts_item = line.empty() || line[0] == '#' || line[0] == '|' || line.rfind("- ", 0) == 0 ||
                       line.rfind("* ", 0) == 0 || std::regex_search(line, std::regex(R"(^\s*([-*]|[0-9]+\.)\s)"));
    if (starts_item) flush();
    for (std::size_t at = 0; at <= line.size();) {
      std::size_t stop = line.find(". ", at);
      if (current.line == 0) current.line = n;
      current.text += line.substr(at, stop == std::string::npos ? std::string::npos : stop - at + 1) + " ";
      if (stop == std::string::npos) break;
      flush();
      at = stop + 2;
    }
    if (line.empty() || line[0] == '|' || line[0] == '#') flush();
  }
  flush();
  return out;
}

std::vector<fs::path> docs() {
  std::vector<fs::path> files{fs::path(DOCKET_SOURCE_DIR) / "README.md"};
  for (const auto& entry : fs::directory_iterator(fs::path(DOCKET_SOURCE_DIR) / "docs")) {
    if (entry.path().extension() == ".md") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::optional<ir::Module> compile(const char* text, std::string& messages) {
  SourceSet sources;
  std::string file;
  int part = 0;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (line == "# ---") {
      sources.add("evidence" + std::to_string(part++) + ".dkt", file);
      file.clear();
      continue;
    }
    file += line + "\n";
  }
  sources.add("evidence" + std::to_string(part) + ".dkt", file);
  FunctionRegistry functions;
  Diagnostics d;
  std::optional<ir::Module> module = dsl::compile(sources, functions, d);
  for (const Diagnostic& x : d.all()) messages += render_text(x, sources);
  if (!d.all().empty()) return std::nullopt;
  return module;
}

TEST(DocClaims, EveryConstructInTheListWorks) {
  for (const Construct& c : kConstructs) {
    std::string messages;
    std::optional<ir::Module> module = compile(c.evidence, messages);
    ASSERT_TRUE(module.has_value()) << c.name << " no longer compiles cleanly: update this list\n" << messages;
    const std::string_view name = c.name;
    if (name != "sla blocks" && name != "calendar months" && name != "recurrences") continue;
    // Not only parsed: the engine starts an instance and runs what the construct promises.
    FunctionRegistry functions;
    Diagnostics d;
    auto program = Program::lower(std::move(*module), functions, d);
    ASSERT_NE(program, nullptr);
    VirtualClock clock(Instant{} + std::chrono::hours(24 * 20000));
    Engine engine(program, clock);
    InstanceId id = engine.start("w", {Value(std::int64_t{1})});
    if (name == "sla blocks") {
      std::vector<SlaStatus> slas = engine.slas(id);
      ASSERT_EQ(slas.size(), 1u);
      EXPECT_EQ(slas[0].phase, SlaPhase::running) << "the engine should run SLA clocks";
    } else if (name == "recurrences") {
      EXPECT_TRUE(engine.status(id).next_start.has_value()) << "the engine should schedule the next start";
    } else {
      EXPECT_EQ(engine.slas(id).at(0).target, (Duration{1, DurationUnit::months}));
    }
  }
}

TEST(DocClaims, NoDocCallsAWorkingConstructToCome) {
  std::size_t read_sentences = 0;
  for (const fs::path& file : docs()) {
    for (const Sentence& s : sentences(file)) {
      ++read_sentences;
      const std::string text = lower(s.text);
      if (!std::regex_search(text, kMarker)) continue;
      for (const Construct& c : kConstructs) {
        if (std::regex_search(text, std::regex(c.words))) {
          ADD_FAILURE() << s.doc << ":" << s.line << ": calls " << c.name
                        << " missing or to come, but it works (tests/docs/doc_claims_test.cpp shows it):\n  " << s.text;
        }
      }
    }
  }
  EXPECT_GT(read_sentences, 500u) << "the docs were not found or not read";
}

// The checker itself: a sentence like the one issue 17 found in docs/language.md is caught.
TEST(DocClaims, TheCheckFindsAStaleClaim) {
  fs::path dir = fs::temp_directory_path() / "docket_doc_claims";
  fs::create_directories(dir);
  std::ofstream(dir / "stale.md") << "# Language\n\nStill to come (issue 3):\n`import`, lists, `sla` blocks, `test` blocks.\n\n"
                                     "| `time` | an instant (from input data; no literal yet) |\n\n```\nnot yet import\n```\n";
  std::vector<std::string> found;
  for (const Sentence& s : sentences(dir / "stale.md")) {
    const std::string text = lower(s.text);
    if (!std::regex_search(text, kMarker)) continue;
    for (const Construct& c : kConstructs) {
      if (std::regex_search(text, std::regex(c.words))) found.push_back(std::to_string(s.line) + " " + c.name);
    }
  }
  fs::remove_all(dir);
  EXPECT_EQ(found, (std::vector<std::string>{"3 import", "3 lists", "3 sla blocks", "3 test blocks", "6 time literals"}));
}

}  // namespace
}  // namespace docket
