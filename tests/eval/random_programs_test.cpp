// Differential test on random well-typed programs: every evaluator agrees with the reference interpreter
// (answers, rules, error messages) on random inputs with missing fields and failing arithmetic.
#include <gtest/gtest.h>

#include <cstdio>
#include <map>
#include <optional>
#include <random>

#include "docket/core/compiled_decision.hpp"
#include "docket/core/program.hpp"
#include "docket/dsl/compile.hpp"
#include "eval/evaluator.hpp"
#include "lower/program_evaluators.hpp"
#include "outcome.hpp"
#include "random_inputs.hpp"
#include "random_program.hpp"

namespace docket {
namespace {

using testing::Outcome;
using testing::outcome_of;

constexpr std::size_t kPrograms = 300;
constexpr std::size_t kDecisions = 7;
constexpr std::size_t kInputs = 80;

struct Counts {
  std::size_t programs = 0;
  std::size_t refused = 0;  // the checker refused the generated text (e.g. a priority table's rows)
  std::size_t decisions = 0;
  std::size_t comparisons = 0;
  std::size_t failing = 0;  // inputs the reference failed on (the others failed alike)
  std::size_t tables = 0;
  std::size_t jit_batches = 0;  // decisions whose batches ran a JIT kernel
};

void compare(const std::shared_ptr<const Program>& program, std::uint64_t seed, Counts& counts) {
  const ir::Module& m = program->module();
  const detail::Interpreter interpreter = detail::reference_interpreter(*program);
  std::vector<std::shared_ptr<const detail::Evaluator>> seams{detail::make_evaluator(program, EvalMode::compiled)};
  if (jit_available()) seams.push_back(detail::make_evaluator(program, EvalMode::jit));
  testing::RandomInputs random(m, seed);
  random.missing_per_mille = 60;
  int reported = 0;
  for (std::size_t index = 0; index < m.decisions.size(); ++index) {
    const ir::Decision& d = m.decisions[index];
    ++counts.decisions;
    counts.tables += d.is_table ? 1 : 0;
    const CompiledDecision compiled(program, d.name);
    InputBatch batch(compiled);
    batch.resize(kInputs);
    std::vector<std::vector<Value>> rows;
    for (std::size_t i = 0; i < kInputs; ++i) {
      rows.push_back(random.args(d));
      batch.set_args(i, rows.back());
    }
    OutputBatch out;
    compiled.evaluate(batch, out);
    std::optional<CompiledDecision> jit;  // lives while its outputs are read (texts point into it)
    std::optional<OutputBatch> jit_out;
    if (jit_available()) {
      jit.emplace(program, d.name, EvalMode::jit);
      counts.jit_batches += jit->jit_ready() ? 1U : 0U;
      InputBatch jit_batch(*jit);
      jit_batch.resize(kInputs);
      for (std::size_t i = 0; i < kInputs; ++i) jit_batch.set_args(i, rows[i]);
      jit->evaluate(jit_batch, jit_out.emplace());
    }
    for (std::size_t i = 0; i < kInputs; ++i) {
      const std::vector<Value>& args = rows[i];
      const Outcome want = outcome_of([&] { return interpreter.decide(index, args); });
      counts.failing += want.ok ? 0 : 1;
      std::vector<std::pair<std::string, Outcome>> got;
      for (const auto& seam : seams) got.emplace_back(eval_mode_name(seam->mode()), outcome_of([&] { return seam->decide(index, args); }));
      Outcome one;
      try {
        const DecisionAnswer a = compiled.answer(args);
        one = {true, a.value, a.rule, ""};
      } catch (const EvaluationError& e) {
        one.error = e.what();
      }
      got.emplace_back("CompiledDecision", one);
      Outcome row;
      row.ok = out.ok(i);
      row.error = std::string(out.error(i));
      if (row.ok) {
        row.rule = out.rule(i);
        if (d.result.record_def() == nullptr && out.columns().size() == 1) row.value = out.value(0, i);
        else row = one;  // records are rebuilt in compiled_diff_test; here the one-call answer stands in
      }
      got.emplace_back("batch", row);
      if (jit_out) {
        // The JIT's batch: every output column, the rule and the error as the compiled batch has them.
        Outcome j;
        j.ok = jit_out->ok(i);
        j.error = std::string(jit_out->error(i));
        if (j.ok) {
          j.rule = jit_out->rule(i);
          j.value = row.value;
          for (std::size_t k = 0; k < out.columns().size() && out.ok(i); ++k) {
            if (!(jit_out->value(k, i) == out.value(k, i))) j.value = jit_out->value(k, i);
          }
        }
        got.emplace_back("JIT batch", j);
      }
      for (const auto& [who, o] : got) {
        ++counts.comparisons;
        if (testing::same(want, o) || ++reported > 5) continue;
        ADD_FAILURE() << "seed " << seed << ", " << d.name << " (" << who << ") on ("
                      << testing::describe_args(args) << "):\n  interpreter: " << testing::describe(want)
                      << "\n  " << who << ": " << testing::describe(o);
      }
    }
  }
}

TEST(RandomPrograms, EveryEvaluatorAgreesWithTheInterpreter) {
  const FunctionRegistry functions;
  Counts counts;
  std::map<std::string, std::size_t> refusals;  // error code -> programs
  for (std::uint64_t seed = 1; seed <= kPrograms; ++seed) {
    std::mt19937_64 rng(seed * 7919);
    testing::RandomProgram gen([&rng](std::size_t n) { return static_cast<std::size_t>(rng() % n); }, kDecisions);
    const std::string text = gen.text();
    SourceSet sources;
    sources.add("gen.dkt", text);
    Diagnostics diagnostics;
    std::optional<ir::Module> module = dsl::compile(sources, functions, diagnostics);
    std::shared_ptr<const Program> program =
        module ? Program::lower(std::move(*module), functions, diagnostics) : nullptr;
    if (!program) {
      ++counts.refused;
      for (const Diagnostic& diag : diagnostics.all()) {
        if (diag.severity == Severity::error) {
          ++refusals[diag.code];
          if (refusals[diag.code] == 1) std::printf("refused (%s): %s\n", diag.code.c_str(), diag.message.c_str());
        }
      }
      continue;
    }
    ++counts.programs;
    SCOPED_TRACE("program of seed " + std::to_string(seed) + ":\n" + text);
    compare(program, seed, counts);
  }
  std::printf("random programs: %zu compiled (%zu refused by the checker), %zu decisions (%zu tables), %zu "
              "comparisons, %zu inputs failing alike, %zu decisions' batches by a JIT kernel\n",
              counts.programs, counts.refused, counts.decisions, counts.tables, counts.comparisons, counts.failing,
              counts.jit_batches);
  // Guards against a generator that silently makes nothing worth comparing.
  EXPECT_GE(counts.programs, kPrograms / 2);
  EXPECT_GT(counts.failing, 0U);
  EXPECT_LT(counts.failing, counts.comparisons / 8);
  EXPECT_GE(counts.tables, counts.decisions / 4);
  if (jit_available()) {
    EXPECT_GE(counts.jit_batches, counts.decisions / 10);  // the kernels are exercised
  }
}

}  // namespace
}  // namespace docket
