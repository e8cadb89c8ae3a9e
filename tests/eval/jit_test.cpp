// The JIT's own behaviour: what it lowers, tiering under auto, rows its kernels leave to the compiled
// path, and the refusals of a build without LLVM. (Its answers are compared in compiled_diff_test and
// random_programs_test.)
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "docket/core/compiled_decision.hpp"
#include "docket/dsl/compile.hpp"
#include "lowered.hpp"
#include "lower/program_evaluators.hpp"
#ifdef DOCKET_WITH_LLVM
#include "eval/jit/jit_batch.hpp"
#include "eval/jit/jit_code.hpp"
#endif

namespace docket {
namespace {

using testing::lower_text;

std::shared_ptr<const Program> classify_program() {
  std::ifstream in(std::filesystem::path(DOCKET_SOURCE_DIR) / "bench/classify.dkt");
  std::ostringstream s;
  s << in.rdbuf();
  return lower_text(s.str());
}

// The nine inputs of classify for one row; `arrears` < 0 leaves that input missing. (Unused in a
// build without LLVM, such as the ASan kind.)
[[maybe_unused]] void fill(const CompiledDecision& d, InputBatch& b, std::size_t row, double kv, std::int64_t arrears) {
  auto in = [&d](const char* path) { return *d.find_input(path); };
  b.set_number(in("c.voltage_kv"), row, kv);
  b.set_enum(in("c.tariff"), row, 0);  // residential
  b.set_bool(in("c.dual_source"), row, false);
  b.set_bool(in("c.important"), row, false);
  b.set_int(in("c.load_level"), row, 3);
  b.set_int(in("c.contract_kva"), row, 10);
  b.set_int(in("c.monthly_kwh"), row, 100);
  if (arrears >= 0) b.set_int(in("c.arrears_months"), row, arrears);
  b.set_enum(in("c.area"), row, 1);  // rural
}

#ifdef DOCKET_WITH_LLVM

TEST(Jit, ClassifyAndEscalateAreLoweredWhole) {
  std::shared_ptr<const Program> program = classify_program();
  ASSERT_TRUE(program);
  std::shared_ptr<const detail::Evaluator> jit = detail::make_evaluator(program, EvalMode::jit);
  const detail::JitCode* code = detail::jit_code_of(*jit);
  ASSERT_NE(code, nullptr);  // --eval=jit compiles before the first answer
  const ir::Module& m = program->module();
  for (const char* name : {"classify", "escalate"}) {
    const auto index = static_cast<std::size_t>(m.find_decision(name) - m.decisions.data());
    EXPECT_EQ(code->lowering[index], detail::JitLowering::whole) << name;
    EXPECT_NE(code->masks[index], nullptr) << name;
    EXPECT_NE(code->kernels[index], nullptr) << name;
  }
  EXPECT_EQ(code->count(detail::JitLowering::whole), 2U);
  EXPECT_GT(code->compile_ms, 0.0);
}

TEST(Jit, AutoStartsCompiledAndSwitchesWhenTheCodeIsReady) {
  std::shared_ptr<const Program> program = classify_program();
  ASSERT_TRUE(program);
  const CompiledDecision d(program, "classify", EvalMode::automatic);
  std::shared_ptr<const detail::Evaluator> seam = detail::make_evaluator(program, EvalMode::automatic);
  EXPECT_EQ(seam->mode(), EvalMode::jit);
  // Batches tier up: nothing is compiled until kJitTierUpRows rows have run compiled.
  constexpr std::size_t kRows = 250'000;
  InputBatch batch(d);
  batch.resize(kRows);
  for (std::size_t r = 0; r < kRows; ++r) fill(d, batch, r, r % 3 == 0 ? 220.0 : 0.38, static_cast<std::int64_t>(r % 13));
  OutputBatch out;
  d.evaluate(batch, out);
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  EXPECT_FALSE(d.jit_ready()) << "compiled before the tier-up";
  std::uint64_t run = kRows;
  for (; run < detail::kJitTierUpRows; run += kRows) d.evaluate(batch, out);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while ((!d.jit_ready() || detail::jit_code_of(*seam) == nullptr) && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  EXPECT_TRUE(d.jit_ready()) << run << " rows run";
  EXPECT_NE(detail::jit_code_of(*seam), nullptr);
  const CompiledDecision compiled(program, "classify", EvalMode::compiled);
  EXPECT_FALSE(compiled.jit_ready());
}

TEST(Jit, RowsTheKernelLeavesAnswerAsTheCompiledPath) {
  std::shared_ptr<const Program> program = classify_program();
  ASSERT_TRUE(program);
  const CompiledDecision jit(program, "classify", EvalMode::jit);
  const CompiledDecision compiled(program, "classify", EvalMode::compiled);
  ASSERT_TRUE(jit.jit_ready());
  // 700 rows (the vectorised loop and its remainder); every 7th misses arrears_months, which the
  // table reads and escalate(c) needs: the interpreter's error, through the compiled path.
  constexpr std::size_t kRows = 700;
  OutputBatch by_jit;
  OutputBatch by_compiled;
  for (const CompiledDecision* by : {&jit, &compiled}) {
    InputBatch batch(*by);
    batch.resize(kRows);
    for (std::size_t r = 0; r < kRows; ++r) {
      fill(*by, batch, r, r % 3 == 0 ? 220.0 : 0.38, r % 7 == 0 ? -1 : static_cast<std::int64_t>(r % 13));
    }
    by->evaluate(batch, by == &jit ? by_jit : by_compiled);
  }
  std::size_t failed = 0;
  for (std::size_t r = 0; r < kRows; ++r) {
    ASSERT_EQ(by_jit.ok(r), by_compiled.ok(r)) << r;
    EXPECT_EQ(by_jit.error(r), by_compiled.error(r)) << r;
    EXPECT_EQ(by_jit.rule(r), by_compiled.rule(r)) << r;
    if (!by_jit.ok(r)) {
      ++failed;
      continue;
    }
    for (std::size_t k = 0; k < by_jit.columns().size(); ++k) EXPECT_EQ(by_jit.value(k, r), by_compiled.value(k, r)) << r;
  }
  EXPECT_EQ(failed, (kRows + 6) / 7);
  EXPECT_NE(by_compiled.error(0).find("arrears_months"), std::string_view::npos) << by_compiled.error(0);
}

#else

TEST(Jit, RefusedInABuildWithoutLlvm) {
  std::shared_ptr<const Program> program = classify_program();
  ASSERT_TRUE(program);
  EXPECT_FALSE(jit_available());
  EXPECT_THROW(CompiledDecision(program, "classify", EvalMode::jit), std::invalid_argument);
  EXPECT_THROW((void)detail::make_evaluator(program, EvalMode::jit), std::invalid_argument);
  const CompiledDecision automatic(program, "classify", EvalMode::automatic);  // compiled, in this build
  EXPECT_FALSE(automatic.jit_ready());
  EXPECT_EQ(detail::make_evaluator(program, EvalMode::automatic)->mode(), EvalMode::compiled);
}

#endif

TEST(Jit, BatchesAreRefusedUnderInterp) {
  std::shared_ptr<const Program> program = classify_program();
  ASSERT_TRUE(program);
  EXPECT_THROW(CompiledDecision(program, "classify", EvalMode::interp), std::invalid_argument);
}

}  // namespace
}  // namespace docket
