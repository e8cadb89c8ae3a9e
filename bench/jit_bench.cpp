// The JIT's compile latency: a generated 1,000-row `first` table (ints, numbers, enums, bools) compiled
// to a CompiledDecision with and without the JIT; the difference is what LLVM costs.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <random>
#include <string>

#include "bench_support.hpp"
#include "docket/core/compiled_decision.hpp"
#include "docket/core/eval_mode.hpp"

namespace docket::bench {
namespace {

constexpr int kRows = 1000;

// module big: table rate(t: Tariff) -> (band, fee) over five columns, kRows rows of seeded literals.
std::string big_table() {
  std::mt19937_64 rng(16);
  auto pick = [&rng](std::uint64_t n) { return rng() % n; };
  std::string text =
      "module big\n\nenum Region { north, south, east, west, central }\n\n"
      "record Meter {\n  kwh : int\n  kv : number\n  region : Region\n  smart : bool\n  age : int\n}\n\n"
      "table rate(m: Meter) -> (band: int, fee: number) {\n  hit first\n"
      "  | m.kwh | m.kv | m.region | m.smart | m.age || band | fee |\n";
  const char* regions[] = {"north", "south", "east", "west", "central"};
  for (int r = 0; r < kRows; ++r) {
    auto cell = [&](std::string c) { return pick(3) == 0 ? std::string("-") : c; };
    text += "  | " + cell(">= " + std::to_string(pick(100000))) + " | " + cell("< " + std::to_string(pick(500)) + ".5") +
            " | " + cell(regions[pick(5)]) + " | " + cell(pick(2) ? "true" : "false") + " | " +
            cell("<= " + std::to_string(pick(40))) + " || " + std::to_string(r) + " | " + std::to_string(pick(1000)) +
            ".25 |\n";
  }
  text += "  | - | - | - | - | - || -1 | 0.0 |\n}\n";
  return text;
}

std::shared_ptr<const Program> big_program() {
  static const FunctionRegistry functions;
  SourceSet sources;
  sources.add("big.dkt", big_table());
  return load_sources(sources, functions);
}

// Items are tables compiled.
void BM_Jit_Compile1000Rows_CompiledOnly(benchmark::State& state) {
  const std::shared_ptr<const Program> program = big_program();
  for (auto _ : state) benchmark::DoNotOptimize(CompiledDecision(program, "rate", EvalMode::compiled));
}
BENCHMARK(BM_Jit_Compile1000Rows_CompiledOnly)->Unit(benchmark::kMillisecond)->Iterations(5);

void BM_Jit_Compile1000Rows_WithJit(benchmark::State& state) {
  if (!jit_available()) {
    state.SkipWithError("this build has no JIT (DOCKET_WITH_LLVM=OFF)");
    return;
  }
  const std::shared_ptr<const Program> program = big_program();
  for (auto _ : state) {
    CompiledDecision d(program, "rate", EvalMode::jit);
    if (!d.jit_ready()) state.SkipWithError("the JIT made no kernel for the 1,000-row table");
    benchmark::DoNotOptimize(d);
  }
}
BENCHMARK(BM_Jit_Compile1000Rows_WithJit)->Unit(benchmark::kMillisecond)->Iterations(5);

}  // namespace
}  // namespace docket::bench
