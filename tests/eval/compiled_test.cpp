// The compiled evaluator's own behaviour: what it compiles to masks, its inputs and outputs, the
// batch API, and inputs it leaves to the interpreter.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "docket/core/compiled_decision.hpp"
#include "docket/dsl/compile.hpp"
#include "lowered.hpp"
#include "eval/compiled/plan.hpp"

namespace docket {
namespace {

using testing::lower_text;

std::string classify_source() {
  std::ifstream in(std::filesystem::path(DOCKET_SOURCE_DIR) / "bench/classify.dkt");
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

const char* const kCustomer = R"(module t
enum Area { urban, rural, remote }
record Customer { id: text  kv: number  level: int  vip: bool  area: Area  since: time }
)";

Value customer(const Program& p, double kv, std::int64_t level, bool vip, const char* area, bool with_id = true) {
  const ir::Module& m = p.module();
  auto r = std::make_shared<RecordValue>();
  r->def = m.find_record("Customer");
  r->fields = {with_id ? Value("C1") : Value(), Value(kv), Value(level), Value(vip),
               Value(EnumValue{m.find_enum("Area"), *m.find_enum("Area")->find(area)}),
               Value(Instant(std::chrono::seconds(1'760'000'000)))};
  return Value(Value::Record(std::move(r)));
}

TEST(Compiled, ClassifyTableIsAnsweredByMasksAlone) {
  std::shared_ptr<const Program> program = lower_text(classify_source());
  ASSERT_TRUE(program);
  CompiledDecision classify(program, "classify");
  const detail::Plan& plan = classify.plan();
  EXPECT_EQ(plan.masks.size(), 9U);  // every input column is cut into atoms
  EXPECT_TRUE(plan.residual_free);
  EXPECT_FALSE(plan.computed_columns);
  ASSERT_EQ(classify.outputs().size(), 4U);
  EXPECT_EQ(classify.outputs()[0].name, "segment");
  EXPECT_EQ(classify.outputs()[3].name, "escalate");
  EXPECT_TRUE(classify.find_input("c.voltage_kv"));
  EXPECT_FALSE(classify.find_input("c.id"));  // never read
  // escalate's `or` across two fields becomes two rows of its masks.
  CompiledDecision escalate(program, "escalate");
  EXPECT_EQ(escalate.plan().rows.size(), 2U);
  EXPECT_TRUE(escalate.plan().residual_free);
}

TEST(Compiled, RuleListAnswersAndRules) {
  std::shared_ptr<const Program> program = lower_text(std::string(kCustomer) + R"(
decision band(c: Customer) -> text {
  hit first
  rule when c.vip and c.level == 1                 then "critical"
  rule when c.kv >= 110                            then "transmission"
  rule when c.kv * 2 > 50 and c.area in (rural, remote) then "rural_hv"
  otherwise "other"
}
)");
  ASSERT_TRUE(program);
  CompiledDecision band(program, "band");
  auto run = [&](double kv, std::int64_t level, bool vip, const char* area) {
    Value c = customer(*program, kv, level, vip, area);
    return band.answer(std::span<const Value>(&c, 1));
  };
  EXPECT_EQ(run(10, 1, true, "urban").value, Value("critical"));
  EXPECT_EQ(run(10, 1, true, "urban").rule, std::optional<std::size_t>(0));
  EXPECT_EQ(run(110, 2, true, "urban").value, Value("transmission"));
  EXPECT_EQ(run(30, 2, false, "rural").value, Value("rural_hv"));
  EXPECT_EQ(run(30, 2, false, "urban").value, Value("other"));
  EXPECT_EQ(run(30, 2, false, "urban").rule, std::nullopt);
}

TEST(Compiled, BatchRowsFailAloneAndMissingInputsGoToTheInterpreter) {
  std::shared_ptr<const Program> program = lower_text(std::string(kCustomer) + R"(
table limit(c: Customer) -> int {
  hit first
  | c.kv   | c.area || limit |
  | >= 110 | -      || 1     |
  | >= 10  | rural  || 2     |
}
)");
  ASSERT_TRUE(program);
  CompiledDecision limit(program, "limit");
  ASSERT_EQ(limit.inputs().size(), 2U);
  const std::size_t kv = *limit.find_input("c.kv");
  const std::size_t area = *limit.find_input("c.area");
  InputBatch batch(limit);
  batch.resize(4);
  batch.set_number(kv, 0, 220);
  batch.set_enum(area, 0, 0);
  batch.set_number(kv, 1, 35);
  batch.set_enum(area, 1, 1);
  batch.set_number(kv, 2, 35);  // urban: no row matches
  batch.set_enum(area, 2, 0);
  batch.set_enum(area, 3, 1);   // kv missing
  OutputBatch out;
  limit.evaluate(batch, out);
  ASSERT_EQ(out.size(), 4U);
  EXPECT_EQ(out.integer(0, 0), 1);
  EXPECT_EQ(out.rule(0), std::optional<std::size_t>(0));
  EXPECT_EQ(out.integer(0, 1), 2);
  EXPECT_FALSE(out.ok(2));
  EXPECT_EQ(out.error(2), "no row of table `limit` matches: c.kv = 35, c.area = urban");
  EXPECT_FALSE(out.ok(3));
  EXPECT_EQ(out.error(3), "field `kv` of Customer has no value");
  EXPECT_THROW(batch.set_int(area, 0, 1), std::invalid_argument);  // an enum input
  EXPECT_THROW((void)out.text(0, 0), std::invalid_argument);       // an int output
}

TEST(Compiled, NotANumberIsComparedAsTheInterpreterDoes) {
  std::shared_ptr<const Program> program = lower_text(std::string(kCustomer) + R"(
decision high(c: Customer) -> bool {
  hit first
  rule when c.kv >= 110 then true
  rule when c.kv < 110  then false
  otherwise true
}
)");
  ASSERT_TRUE(program);
  CompiledDecision high(program, "high");
  InputBatch batch(high);
  batch.resize(1);
  batch.set_number(0, 0, std::nan(""));
  OutputBatch out;
  high.evaluate(batch, out);
  ASSERT_TRUE(out.ok(0));
  EXPECT_TRUE(out.boolean(0, 0));  // neither comparison holds for NaN: otherwise
  EXPECT_EQ(out.rule(0), std::nullopt);
}

TEST(Compiled, ThreadsShareOneCompiledDecision) {
  std::shared_ptr<const Program> program = lower_text(classify_source());
  ASSERT_TRUE(program);
  const CompiledDecision classify(program, "classify");
  const std::size_t kv = *classify.find_input("c.voltage_kv");
  // Each thread fills its own batch and must get the same answers as the others.
  auto run = [&](std::vector<std::uint32_t>& segments) {
    InputBatch batch(classify);
    batch.resize(2000);
    for (std::size_t r = 0; r < batch.size(); ++r) {
      for (std::size_t i = 0; i < classify.inputs().size(); ++i) {
        const DecisionInput& in = classify.inputs()[i];
        switch (in.type.kind()) {
          case TypeKind::boolean: batch.set_bool(i, r, (r + i) % 3 == 0); break;
          case TypeKind::integer: batch.set_int(i, r, static_cast<std::int64_t>((r * 7 + i) % 12)); break;
          case TypeKind::enumeration:
            batch.set_enum(i, r, static_cast<std::uint32_t>((r + i) % in.type.enum_def()->members.size()));
            break;
          default: break;
        }
      }
      batch.set_number(kv, r, static_cast<double>(r % 250));
    }
    OutputBatch out;
    for (int repeat = 0; repeat < 20; ++repeat) classify.evaluate(batch, out);
    for (std::size_t r = 0; r < out.size(); ++r) segments.push_back(out.ok(r) ? out.enum_index(0, r) : 99);
  };
  std::vector<std::uint32_t> a, b, c;
  std::thread t1([&] { run(a); });
  std::thread t2([&] { run(b); });
  run(c);
  t1.join();
  t2.join();
  EXPECT_EQ(a, c);
  EXPECT_EQ(b, c);
  EXPECT_EQ(std::count(c.begin(), c.end(), 99U), 0);
}

TEST(Compiled, UnknownDecisionIsRefused) {
  std::shared_ptr<const Program> program = lower_text(std::string(kCustomer) + R"(
decision one(c: Customer) -> int { hit first otherwise c.level }
)");
  ASSERT_TRUE(program);
  EXPECT_THROW(CompiledDecision(program, "two"), std::invalid_argument);
  Value c = customer(*program, 1, 7, false, "urban", false);  // id is missing but never read
  EXPECT_EQ(CompiledDecision(program, "one").evaluate(std::span<const Value>(&c, 1)), Value(std::int64_t{7}));
}

}  // namespace
}  // namespace docket
