// Input that used to crash, hang or be silently ignored, through the built `docket` binary (issue 13):
// every case now ends in a clear, located error or a bounded, documented behaviour.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <string>

#include "cli_support.hpp"

namespace {

using namespace docket::testing;
namespace fs = std::filesystem;

std::string repeat(std::string_view s, std::size_t n) {
  std::string out;
  out.reserve(s.size() * n);
  for (std::size_t i = 0; i < n; ++i) out += s;
  return out;
}

// A fresh folder per test (files of one test never meet another's).
fs::path folder(const std::string& test) {
  fs::path dir = fs::temp_directory_path() / fmt::format("docket-faults-{}-{}", ::getpid(), test);
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

fs::path write(const fs::path& dir, const std::string& name, const std::string& text) {
  std::ofstream(dir / name, std::ios::binary) << text;
  return dir / name;
}

bool contains(const std::string& haystack, std::string_view needle) { return haystack.find(needle) != std::string::npos; }

const char* const kProgram = R"(enum Area { urban, rural }
record Customer {
  id   : text
  area : Area = urban
  name : text = ""
}
decision segment(c: Customer) -> text {
  hit first
  rule when c.area == rural then "field"
  otherwise "standard"
}
workflow repair(c: Customer) {
  step accept by role "counter"
  end done
  flow { start -> accept -> done }
}
)";

// ---- deep and long expressions: `docket check` answers, with a code, instead of crashing

TEST(Faults, DeepAndLongExpressionsAreDiagnosedNotACrash) {
  const fs::path dir = folder("deep");
  const std::string head = "record C { n: int }\ndecision d(c: C, x: int, b: bool) -> ";
  struct Case {
    const char* name;
    std::string text;
    int exit_code;
    const char* message;
  };
  const Case cases[] = {
      {"paren", head + "int {\n  hit first\n  otherwise " + repeat("(", 10000) + "x" + repeat(")", 10000) + "\n}\n", 1,
       "error[D0102]"},
      {"plus", head + "int {\n  hit first\n  otherwise " + repeat("c.n + ", 49999) + "c.n\n}\n", 1, "error[D0312]"},
      {"and", head + "bool {\n  hit first\n  otherwise " + repeat("x > 1 and ", 49999) + "b\n}\n", 0, "0 errors"},
      {"not", head + "bool {\n  hit first\n  otherwise " + repeat("not ", 100000) + "b\n}\n", 1, "error[D0102]"},
      {"minus", head + "int {\n  hit first\n  otherwise " + repeat("- ", 100000) + "x\n}\n", 1, "error[D0102]"},
      {"brackets", head + "bool {\n  hit first\n  otherwise x in " + repeat("[", 100000) + "x" + repeat("]", 100000) +
                       "\n}\n",
       1, "error[D0102]"},
  };
  for (const Case& c : cases) {
    const fs::path file = write(dir, std::string(c.name) + ".dkt", c.text);
    CliRun r = run("check " + file.string());
    EXPECT_EQ(r.exit_code, c.exit_code) << c.name << ": " << r.output.substr(0, 3000);
    EXPECT_TRUE(contains(r.output, c.message)) << c.name << ": " << r.output.substr(0, 3000);
  }
}

std::string doubling(std::size_t levels) {
  std::string out;
  for (std::size_t i = 0; i + 1 < levels; ++i) {
    const std::string next = "d" + std::to_string(i + 1);
    out += fmt::format("decision d{}(x: int) -> int {{\n  hit first\n  otherwise {}(x) + {}(x)\n}}\n", i, next, next);
  }
  return out + fmt::format("decision d{}(x: int) -> int {{\n  hit first\n  otherwise x\n}}\n", levels - 1);
}

TEST(Faults, ExponentialDecisionsAreRefusedByDefaultAndTheBudgetCanBeRaised) {
  const fs::path dir = folder("exponential");
  CliRun saturated = run("check " + write(dir, "seventy.dkt", doubling(70)).string());
  EXPECT_EQ(saturated.exit_code, 1) << saturated.output;
  EXPECT_TRUE(contains(saturated.output, "error[D0431]")) << saturated.output;
  EXPECT_FALSE(contains(saturated.output, "18446744073709551615")) << saturated.output;

  const fs::path thirty = write(dir, "thirty.dkt", doubling(30));  // about 2^32 steps per call of d0
  CliRun over = run("check " + thirty.string());
  EXPECT_EQ(over.exit_code, 1) << over.output;
  EXPECT_TRUE(contains(over.output, "error[D0430]")) << over.output;
  EXPECT_TRUE(contains(over.output, "above the budget of 100000000")) << over.output;
  CliRun raised = run("check --max-cost 10000000000 " + thirty.string());
  EXPECT_EQ(raised.exit_code, 0) << raised.output;
  write(dir, "docket.toml", "[program]\nfiles = [\"thirty.dkt\"]\nmax_cost = 10000000000\n");
  CliRun configured = run("check --config " + (dir / "docket.toml").string());
  EXPECT_EQ(configured.exit_code, 0) << configured.output;
  write(dir, "bad.toml", "[program]\nfiles = [\"thirty.dkt\"]\nmax_cost = \"lots\"\n");
  CliRun bad = run("check --config " + (dir / "bad.toml").string());
  EXPECT_EQ(bad.exit_code, 1) << bad.output;
  EXPECT_TRUE(contains(bad.output, "bad.toml:3:12: error: `max_cost` must be a whole number")) << bad.output;
}

// ---- deep JSON: one line's depth is refused with its line, in every JSON reader

TEST(Faults, DeeplyNestedJsonIsRefusedWithItsLine) {
  const fs::path dir = folder("json");
  const fs::path program = write(dir, "p.dkt", kProgram);
  const std::string deep = repeat("[", 300000) + repeat("]", 300000);
  const fs::path scenario =
      write(dir, "s.jsonl",
            "{\"at\": \"2025-09-26T09:00\", \"start\": \"repair\", \"ticket\": \"T1\", \"input\": {\"c\": {\"id\": \"C1\"}}}\n"
            "{\"at\": \"2025-09-26T10:00\", \"complete\": \"accept\", \"outcomes\": {\"ok\": " + deep + "}}\n");
  CliRun r = run("run -f " + program.string() + " " + scenario.string());
  EXPECT_EQ(r.exit_code, 1) << r.output.substr(0, 2000);
  EXPECT_TRUE(contains(r.output, "s.jsonl:2: error: the JSON nests more than 64 levels deep")) << r.output.substr(0, 2000);

  const fs::path jsonl = write(dir, "in.jsonl", "{\"id\": \"C1\", \"area\": \"rural\"}\n{\"id\": " + deep + "}\n");
  CliRun c = run("classify " + program.string() + " -d segment " + jsonl.string() + " --format jsonl");
  EXPECT_EQ(c.exit_code, 4) << c.output.substr(0, 2000);
  EXPECT_TRUE(contains(c.output, "in.jsonl:2: the JSON nests more than 64 levels deep")) << c.output.substr(0, 2000);
  EXPECT_TRUE(contains(c.output, "{\"id\":\"C1\",\"segment\":\"field\"}")) << c.output.substr(0, 2000);

  const fs::path input = write(dir, "input.json", "{\"c\": " + deep + "}");
  CliRun e = run("explain " + program.string() + " -d segment --input @" + input.string());
  EXPECT_EQ(e.exit_code, 1) << e.output.substr(0, 2000);
  EXPECT_TRUE(contains(e.output, "nests more than 64 levels deep")) << e.output.substr(0, 2000);
}

// ---- invalid UTF-8: refused where it is, and never in a JSON output

TEST(Faults, InvalidUtf8IsRefusedAtTheSourceAndNeverBreaksJsonOutput) {
  const fs::path dir = folder("utf8");
  const fs::path bad = write(dir, "bad.dkt",
                             "workflow w() {\n  step a by role \"r\xff\"\n  end done\n  flow { start -> a -> done }\n}\n");
  CliRun check = run("check " + bad.string());
  EXPECT_EQ(check.exit_code, 1) << check.output;
  EXPECT_TRUE(contains(check.output, "bad.dkt:2:20: error[D0103]: the file is not valid UTF-8: byte 0xFF")) << check.output;
  CliRun json = run("check --format json " + bad.string(), false);
  EXPECT_TRUE(nlohmann::json::accept(json.output)) << json.output;

  const fs::path program = write(dir, "p.dkt", kProgram);
  // A text field that is not UTF-8 is a bad row; a carried column that is not still makes valid JSON.
  const fs::path csv =
      write(dir, "in.csv", "ref,id,area,name\nR1,C1,rural,ok\nR\xfe" "2,C2,urban,ok\nR3,C3,urban,n\xff\n");
  const std::string args = "classify " + program.string() + " -d segment " + csv.string() +
                           " --id ref --format jsonl --max-errors -1";
  CliRun c = run(args);
  EXPECT_EQ(c.exit_code, 3) << c.output;
  EXPECT_TRUE(contains(c.output, "in.csv:4: field 'name': not valid UTF-8: byte 0xFF after 1 byte")) << c.output;
  CliRun out = run(args, false);
  std::istringstream lines(out.output);
  std::string line;
  int rows = 0;
  while (std::getline(lines, line)) {
    EXPECT_TRUE(nlohmann::json::accept(line)) << line;
    ++rows;
  }
  EXPECT_EQ(rows, 2) << out.output;
}

// ---- an unclosed quote: bounded memory, the line where it opened

TEST(Faults, AnUnclosedQuoteStopsAtTheMaximumRecordSizeNamingItsLine) {
  const fs::path dir = folder("quote");
  const fs::path program = write(dir, "p.dkt", kProgram);
  std::string csv = "id,area,name\nC1,rural,ok\nC2,urban,\"never closed\n";
  for (int i = 0; i < 60000; ++i) csv += fmt::format("C{},urban,just another row of text\n", i + 3);  // ~2 MB
  const fs::path file = write(dir, "in.csv", csv);
  CliRun r = run("classify " + program.string() + " -d segment " + file.string());
  EXPECT_EQ(r.exit_code, 1) << r.output.substr(0, 2000);
  EXPECT_TRUE(contains(r.output, "in.csv:3: error: a quoted field opens here and does not close within 1 MiB"))
      << r.output.substr(0, 2000);
  EXPECT_TRUE(contains(r.output, "1 row was classified before it")) << r.output.substr(0, 2000);
  // With room for the whole file the record ends at the end of input, malformed.
  CliRun big = run("classify " + program.string() + " -d segment " + file.string() + " --max-record-size 8MiB");
  EXPECT_EQ(big.exit_code, 4) << big.output.substr(0, 2000);
  EXPECT_TRUE(contains(big.output, "in.csv:3: a quoted field is not closed")) << big.output.substr(0, 2000);
  CliRun small = run("classify " + program.string() + " -d segment " + file.string() + " --max-record-size 10");
  EXPECT_EQ(small.exit_code, 2) << small.output;
  EXPECT_TRUE(contains(small.output, "error: `--max-record-size`: value 10 not in range 64")) << small.output;
}

// ---- docket fmt on what check accepts

TEST(Faults, FmtKeepsASignedPercentage) {
  const fs::path dir = folder("fmt");
  const fs::path file = write(dir, "w.dkt", R"(workflow w() {
  sla s {
    target 2h
    from start until a
    warn at +80% -> notify role "lead"
    breach after +1h -> escalate level +2 to role "boss"
  }
  step a by role "r"
  end done
  flow { start -> a -> done }
}
)");
  ASSERT_EQ(run("check " + file.string()).exit_code, 0);
  CliRun r = run("fmt " + file.string());
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(contains(r.output, "warn at +80%  ")) << r.output;  // the arrows of an SLA block are aligned
  EXPECT_TRUE(contains(r.output, "breach after +1h -> escalate level +2 to role")) << r.output;
}

// ---- configuration: every wrong type, unknown key and bad zone is a located error at check

struct ConfigCase {
  const char* name;
  std::string toml;
  std::string message;
};

TEST(Faults, ConfigurationMistakesAreLocatedErrorsAtCheck) {
  const fs::path dir = folder("config");
  write(dir, "p.dkt", kProgram);
  fs::create_directories(dir / "calendars");
  write(dir, "sh.toml", "[calendars.sh]\nzone = \"Asia/Shanghai\"\n\nholidays = []\nzone_name = 1\n");
  write(dir, "mars.toml", "# a calendar on Mars\n[calendars.sh]\ndays = [\"mon\"]\nhours = [\"08:00-12:00\"]\n"
                          "zone = \"Asia/Shangai\"\n");
  const std::string files = "[program]\nfiles = [\"p.dkt\"]\n";
  const ConfigCase cases[] = {
      {"zone_number", files + "[run]\nzone = 8\n", "zone_number.toml:4:8: error: `zone` must be a time zone in quotes"},
      {"zone_mars", files + "[run]\nzone = \"Mars/Olympus\"\n",
       "zone_mars.toml:4:8: error: [run] zone: unknown time zone `Mars/Olympus`"},
      {"zone_region", files + "[run]\nzone = \"Mars/Olympus\"\n", "there is no region `Mars`: Africa, America,"},
      {"zone_typo", files + "[run]\nzone = \"Asia/Shangai\"\n", "did you mean `Asia/Shanghai`?"},
      {"include_dir", files + "[calendars]\ninclude = [\"calendars/\"]\n",
       "include_dir.toml:4:12: error: calendar file `" + (dir / "calendars/").string() + "` is a directory"},
      {"include_zero", files + "[calendars]\ninclude = [\"/dev/zero\"]\n",
       "include_zero.toml:4:12: error: calendar file `/dev/zero` is a device or other special file"},
      {"include_missing", files + "[calendars]\ninclude = [\"nowhere.toml\"]\n", "no such file"},
      {"calendar_key", files + "[calendars]\ninclude = [\"sh.toml\"]\n", "sh.toml:5:1: error: unknown key `zone_name`"},
      {"calendar_zone", files + "[calendars]\ninclude = [\"mars.toml\"]\n",
       "mars.toml:5:8: error: calendar `sh`: zone: unknown time zone `Asia/Shangai`: did you mean `Asia/Shanghai`?"},
      {"program_type", "program = 5\n", "program_type.toml:1:11: error: `program` must be a table"},
      {"run_key", files + "[run]\nzones = \"UTC\"\n", "run_key.toml:4:1: error: unknown key `zones` in [run]"},
      {"simulate_key", files + "[simulate]\nstart = 2025-09-01\nwokflows = 1\n",
       "simulate_key.toml:5:1: error: unknown key `wokflows` in [simulate]"},
      {"dkt_dir", "[program]\nfiles = [\"calendars\"]\n", "is a directory, not a .dkt file"},
  };
  for (const ConfigCase& c : cases) {
    const fs::path toml = write(dir, std::string(c.name) + ".toml", c.toml);
    CliRun r = run("check --config " + toml.string());
    EXPECT_EQ(r.exit_code, 1) << c.name << ": " << r.output;
    EXPECT_TRUE(contains(r.output, c.message)) << c.name << ": " << r.output;
  }
}

TEST(Faults, AWorkflowCalendarNobodyDefinesIsAnError) {
  const fs::path dir = folder("calendar");
  std::string program = kProgram;
  program.replace(program.find("  step accept"), 0, "  calendar \"cn-nowhere\"\n");
  write(dir, "p.dkt", program);
  write(dir, "docket.toml", "[program]\nfiles = [\"p.dkt\"]\n");
  CliRun r = run("check --config " + (dir / "docket.toml").string());
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_TRUE(contains(r.output, "error[D0525]: workflow `repair` counts on calendar `cn-nowhere`")) << r.output;
}

}  // namespace
