// `docket classify` end to end: many chunks and threads against a hand-written classifier, order, limits.
#include <gtest/gtest.h>

#include <fstream>
#include <random>
#include <sstream>

#include "cli_support.hpp"

namespace {

using namespace docket::testing;

struct Customer {
  int id = 0;
  double kv = 0;
  std::string tariff;
  bool dual = false;
  bool important = false;
  int load = 0;
  int kva = 0;
  int kwh = 0;
  int arrears = 0;
  std::string area;
};

// Issue 4's table, written out by hand: "segment,install_sla,priority,escalate".
std::string expected(const Customer& c) {
  auto row = [&](const char* segment, int sla, int priority) {
    const bool escalate = c.arrears >= 6 || (c.important && c.load <= 2);
    return fmt::format("{},{},{} workday{},{},{}", c.id, segment, sla, sla == 1 ? "" : "s", priority,
                       escalate ? "true" : "false");
  };
  const std::string& t = c.tariff;
  if (c.important && c.load == 1) return row("critical", 1, 1);
  if (c.kv >= 110) return row("transmission", 10, 1);
  if (c.kv >= 35 && c.dual) return row("hv_dual", 15, 2);
  if (c.kv >= 10 && c.dual) return row("hv_dual", 20, 2);
  if (c.kv >= 10 && t == "large_industrial") return row("hv_large_industrial", 15, 2);
  if (c.kv >= 10) return row("hv_single", 15, 3);
  if (t == "agricultural" && c.area == "rural") return row("lv_agri_rural", 7, 4);
  if (t == "residential" && c.area == "rural") return row("lv_res_rural", 5, 5);
  if (t == "residential") return row("lv_res_urban", 3, 5);
  if (c.kva >= 100) return row("lv_large", 5, 4);
  if (c.kwh >= 10000 && c.arrears >= 3) return row("lv_credit_risk", 7, 4);
  if (t == "commercial" || t == "non_industrial" || t == "non_residential") return row("lv_business", 5, 4);
  return row("lv_other", 5, 5);
}

const char* const kHeader = "id,voltage_kv,tariff,dual_source,important,load_level,contract_kva,monthly_kwh,arrears_months,area\n";

// `rows` seeded customers as CSV, and the hand-written answer for each.
std::string customers_csv(int rows, std::vector<std::string>& answers) {
  static const char* const kv[] = {"0.22", "0.38", "10", "35", "110", "220"};
  static const char* const tariffs[] = {"residential", "non_residential", "commercial", "non_industrial",
                                        "industrial", "large_industrial", "agricultural"};
  std::mt19937 rng(4);
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
  std::string csv = kHeader;
  for (int i = 1; i <= rows; ++i) {
    Customer c;
    c.id = i;
    const char* v = kv[pick(6)];
    c.kv = std::stod(v);
    c.tariff = tariffs[pick(7)];
    c.dual = pick(3) == 0;
    c.important = pick(10) == 0;
    c.load = 1 + pick(3);
    c.kva = pick(8) == 0 ? 100 : 1 + pick(50000);
    c.kwh = pick(8) == 0 ? 10000 : pick(5000001);
    c.arrears = pick(13);
    c.area = pick(2) == 0 ? "urban" : "rural";
    csv += fmt::format("{},{},{},{},{},{},{},{},{},{}\n", c.id, v, c.tariff, c.dual, c.important, c.load, c.kva, c.kwh,
                       c.arrears, c.area);
    answers.push_back(expected(c));
  }
  return csv;
}

std::string program() { return std::string(DOCKET_SOURCE_DIR) + "/bench/classify.dkt"; }

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

TEST(Classify, ManyChunksOnTwoThreadsMatchAHandWrittenClassifierInInputOrder) {
  std::vector<std::string> answers;
  auto csv = temp_file("many.csv", customers_csv(200000, answers));  // about 12 MB: a dozen chunks
  for (const char* threads : {"1", "2", "3"}) {
    CliRun r = run(fmt::format("classify {} {} --decision classify --threads {}", program(), csv.string(), threads),
                   false);
    ASSERT_EQ(r.exit_code, 0) << threads;
    std::vector<std::string> got = lines_of(r.output);
    ASSERT_EQ(got.size(), answers.size() + 1) << threads;
    EXPECT_EQ(got[0], "id,segment,install_sla,priority,escalate");
    for (std::size_t i = 0; i < answers.size(); ++i) ASSERT_EQ(got[i + 1], answers[i]) << "row " << i + 1;
  }
}

TEST(Classify, ABadRowDeepInTheFileIsReportedWithItsLineAndStopsThere) {
  std::vector<std::string> answers;
  std::string text = customers_csv(150000, answers);
  // Line 120,002 (row 120,001) gets an unknown tariff; it sits in a later chunk than the first.
  const std::size_t at = text.find("\n120001,") + 1;
  const std::size_t tariff = text.find(',', text.find(',', at) + 1) + 1;
  text.replace(tariff, text.find(',', tariff) - tariff, "indstrial");
  auto csv = temp_file("deep.csv", text);
  auto out = csv.parent_path() / "deep_out.csv";
  CliRun r = run(fmt::format("classify {} {} --decision classify --threads 2 -o {}", program(), csv.string(),
                             out.string()));
  EXPECT_EQ(r.exit_code, 4) << r.output;
  EXPECT_NE(r.output.find("deep.csv:120002: field 'tariff': unknown member \"indstrial\" (did you mean industrial?)"),
            std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("120000 rows were classified"), std::string::npos) << r.output;
  std::ifstream written(out);
  std::stringstream s;
  s << written.rdbuf();
  std::vector<std::string> got = lines_of(s.str());
  ASSERT_EQ(got.size(), 120001u);  // the header and every row before the bad one, in order
  EXPECT_EQ(got.back(), answers[119999]);

  // With a limit above the count, the whole file is read: exit 3 and the bad row left out.
  r = run(fmt::format("classify {} {} --decision classify --threads 2 --max-errors 1", program(), csv.string()), false);
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_EQ(lines_of(r.output).size(), answers.size());  // header + all rows - 1 bad
}

TEST(Classify, QuotedLineBreaksAcrossBlocksKeepRowsWholeAndLineNumbersPhysical) {
  // 60,000 rows with a carried `note`; every 100th note is quoted and holds a comma, a doubled
  // quote and a line break, so some fall across the reader's 1 MiB block boundaries.
  std::vector<std::string> answers;
  std::string plain = customers_csv(60000, answers);
  std::istringstream in(plain);
  std::string line;
  std::getline(in, line);
  std::string csv = "note," + line + "\n";
  int physical = 1;
  int bad_line = 0;
  for (int i = 1; std::getline(in, line); ++i) {
    const bool quoted = i % 100 == 0;
    csv += quoted ? fmt::format("\"row {}, \"\"x\"\"\nsecond line\",", i) : fmt::format("n{},", i);
    physical += quoted ? 2 : 1;
    if (i == 59999) {  // a bad voltage near the end: its line counts every line break before it
      line.insert(line.find(',') + 1, "x");
      bad_line = physical;
    }
    csv += line + "\n";
  }
  auto file = temp_file("quoted.csv", csv + "\n\n");
  CliRun r = run(fmt::format("classify {} {} --decision classify --threads 2 --id note --format jsonl --max-errors 5",
                             program(), file.string()),
                 false);
  EXPECT_EQ(r.exit_code, 3);
  std::vector<std::string> got = lines_of(r.output);
  ASSERT_EQ(got.size(), 59999u);
  EXPECT_EQ(got[99].rfind("{\"note\":\"row 100, \\\"x\\\"\\nsecond line\",\"segment\":", 0), 0u) << got[99];
  EXPECT_EQ(got[0].rfind("{\"note\":\"n1\",", 0), 0u) << got[0];
  CliRun err = run(fmt::format("classify {} {} --decision classify --threads 2 --id note -o /dev/null --max-errors 5",
                               program(), file.string()));
  EXPECT_NE(err.output.find(fmt::format("quoted.csv:{}: field 'voltage_kv': expected a number", bad_line)),
            std::string::npos)
      << err.output;
}

TEST(Classify, ReadsStdinAndSaysNothingOnAPipeWhenEveryRowIsClassified) {
  std::vector<std::string> answers;
  auto csv = temp_file("small.csv", customers_csv(10, answers));
  CliRun out = run(fmt::format("classify {} - --input-format csv --decision classify", program()), false, csv.string());
  EXPECT_EQ(out.exit_code, 0);
  EXPECT_EQ(lines_of(out.output).size(), 11u);
  CliRun err = run(fmt::format("classify {} - --input-format csv --decision classify -o /dev/null", program()), true,
                   csv.string());
  EXPECT_EQ(err.exit_code, 0);
  EXPECT_EQ(err.output, "");  // no progress bar and no summary on a pipe
}

}  // namespace
