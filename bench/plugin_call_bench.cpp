// The cost of a plugin function call (through the C ABI) next to a built-in of the same signature.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "bench_support.hpp"
#include "docket/core/plugin_host.hpp"

namespace docket::bench {
namespace {

// bench.add from bench_plugin.so, and builtin.add: both add two ints, both called the way the
// interpreter calls every function (Function::call on a span of argument values).
const FunctionRegistry& registry() {
  static const FunctionRegistry* r = [] {
    auto* out = new FunctionRegistry();
    out->add(FunctionSignature{"builtin.add", {Type::integer(), Type::integer()}, Type::integer(), "builtin"},
             [](std::span<const Value> args) { return Value(args[0].as_int() + args[1].as_int()); });
    std::string error;
    if (!load_plugin(DOCKET_BENCH_PLUGIN, *out, error)) fail(error);
    return out;
  }();
  return *r;
}

void run(benchmark::State& state, const char* name) {
  const Function* fn = registry().find(name);
  std::vector<Value> args{Value(std::int64_t{40}), Value(std::int64_t{2})};
  for (auto _ : state) {
    Value v = fn->call(args);
    benchmark::DoNotOptimize(v);
    args[0] = Value(args[0].as_int() ^ 1);  // keep the argument changing
  }
}

void BM_Call_Builtin(benchmark::State& state) { run(state, "builtin.add"); }
void BM_Call_Plugin(benchmark::State& state) { run(state, "bench.add"); }

BENCHMARK(BM_Call_Builtin);
BENCHMARK(BM_Call_Plugin);

}  // namespace
}  // namespace docket::bench
