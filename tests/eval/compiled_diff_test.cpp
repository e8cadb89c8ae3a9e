// Differential test: the compiled evaluator (one call, and batches) against the reference
// interpreter, on seeded random inputs, for every decision of the golden files, the examples, the
// benchmark programs, the language reference and tests/eval/programs (shapes the others lack). Answers, matched rules and error messages must
// be the same.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "docket/core/compiled_decision.hpp"
#include "docket/dsl/compile.hpp"
#include "eval/eval_error.hpp"
#include "eval/interpreter.hpp"
#include "fenced_blocks.hpp"
#include "random_inputs.hpp"

namespace docket {
namespace {

namespace fs = std::filesystem;

constexpr std::size_t kCalls = 600;       // one-at-a-time calls per decision
constexpr std::size_t kBatchRows = 600;   // rows of one batch per decision

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Stand-ins for the plugins the examples load: a function that sometimes fails, and an action.
FunctionRegistry stub_functions() {
  FunctionRegistry r;
  r.add(FunctionSignature{"site.district", {Type::text()}, Type::text(), "test"}, [](std::span<const Value> args) {
    const std::string& address = args[0].as_text();
    if (address.empty()) throw FunctionError("empty address");
    return Value(address.find("浦东") != std::string::npos || address == "pudong" ? "pudong" : "puxi");
  });
  r.add_action(ActionSignature{"site.schedule_meter", {Type::text()}, "test"},
               [](const ActionRequest&) { return ActionResult{}; });
  return r;
}

struct Outcome {
  bool ok = false;
  Value value;
  std::optional<std::size_t> rule;
  std::string error;
};

std::string describe(const Outcome& o) {
  if (!o.ok) return "error: " + o.error;
  return to_string(o.value) + (o.rule ? " (rule " + std::to_string(*o.rule) + ")" : " (no rule)");
}

std::string describe_args(std::span<const Value> args) {
  std::string s;
  for (const Value& a : args) s += (s.empty() ? "" : ", ") + to_string(a);
  return s;
}

bool same(const Outcome& a, const Outcome& b) {
  if (a.ok != b.ok) return false;
  if (!a.ok) return a.error == b.error;
  return a.rule == b.rule && a.value == b.value && to_string(a.value) == to_string(b.value);
}

struct Totals {
  std::size_t programs = 0;
  std::size_t decisions = 0;
  std::size_t calls = 0;
  std::size_t errors = 0;  // calls where both failed (with the same message)
};

void compare_program(const std::string& name, const std::vector<std::pair<std::string, std::string>>& files,
                     Totals& totals) {
  static const FunctionRegistry functions = stub_functions();
  SourceSet sources;
  for (const auto& [file, text] : files) sources.add(file, text);
  Diagnostics diagnostics;
  std::optional<ir::Module> module = dsl::compile(sources, functions, diagnostics);
  if (!module) return;  // golden files of diagnostics do not compile, by design
  std::shared_ptr<const Program> program = Program::lower(std::move(*module), functions, diagnostics);
  if (!program) return;
  ++totals.programs;
  const ir::Module& m = program->module();
  const detail::Interpreter& interpreter = program->interpreter();
  testing::RandomInputs random(m, 20261123 + totals.programs);

  for (std::size_t index = 0; index < m.decisions.size(); ++index) {
    const ir::Decision& d = m.decisions[index];
    SCOPED_TRACE(name + ": decision " + d.name);
    ++totals.decisions;
    CompiledDecision compiled(program, d.name);
    auto reference = [&](std::span<const Value> args) {
      Outcome o;
      try {
        detail::DecisionResult r = interpreter.decide(index, args);
        o = {true, r.value, r.rule, ""};
      } catch (const detail::EvalError& e) {
        o.error = e.what();
      }
      return o;
    };
    int reported = 0;
    auto check = [&](const Outcome& want, const Outcome& got, std::span<const Value> args, const char* how) {
      ++totals.calls;
      if (!want.ok) ++totals.errors;
      if (same(want, got) || ++reported > 3) return;
      ADD_FAILURE() << how << " on (" << describe_args(args) << "):\n  interpreter: " << describe(want)
                    << "\n  compiled:    " << describe(got);
    };

    for (std::size_t i = 0; i < kCalls; ++i) {
      std::vector<Value> args = random.args(d);
      Outcome got;
      try {
        DecisionAnswer a = compiled.answer(args);
        got = {true, a.value, a.rule, ""};
      } catch (const EvaluationError& e) {
        got.error = e.what();
      }
      check(reference(args), got, args, "one call");
    }

    InputBatch batch(compiled);
    batch.resize(kBatchRows);
    std::vector<std::vector<Value>> rows;
    for (std::size_t r = 0; r < kBatchRows; ++r) {
      rows.push_back(random.args(d));
      batch.set_args(r, rows.back());
    }
    OutputBatch out;
    compiled.evaluate(batch, out);
    ASSERT_EQ(out.size(), kBatchRows);
    for (std::size_t r = 0; r < kBatchRows; ++r) {
      const Outcome want = reference(rows[r]);
      Outcome got;
      got.ok = out.ok(r);
      got.error = std::string(out.error(r));
      if (got.ok) {
        got.rule = out.rule(r);
        if (d.result.record_def() != nullptr) {
          auto record = std::make_shared<RecordValue>();
          record->def = d.result.record_def();
          for (std::size_t k = 0; k < out.columns().size(); ++k) record->fields.push_back(out.value(k, r));
          got.value = Value(Value::Record(std::move(record)));
        } else {
          got.value = out.value(0, r);
        }
      }
      check(want, got, rows[r], "batch row");
    }
  }
}

fs::path source_dir() {
  const char* dir = std::getenv("DOCKET_SOURCE_DIR");
  return dir != nullptr ? fs::path(dir) : fs::path(DOCKET_SOURCE_DIR);
}

std::vector<fs::path> dkt_files(const fs::path& dir) {
  std::vector<fs::path> out;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() == ".dkt") out.push_back(entry.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

TEST(CompiledDiff, EveryDecisionAgreesWithTheInterpreter) {
  const fs::path root = source_dir();
  Totals totals;
  // Golden files: each one program.
  for (const char* mode : {"check", "run", "test"}) {
    for (const fs::path& p : dkt_files(root / "tests/golden" / mode)) {
      compare_program(p.string(), {{p.filename().string(), read_file(p)}}, totals);
    }
  }
  // The examples, the benchmark programs and this test's own: each folder one program.
  for (const fs::path& dir : {root / "examples/95598", root / "bench", root / "tests/eval/programs"}) {
    std::vector<std::pair<std::string, std::string>> files;
    for (const fs::path& p : dkt_files(dir)) files.emplace_back(p.filename().string(), read_file(p));
    compare_program(dir.string(), files, totals);
  }
  // The language reference's examples (a block may hold several files separated by `# ---`).
  for (const testing::FencedBlock& block : testing::fenced_blocks(read_file(root / "docs/language.md"), "dkt")) {
    if (block.info != "dkt") continue;
    std::vector<std::pair<std::string, std::string>> files{{"block.dkt", ""}};
    std::istringstream lines(block.text);
    std::string line;
    while (std::getline(lines, line)) {
      if (line == "# ---") {
        files.emplace_back("block" + std::to_string(files.size()) + ".dkt", "");
      } else {
        files.back().second += line + "\n";
      }
    }
    compare_program("docs/language.md:" + std::to_string(block.line), files, totals);
  }
  std::printf("compared %zu calls (%zu failing alike) over %zu decisions of %zu programs\n", totals.calls,
              totals.errors, totals.decisions, totals.programs);
  // Guards against a test that silently compares nothing.
  EXPECT_GE(totals.programs, 20U);
  EXPECT_GE(totals.decisions, 55U);
  EXPECT_GT(totals.errors, 0U);
  EXPECT_LT(totals.errors, totals.calls / 2);
}

}  // namespace
}  // namespace docket
