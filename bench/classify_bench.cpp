// Issue 4's "classify" workload: bench/classify.dkt through the compiled evaluator (batches and
// one call at a time), the LLVM JIT's batch kernel (when built) and the interpreter, against the same
// rules as a hand-written if-chain.
#include <benchmark/benchmark.h>

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <random>
#include <set>
#include <span>
#include <string>
#include <vector>

#include "bench_support.hpp"
#include "classify_by_hand.hpp"
#include "docket/core/compiled_decision.hpp"
#include "docket/core/eval_mode.hpp"
#include "eval/interpreter.hpp"  // the reference interpreter, for its figure
#include "lower/program_evaluators.hpp"

namespace docket::bench {
namespace {

using namespace by_hand;  // classify_by_hand.hpp: the hand-written rules

// Deterministic customers; contract_kva and monthly_kwh sit on the rules' edges (100, 10000) and
// next to them in a quarter of the rows, voltages on the 10, 35 and 110 kV edges.
std::vector<Customer> generate_customers(std::size_t n) {
  std::mt19937_64 rng(4);
  constexpr std::array<double, 6> kVoltages{0.22, 0.38, 10.0, 35.0, 110.0, 220.0};
  auto pick = [&rng](std::uint64_t size) { return rng() % size; };
  auto near = [&](std::int64_t edge, std::int64_t low, std::int64_t high) {
    switch (pick(8)) {
      case 0: return edge;
      case 1: return edge - 1;
      case 2: return edge + 1;
      default: return low + static_cast<std::int64_t>(pick(static_cast<std::uint64_t>(high - low + 1)));
    }
  };
  std::vector<Customer> out(n);
  for (std::size_t i = 0; i < n; ++i) {
    Customer& c = out[i];
    c.id = static_cast<std::int64_t>(i);
    c.voltage_kv = kVoltages[pick(kVoltages.size())];
    c.tariff = static_cast<Tariff>(pick(kTariffs));
    c.dual_source = pick(100) < 30;
    c.important = pick(100) < 10;
    c.load_level = 1 + static_cast<std::int64_t>(pick(3));
    c.contract_kva = near(100, 1, 50000);
    c.monthly_kwh = near(10000, 0, 5'000'000);
    c.arrears_months = static_cast<std::int64_t>(pick(13));
    c.area = static_cast<Area>(pick(2));
  }
  return out;
}

constexpr std::size_t kRecords = 1'000'000;
constexpr std::size_t kSingleRecords = 100'000;  // one-call and interpreter runs (slower) use the first ones

struct ClassifyFixture {
  std::vector<Customer> plain = generate_customers(kRecords);
  std::vector<Classification> by_hand = std::vector<Classification>(kRecords);
  FunctionRegistry functions;
  std::shared_ptr<const Program> program = load_program(DOCKET_BENCH_DIR "/classify.dkt", functions);
  CompiledDecision compiled{program, "classify"};
  InputBatch batch{compiled};
  OutputBatch out;
  // The JIT's batch kernel (a build with LLVM): compiled synchronously, its time kept for the report.
  std::optional<CompiledDecision> jit;
  std::optional<InputBatch> jit_batch;
  OutputBatch jit_out;
  double jit_compile_ms = 0;
  std::vector<Value> values;  // the customers as docket records (for one-call and interpreter runs)
  std::size_t table_index = 0;
  bool checked = false;

  ClassifyFixture() {
    const ir::Module& m = program->module();
    table_index = static_cast<std::size_t>(m.find_decision("classify") - m.decisions.data());
    const RecordDef* record = m.find_record("Customer");
    const EnumDef* tariff = m.find_enum("Tariff");
    const EnumDef* area = m.find_enum("Area");
    auto input = [this](const char* path) {
      std::optional<std::size_t> i = compiled.find_input(path);
      if (!i) fail(std::string("classify reads no input ") + path);
      return *i;
    };
    const std::size_t voltage = input("c.voltage_kv"), tariff_in = input("c.tariff"), dual = input("c.dual_source"),
                      important = input("c.important"), load = input("c.load_level"), kva = input("c.contract_kva"),
                      kwh = input("c.monthly_kwh"), arrears = input("c.arrears_months"), area_in = input("c.area");
    if (compiled.inputs().size() != 9) fail("classify should read exactly nine inputs");
    auto fill = [&](InputBatch& b) {
      b.resize(kRecords);
      for (std::size_t r = 0; r < kRecords; ++r) {
        const Customer& c = plain[r];
        b.set_number(voltage, r, c.voltage_kv);
        b.set_enum(tariff_in, r, static_cast<std::uint32_t>(c.tariff));
        b.set_bool(dual, r, c.dual_source);
        b.set_bool(important, r, c.important);
        b.set_int(load, r, c.load_level);
        b.set_int(kva, r, c.contract_kva);
        b.set_int(kwh, r, c.monthly_kwh);
        b.set_int(arrears, r, c.arrears_months);
        b.set_enum(area_in, r, static_cast<std::uint32_t>(c.area));
      }
    };
    fill(batch);
    if (jit_available()) {
      const auto started = std::chrono::steady_clock::now();
      jit.emplace(program, "classify", EvalMode::jit);
      jit_compile_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
      if (!jit->jit_ready()) fail("the JIT made no batch kernel for classify");
      jit_batch.emplace(*jit);
      fill(*jit_batch);  // the same inputs, in the same order as compiled.inputs()
    }
    for (std::size_t r = 0; r < kSingleRecords; ++r) {
      const Customer& c = plain[r];
      auto v = std::make_shared<RecordValue>();
      v->def = record;
      v->fields = {Value(c.id),
                   Value(c.voltage_kv),
                   Value(EnumValue{tariff, static_cast<std::uint32_t>(c.tariff)}),
                   Value(c.dual_source),
                   Value(c.important),
                   Value(c.load_level),
                   Value(c.contract_kva),
                   Value(c.monthly_kwh),
                   Value(c.arrears_months),
                   Value(EnumValue{area, static_cast<std::uint32_t>(c.area)})};
      values.emplace_back(Value::Record(std::move(v)));
    }
  }

  // Once: the batch, one-call and interpreter answers equal the hand-written ones on every record,
  // and all twelve segments occur.
  void check_once(benchmark::State& state) {
    if (checked) return;
    compiled.evaluate(batch, out);
    if (jit) jit->evaluate(*jit_batch, jit_out);
    std::set<Segment> seen;
    for (std::size_t r = 0; r < kRecords; ++r) {
      const Classification want = classify_by_hand(plain[r]);
      seen.insert(want.segment);
      const bool same = out.ok(r) && out.enum_index(0, r) == static_cast<std::uint32_t>(want.segment) &&
                        out.duration(1, r) == Duration{want.install_workdays, DurationUnit::workdays} &&
                        out.integer(2, r) == want.priority && out.boolean(3, r) == want.escalate;
      if (!same) {
        state.SkipWithError(("compiled batch and the hand-written chain disagree on record " + std::to_string(r)).c_str());
        return;
      }
      if (jit && !(jit_out.ok(r) && jit_out.rule(r) == out.rule(r) &&
                   jit_out.enum_index(0, r) == out.enum_index(0, r) && jit_out.duration(1, r) == out.duration(1, r) &&
                   jit_out.integer(2, r) == out.integer(2, r) && jit_out.boolean(3, r) == out.boolean(3, r))) {
        state.SkipWithError(("the JIT batch and the compiled batch disagree on record " + std::to_string(r)).c_str());
        return;
      }
      if (r < kSingleRecords) {
        const Value one = compiled.evaluate(std::span<const Value>(&values[r], 1));
        const Value ref = detail::reference_interpreter(*program).decide(table_index, std::span<const Value>(&values[r], 1)).value;
        if (!(one == ref) || one.as_record().fields[0].as_enum().index != static_cast<std::uint32_t>(want.segment)) {
          state.SkipWithError(("one call, interpreter and hand-written disagree on record " + std::to_string(r)).c_str());
          return;
        }
      }
    }
    if (seen.size() != kSegments) {
      state.SkipWithError("the generated customers do not reach all twelve segments");
      return;
    }
    checked = true;
  }
};

ClassifyFixture& fixture() {
  static ClassifyFixture f;
  return f;
}

// Items are records.
void BM_Classify_HandWritten(benchmark::State& state) {
  ClassifyFixture& f = fixture();
  f.check_once(state);
  if (!f.checked) return;
  for (auto _ : state) {
    for (std::size_t r = 0; r < kRecords; ++r) f.by_hand[r] = classify_by_hand(f.plain[r]);
    benchmark::DoNotOptimize(f.by_hand.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(kRecords));
}
BENCHMARK(BM_Classify_HandWritten)->Unit(benchmark::kMillisecond);

void BM_Classify_DocketBatch(benchmark::State& state) {
  ClassifyFixture& f = fixture();
  f.check_once(state);
  if (!f.checked) return;
  for (auto _ : state) {
    f.compiled.evaluate(f.batch, f.out);
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(kRecords));
}
BENCHMARK(BM_Classify_DocketBatch)->Unit(benchmark::kMillisecond);

// The JIT's batch kernel on the same batch (skipped in a build without LLVM).
void BM_Classify_DocketJitBatch(benchmark::State& state) {
  ClassifyFixture& f = fixture();
  if (!f.jit) {
    state.SkipWithError("this build has no JIT (DOCKET_WITH_LLVM=OFF)");
    return;
  }
  f.check_once(state);
  if (!f.checked) return;
  for (auto _ : state) {
    f.jit->evaluate(*f.jit_batch, f.jit_out);
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(kRecords));
  state.counters["compile_ms"] = f.jit_compile_ms;
}
BENCHMARK(BM_Classify_DocketJitBatch)->Unit(benchmark::kMillisecond);

void BM_Classify_DocketOneCall(benchmark::State& state) {
  ClassifyFixture& f = fixture();
  f.check_once(state);
  if (!f.checked) return;
  for (auto _ : state) {
    for (std::size_t r = 0; r < kSingleRecords; ++r) {
      benchmark::DoNotOptimize(f.compiled.evaluate(std::span<const Value>(&f.values[r], 1)));
    }
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(kSingleRecords));
}
BENCHMARK(BM_Classify_DocketOneCall)->Unit(benchmark::kMillisecond);

void BM_Classify_Interpreter(benchmark::State& state) {
  ClassifyFixture& f = fixture();
  f.check_once(state);
  if (!f.checked) return;
  const detail::Interpreter interpreter = detail::reference_interpreter(*f.program);
  for (auto _ : state) {
    for (std::size_t r = 0; r < kSingleRecords; ++r) {
      benchmark::DoNotOptimize(interpreter.decide(f.table_index, std::span<const Value>(&f.values[r], 1)));
    }
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(kSingleRecords));
}
BENCHMARK(BM_Classify_Interpreter)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace docket::bench
