// libFuzzer target: bytes choose a random well-typed program (tests/support/random_program.hpp) and the seed of its
// inputs; every evaluator must give the reference interpreter's answers, rules and error messages.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "docket/core/compiled_decision.hpp"
#include "docket/core/program.hpp"
#include "docket/dsl/compile.hpp"
#include "eval/evaluator.hpp"
#include "fuzz_support.hpp"
#include "lower/program_evaluators.hpp"
#include "outcome.hpp"
#include "random_inputs.hpp"
#include "random_program.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace docket;
  std::size_t at = 0;
  auto pick = [data, size, &at](std::size_t n) -> std::size_t { return at < size ? data[at++] % n : 0; };
  const std::size_t decisions = 1 + pick(6);
  testing::RandomProgram generator(pick, decisions);
  const std::string text = generator.text();
  std::uint64_t seed = 0;
  for (int i = 0; i < 8; ++i) seed = seed << 8 | pick(256);

  static const FunctionRegistry functions;
  SourceSet sources;
  sources.add("gen.dkt", text);
  Diagnostics diagnostics;
  std::optional<ir::Module> module = dsl::compile(sources, functions, diagnostics);
  if (!module) return 0;
  std::shared_ptr<const Program> program = Program::lower(std::move(*module), functions, diagnostics);
  if (!program) return 0;

  const detail::Interpreter interpreter = detail::reference_interpreter(*program);
  std::vector<std::shared_ptr<const detail::Evaluator>> seams{detail::make_evaluator(program, EvalMode::compiled)};
  if (jit_available()) seams.push_back(detail::make_evaluator(program, EvalMode::jit));
  testing::RandomInputs random(program->module(), seed);
  random.missing_per_mille = 60;
  for (std::size_t index = 0; index < program->module().decisions.size(); ++index) {
    const ir::Decision& d = program->module().decisions[index];
    const CompiledDecision compiled(program, d.name);
    std::vector<std::vector<Value>> rows;
    for (int i = 0; i < 16; ++i) {
      rows.push_back(random.args(d));
      const std::vector<Value>& args = rows.back();
      const testing::Outcome want = testing::outcome_of([&] { return interpreter.decide(index, args); });
      for (const auto& seam : seams) {
        const testing::Outcome got = testing::outcome_of([&] { return seam->decide(index, args); });
        fuzz::require(testing::same(want, got), "an evaluator disagrees with the interpreter");
      }
      testing::Outcome one;
      try {
        const DecisionAnswer a = compiled.answer(args);
        one = {true, a.value, a.rule, ""};
      } catch (const EvaluationError& e) {
        one.error = e.what();
      }
      fuzz::require(testing::same(want, one), "CompiledDecision disagrees with the interpreter");
    }
    if (jit_available()) {
      // The JIT's batch kernel against the compiled batch path: every row's error, rule and outputs.
      const CompiledDecision jit(program, d.name, EvalMode::jit);
      OutputBatch by_compiled;
      OutputBatch by_jit;
      for (const CompiledDecision* by : {&compiled, &jit}) {
        InputBatch batch(*by);
        batch.resize(rows.size());
        for (std::size_t r = 0; r < rows.size(); ++r) batch.set_args(r, rows[r]);
        by->evaluate(batch, by == &jit ? by_jit : by_compiled);
      }
      for (std::size_t r = 0; r < rows.size(); ++r) {
        fuzz::require(by_jit.ok(r) == by_compiled.ok(r) && by_jit.error(r) == by_compiled.error(r) &&
                          by_jit.rule(r) == by_compiled.rule(r),
                      "the JIT batch disagrees with the compiled batch");
        for (std::size_t k = 0; by_jit.ok(r) && k < by_jit.columns().size(); ++k) {
          fuzz::require(by_jit.value(k, r) == by_compiled.value(k, r), "the JIT batch disagrees with the compiled batch");
        }
      }
    }
  }
  return 0;
}
