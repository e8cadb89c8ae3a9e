// The DMN TCK as a test: import each model with its test cases (`docket import --tests`), run them
// (`docket test`, interpreter and compiled evaluator alike), and compare the per-model report with
// expected_report.md, so no case regresses silently.
//
// Usage: dmn_tck_runner DOCKET MODELS_DIR EXPECTED_REPORT WORK_DIR. DOCKET_UPDATE_GOLDEN=1 rewrites the report.
#include <fmt/format.h>
#include <sys/wait.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

struct Run {
  int exit_code = -1;
  std::string out;
};

Run shell(const std::string& cmd) {
  Run r;
  FILE* pipe = popen(cmd.c_str(), "r");
  if (pipe == nullptr) return r;
  std::array<char, 4096> buf{};
  std::size_t n = 0;
  while ((n = fread(buf.data(), 1, buf.size(), pipe)) > 0) r.out.append(buf.data(), n);
  const int status = pclose(pipe);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

struct Row {
  std::string model;
  int passed = 0;
  int failed = 0;
  int refused = 0;
  std::map<std::string, int> why;  // feature -> cases refused for it
  std::vector<std::string> failures;
  std::string broken;  // the .dkt does not check or is not formatted
};

Row run_model(const std::string& docket, const fs::path& dir, const fs::path& work) {
  Row row;
  row.model = dir.filename().string();
  const std::string model = row.model + ".dmn";
  const std::string tests = row.model + "-test-01.xml";
  const fs::path dkt = work / (row.model + ".dkt");
  const fs::path err = work / (row.model + ".import.txt");
  Run imp = shell(fmt::format("cd '{}' && '{}' import '{}' --tests '{}' --partial -o '{}' 2>'{}'", dir.string(), docket,
                              model, tests, dkt.string(), err.string()));
  if (imp.exit_code != 0) {
    row.broken = fmt::format("import exited {}", imp.exit_code);
    return row;
  }
  std::istringstream problems(slurp(err));
  for (std::string line; std::getline(problems, line);) {
    if (line.rfind(tests + ":", 0) != 0) continue;
    const std::size_t open = line.rfind('(');
    const std::string feature = open == std::string::npos ? "?" : line.substr(open + 1, line.size() - open - 2);
    ++row.refused;
    ++row.why[feature];
  }
  Run fmt_check = shell(fmt::format("'{}' fmt --check '{}' 2>&1", docket, dkt.string()));
  if (fmt_check.exit_code != 0) row.broken = "not formatted: " + fmt_check.out;
  Run check = shell(fmt::format("'{}' check '{}' 2>&1", docket, dkt.string()));
  if (check.exit_code != 0) row.broken += "does not check: " + check.out;
  // The reference interpreter gives the report; the compiled evaluator must give the same results.
  Run test = shell(fmt::format("'{}' test --eval=interp --format json '{}' 2>/dev/null", docket, dkt.string()));
  Run compiled = shell(fmt::format("'{}' test --eval=compiled --format json '{}' 2>/dev/null", docket, dkt.string()));
  if (compiled.out != test.out) row.broken += "the compiled evaluator's results differ from the interpreter's";
  std::istringstream lines(test.out);
  for (std::string line; std::getline(lines, line);) {
    if (line.empty() || line.front() != '{') continue;
    nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded()) continue;
    const std::string result = j.value("result", "");
    if (result == "PASS") {
      ++row.passed;
    } else {
      ++row.failed;
      row.failures.push_back(fmt::format("{}: {} {}", j.value("name", ""), result, j.value("message", "")));
    }
  }
  return row;
}

std::string report(const std::vector<Row>& rows) {
  std::string out = "| model | cases | passed | failed | refused | refused because |\n|---|---|---|---|---|---|\n";
  Row total;
  total.model = "**total**";
  for (const Row& r : rows) {
    std::string why;
    for (const auto& [feature, n] : r.why) {
      why += fmt::format("{}{} {}", why.empty() ? "" : ", ", feature, n);
      total.why[feature] += n;
    }
    out += fmt::format("| {} | {} | {} | {} | {} | {} |\n", r.model, r.passed + r.failed + r.refused, r.passed,
                       r.failed, r.refused, why);
    total.passed += r.passed;
    total.failed += r.failed;
    total.refused += r.refused;
  }
  std::string why;
  for (const auto& [feature, n] : total.why) why += fmt::format("{}{} {}", why.empty() ? "" : ", ", feature, n);
  out += fmt::format("| {} | {} | {} | {} | {} | {} |\n", total.model, total.passed + total.failed + total.refused,
                     total.passed, total.failed, total.refused, why);
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 5) {
    std::cerr << "usage: dmn_tck_runner DOCKET MODELS_DIR EXPECTED_REPORT WORK_DIR\n";
    return 2;
  }
  const std::string docket = argv[1];
  const fs::path models = argv[2];
  const fs::path expected = argv[3];
  const fs::path work = argv[4];
  fs::create_directories(work);
  std::vector<fs::path> dirs;
  for (const fs::directory_entry& e : fs::directory_iterator(models)) {
    if (e.is_directory()) dirs.push_back(e.path());
  }
  std::sort(dirs.begin(), dirs.end());
  std::vector<Row> rows;
  bool broken = false;
  for (const fs::path& d : dirs) {
    rows.push_back(run_model(docket, d, work));
    const Row& r = rows.back();
    if (!r.broken.empty()) {
      broken = true;
      std::cout << fmt::format("{}: {}\n", r.model, r.broken);
    }
    for (const std::string& f : r.failures) std::cout << fmt::format("{}: {}\n", r.model, f);
  }
  const std::string got = report(rows);
  std::cout << got;
  const char* update = std::getenv("DOCKET_UPDATE_GOLDEN");
  if (update != nullptr && std::string(update) == "1") {
    std::ofstream(expected, std::ios::binary | std::ios::trunc) << got;
    std::cout << "wrote " << expected.string() << "\n";
    return broken ? 1 : 0;
  }
  const std::string want = slurp(expected);
  if (got != want) {
    std::cout << "\nthe report differs from " << expected.string() << " (expected below); if the change is intended, "
              << "run with DOCKET_UPDATE_GOLDEN=1 and update docs/dmn.md:\n" << want;
    return 1;
  }
  return broken ? 1 : 0;
}
