// Differential test: every evaluator against the reference interpreter, on seeded random inputs,
// for every decision of the golden files, the examples, the benchmark programs, the language
// reference and tests/eval/programs (shapes the others lack): CompiledDecision (one call, and
// batches), and each Evaluator behind the seam (compiled; the JIT when built with LLVM) on
// decisions and on every workflow expression (guards, roles, action arguments, SLA targets).
// Answers, matched rules and error messages must be the same.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "docket/core/compiled_decision.hpp"
#include "docket/dsl/compile.hpp"
#include "eval/eval_error.hpp"
#include "eval/evaluator.hpp"
#include "eval/interpreter.hpp"
#include "lower/program_evaluators.hpp"
#include "fenced_blocks.hpp"
#include "outcome.hpp"
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

using testing::describe;
using testing::describe_args;
using testing::Outcome;
using testing::outcome_of;
using testing::same;

struct Totals {
  std::size_t programs = 0;
  std::size_t decisions = 0;
  std::size_t calls = 0;
  std::size_t errors = 0;  // calls where both failed (with the same message)
  std::size_t seam_calls = 0;        // decisions through the Evaluator seam, every mode but interp
  std::size_t expressions = 0;       // workflow expressions compared
  std::size_t expression_calls = 0;  // their evaluations through the seam
  std::size_t jit_batches = 0;       // decisions whose batches ran a JIT kernel
};

// The evaluators behind the seam that must agree with the reference: every mode this build has.
std::vector<EvalMode> seam_modes() {
  std::vector<EvalMode> modes{EvalMode::compiled};
  if (jit_available()) modes.push_back(EvalMode::jit);
  return modes;
}

// Every workflow expression of the program on random parameters and step outcomes.
void compare_expressions(const std::string& name, const std::shared_ptr<const Program>& program,
                         const detail::Interpreter& interpreter,
                         const std::vector<std::shared_ptr<const detail::Evaluator>>& seams, testing::RandomInputs& random,
                         Totals& totals) {
  constexpr std::size_t kEnvs = 60;
  for (const ir::Workflow& wf : program->module().workflows) {
    std::vector<const ir::Expr*> exprs;
    for (const ir::Edge& e : wf.edges) if (e.guard) exprs.push_back(e.guard.get());
    for (const ir::Node& n : wf.nodes) {
      if (n.role) exprs.push_back(n.role.get());
      for (const ir::ExprPtr& a : n.action_args) exprs.push_back(a.get());
    }
    for (const ir::Sla& s : wf.slas) if (s.target) exprs.push_back(s.target.get());
    if (exprs.empty()) continue;
    totals.expressions += exprs.size();
    SCOPED_TRACE(name + ": workflow " + wf.name);
    int reported = 0;
    for (std::size_t k = 0; k < kEnvs; ++k) {
      std::vector<Value> params;
      for (const ir::Param& p : wf.params) params.push_back(random.any(p.type));
      std::vector<std::vector<Value>> outcomes;
      for (const ir::Node& n : wf.nodes) {
        auto& per_node = outcomes.emplace_back();
        for (const ir::Outcome& o : n.outcomes) per_node.push_back(random.any(o.type));
      }
      detail::Environment env;
      env.params = params;
      env.workflow = &wf;
      env.outcomes = outcomes;
      for (const ir::Expr* e : exprs) {
        const Outcome want = outcome_of([&] { return detail::DecisionResult{interpreter.evaluate(*e, env), {}}; });
        for (const auto& seam : seams) {
          ++totals.expression_calls;
          const Outcome got = outcome_of([&] { return detail::DecisionResult{seam->evaluate(*e, env), {}}; });
          if (same(want, got) || ++reported > 3) continue;
          ADD_FAILURE() << "expression at " << e->range.begin << " on (" << describe_args(params)
                        << "):\n  interpreter: " << describe(want) << "\n  " << eval_mode_name(seam->mode())
                        << ": " << describe(got);
        }
      }
    }
  }
}

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
  const detail::Interpreter interpreter = detail::reference_interpreter(*program);
  testing::RandomInputs random(m, 20261123 + totals.programs);
  std::vector<std::shared_ptr<const detail::Evaluator>> seams;
  for (EvalMode mode : seam_modes()) seams.push_back(detail::make_evaluator(program, mode));
  compare_expressions(name, program, interpreter, seams, random, totals);

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
      const Outcome want = reference(args);
      check(want, got, args, "one call");
      for (const auto& seam : seams) {
        ++totals.seam_calls;
        const Outcome through = outcome_of([&] { return seam->decide(index, args); });
        if (same(want, through) || ++reported > 3) continue;
        ADD_FAILURE() << "seam " << eval_mode_name(seam->mode()) << " on (" << describe_args(args)
                      << "):\n  interpreter: " << describe(want) << "\n  seam:        " << describe(through);
      }
    }

    std::vector<std::vector<Value>> rows;
    for (std::size_t r = 0; r < kBatchRows; ++r) rows.push_back(random.args(d));
    // The same rows through the compiled batch path and, when built, the JIT's kernel.
    auto check_batch = [&](const CompiledDecision& by, const char* how) {
      InputBatch batch(by);
      batch.resize(kBatchRows);
      for (std::size_t r = 0; r < kBatchRows; ++r) batch.set_args(r, rows[r]);
      OutputBatch out;
      by.evaluate(batch, out);
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
        check(want, got, rows[r], how);
      }
    };
    check_batch(compiled, "batch row");
    if (jit_available()) {
      const CompiledDecision jit(program, d.name, EvalMode::jit);
      totals.jit_batches += jit.jit_ready() ? 1U : 0U;
      check_batch(jit, "JIT batch row");
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
  std::printf("compared %zu calls (%zu failing alike) over %zu decisions of %zu programs; through the seam %zu "
              "decision calls and %zu evaluations of %zu workflow expressions; %zu decisions' batches by a JIT "
              "kernel\n",
              totals.calls, totals.errors, totals.decisions, totals.programs, totals.seam_calls,
              totals.expression_calls, totals.expressions, totals.jit_batches);
  // Guards against a test that silently compares nothing.
  EXPECT_GE(totals.programs, 20U);
  EXPECT_GE(totals.decisions, 55U);
  EXPECT_GT(totals.errors, 0U);
  EXPECT_LT(totals.errors, totals.calls / 2);
  EXPECT_GE(totals.seam_calls, totals.decisions * kCalls);
  EXPECT_GE(totals.expressions, 30U);
  if (jit_available()) {
    EXPECT_GE(totals.jit_batches, totals.decisions / 4);  // the kernels are exercised
  }
}

}  // namespace
}  // namespace docket
