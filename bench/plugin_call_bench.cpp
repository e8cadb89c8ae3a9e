// The cost of a plugin function call (through the C ABI) next to a built-in of the same signature, in
// this process and isolated in a helper process (a round trip over a socket per call).
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

// The same bench.add, loaded with PluginIsolation::process: every call crosses to docket-plugin-host.
const FunctionRegistry& isolated_registry() {
  static const FunctionRegistry* r = [] {
    auto* out = new FunctionRegistry();
    PluginRequest request;
    request.path = DOCKET_BENCH_PLUGIN;
    request.isolation.mode = PluginIsolation::process;
    request.isolation.helper = DOCKET_PLUGIN_HOST;
    std::string error;
    if (!load_plugin(request, PluginTargets{out, nullptr, nullptr}, error)) fail(error);
    return out;
  }();
  return *r;
}

void run(benchmark::State& state, const char* name, const FunctionRegistry& functions = registry()) {
  const Function* fn = functions.find(name);
  std::vector<Value> args{Value(std::int64_t{40}), Value(std::int64_t{2})};
  for (auto _ : state) {
    Value v = fn->call(args);
    benchmark::DoNotOptimize(v);
    args[0] = Value(args[0].as_int() ^ 1);  // keep the argument changing
  }
}

void BM_Call_Builtin(benchmark::State& state) { run(state, "builtin.add"); }
void BM_Call_Plugin(benchmark::State& state) { run(state, "bench.add"); }

void BM_Call_PluginIsolated(benchmark::State& state) { run(state, "bench.add", isolated_registry()); }

BENCHMARK(BM_Call_Builtin);
BENCHMARK(BM_Call_Plugin);
BENCHMARK(BM_Call_PluginIsolated);

}  // namespace
}  // namespace docket::bench
