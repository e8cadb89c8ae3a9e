// The `segment` decision of examples/95598/customers.dkt: docket's interpreter vs a hand-written if-chain.
#include <benchmark/benchmark.h>

#include <array>
#include <cstdint>
#include <map>
#include <random>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "bench_support.hpp"
#include "docket/core/compiled_decision.hpp"
#include "eval/interpreter.hpp"  // the reference interpreter is private to core

namespace docket::bench {
namespace {

// The members of Tariff and Area in customers.dkt, in declaration order.
enum class Tariff : std::uint8_t {
  residential, non_residential, commercial, non_industrial, industrial, large_industrial, agricultural, wholesale
};
constexpr std::array<const char*, 8> kTariffNames{"residential", "non_residential", "commercial", "non_industrial",
                                                  "industrial",  "large_industrial", "agricultural", "wholesale"};
enum class Area : std::uint8_t { urban, rural, remote };
constexpr std::array<const char*, 3> kAreaNames{"urban", "rural", "remote"};

// record Customer, as a hand-written program would hold it.
struct Customer {
  std::string id;
  double voltage_kv = 0;
  Tariff tariff = Tariff::residential;
  bool dual_source = false;
  bool important = false;
  std::int64_t load_level = 3;
  double contract_kva = 0;
  Area area = Area::urban;
  std::string grade = "C";
};

// The same rules as `decision segment`, written by hand.
std::string_view segment_by_hand(const Customer& c) {
  if (c.important && c.load_level == 1) return "critical";
  if (c.voltage_kv >= 110) return "transmission";
  if (c.voltage_kv >= 10 && c.dual_source) return "hv_dual";
  if (c.voltage_kv >= 10) return "hv_single";
  if (c.tariff == Tariff::residential && c.area == Area::rural) return "lv_res_rural";
  if (c.tariff == Tariff::residential) return "lv_res_urban";
  return "lv_other";
}

// Deterministic customers. Voltages sit exactly on the rules' edges (10 and 110 kV) as well as
// between them, so an off-by-one comparison changes the answer for many rows.
std::vector<Customer> generate_customers(std::size_t n) {
  std::mt19937_64 rng(20261123);
  constexpr std::array<double, 8> kVoltages{0.22, 0.38, 6.3, 10.0, 35.0, 109.9, 110.0, 220.0};
  auto pick = [&rng](std::size_t size) { return static_cast<std::size_t>(rng() % size); };
  auto chance = [&rng](unsigned percent) { return rng() % 100 < percent; };
  std::vector<Customer> out;
  out.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    Customer c;
    c.id = "C" + std::to_string(i);
    c.voltage_kv = kVoltages[pick(kVoltages.size())];
    c.tariff = static_cast<Tariff>(pick(kTariffNames.size()));
    c.dual_source = chance(30);
    c.important = chance(10);
    c.load_level = static_cast<std::int64_t>(1 + pick(3));
    c.contract_kva = static_cast<double>(1 + pick(50000));
    c.area = static_cast<Area>(pick(kAreaNames.size()));
    c.grade = std::string(1, "ABC"[pick(3)]);
    out.push_back(std::move(c));
  }
  return out;
}

// The compiled example and the customers as docket values (converted before timing: the
// benchmark measures evaluation on loaded data, not input conversion).
struct DocketSide {
  FunctionRegistry functions;
  std::shared_ptr<const Program> program;
  // `segment` calls no host function, so an interpreter over the lowered module needs no bindings.
  detail::FunctionBindings no_bindings;
  std::unique_ptr<detail::Interpreter> interpreter;
  std::unique_ptr<CompiledDecision> compiled;
  std::size_t segment = 0;
  std::vector<Value> customers;

  explicit DocketSide(const std::vector<Customer>& plain) {
    program = load_example({"customers.dkt"}, functions);
    const ir::Module& m = program->module();
    const ir::Decision* d = m.find_decision("segment");
    const RecordDef* record = m.find_record("Customer");
    const EnumDef* tariff = m.find_enum("Tariff");
    const EnumDef* area = m.find_enum("Area");
    if (d == nullptr || record == nullptr || tariff == nullptr || area == nullptr) {
      fail("customers.dkt no longer declares segment, Customer, Tariff and Area");
    }
    segment = static_cast<std::size_t>(d - m.decisions.data());
    interpreter = std::make_unique<detail::Interpreter>(m, no_bindings);
    compiled = std::make_unique<CompiledDecision>(program, "segment");
    auto member = [](const EnumDef* def, const char* name) {
      std::optional<std::uint32_t> i = def->find(name);
      if (!i) fail(std::string("enum ") + def->name + " has no member " + name);
      return EnumValue{def, *i};
    };
    customers.reserve(plain.size());
    for (const Customer& c : plain) {
      auto r = std::make_shared<RecordValue>();
      r->def = record;
      r->fields = {Value(c.id),
                   Value(c.voltage_kv),
                   Value(member(tariff, kTariffNames[static_cast<std::size_t>(c.tariff)])),
                   Value(c.dual_source),
                   Value(c.important),
                   Value(c.load_level),
                   Value(c.contract_kva),
                   Value(member(area, kAreaNames[static_cast<std::size_t>(c.area)])),
                   Value(c.grade)};
      if (r->fields.size() != record->fields.size()) fail("record Customer changed shape in customers.dkt");
      customers.emplace_back(Value::Record(std::move(r)));
    }
  }

  [[nodiscard]] Value decide(std::size_t i) const {
    return interpreter->decide(segment, std::span<const Value>(&customers[i], 1)).value;
  }
  [[nodiscard]] Value decide_compiled(std::size_t i) const {
    return compiled->evaluate(std::span<const Value>(&customers[i], 1));
  }
};

constexpr std::size_t kCustomers = 100'000;

struct Fixture {
  std::vector<Customer> plain = generate_customers(kCustomers);
  DocketSide docket{plain};
  bool checked = false;

  // Once: docket and the hand-written chain agree on every customer, and every rule fires somewhere.
  void check_once(benchmark::State& state) {
    if (checked) return;
    std::map<std::string, std::size_t, std::less<>> hits;
    for (std::size_t i = 0; i < plain.size(); ++i) {
      const std::string_view expected = segment_by_hand(plain[i]);
      const Value got = docket.decide(i);
      const Value compiled = docket.decide_compiled(i);
      if (!got.holds<std::string>() || got.as_text() != expected || !(compiled == got)) {
        state.SkipWithError(("docket and the hand-written chain disagree on customer " + plain[i].id + ": " +
                             to_string(got) + " vs " + std::string(expected)).c_str());
        return;
      }
      ++hits[std::string(expected)];
    }
    if (hits.size() != 7) {
      state.SkipWithError("the generated customers do not reach all seven answers of segment");
      return;
    }
    checked = true;
  }
};

Fixture& fixture() {
  static Fixture f;
  return f;
}

// One iteration classifies every customer once; items are customers.
void BM_Segment_Docket(benchmark::State& state) {
  Fixture& f = fixture();
  f.check_once(state);
  if (!f.checked) return;
  for (auto _ : state) {
    std::size_t length = 0;
    for (std::size_t i = 0; i < kCustomers; ++i) length += f.docket.decide(i).as_text().size();
    benchmark::DoNotOptimize(length);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(kCustomers));
}
BENCHMARK(BM_Segment_Docket)->Unit(benchmark::kMillisecond);

// The same on the compiled evaluator, one call per customer on the same values.
void BM_Segment_Compiled(benchmark::State& state) {
  Fixture& f = fixture();
  f.check_once(state);
  if (!f.checked) return;
  for (auto _ : state) {
    std::size_t length = 0;
    for (std::size_t i = 0; i < kCustomers; ++i) length += f.docket.decide_compiled(i).as_text().size();
    benchmark::DoNotOptimize(length);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(kCustomers));
}
BENCHMARK(BM_Segment_Compiled)->Unit(benchmark::kMillisecond);

void BM_Segment_HandWritten(benchmark::State& state) {
  Fixture& f = fixture();
  f.check_once(state);
  if (!f.checked) return;
  for (auto _ : state) {
    std::size_t length = 0;
    for (std::size_t i = 0; i < kCustomers; ++i) length += segment_by_hand(f.plain[i]).size();
    benchmark::DoNotOptimize(length);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(kCustomers));
}
BENCHMARK(BM_Segment_HandWritten)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace docket::bench
