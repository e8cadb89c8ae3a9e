// Decision tables: the policies that answer with several rows (output order, rule order, collect) or aggregate them.
#include <gtest/gtest.h>

#include <limits>

#include "eval/value_check.hpp"
#include "table_fixture.hpp"

namespace docket {
namespace {

using namespace docket::test;
using ir::BinaryOp;
using ir::HitPolicy;

class TableCollectTest : public TableTest {
 protected:
  // table <name>(kv: number, area: Area) -> <type>, with one output per row as given:
  //   kv >= 10 | -       -> outputs[0]
  //   -        | remote  -> outputs[1]
  //   kv >= 110| -       -> outputs[2]
  //   -        | -       -> outputs[3]   (only when four outputs are given)
  std::uint32_t works(std::string name, HitPolicy hit, Type type, std::vector<ir::ExprPtr> outputs) {
    TableBuilder t(module, std::move(name), hit);
    t.param("kv", Type::number()).param("area", area_t());
    t.column("kv", param(0, Type::number())).column("area", param(1, area_t()));
    t.output("out", type);
    t.row(cells(compare_cell(BinaryOp::ge, int_lit(10)), any_cell()), exprs(std::move(outputs.at(0))));
    t.row(cells(any_cell(), eq_cell(area_lit("remote"))), exprs(std::move(outputs.at(1))));
    t.row(cells(compare_cell(BinaryOp::ge, int_lit(110)), any_cell()), exprs(std::move(outputs.at(2))));
    if (outputs.size() > 3) t.row(cells(any_cell(), any_cell()), exprs(std::move(outputs.at(3))));
    return t.build();
  }
  std::uint32_t checks(HitPolicy hit, bool with_catch_all) {
    std::vector<ir::ExprPtr> out = exprs(text_lit("permit"), text_lit("travel"), text_lit("grid study"));
    if (with_catch_all) out.push_back(text_lit("survey"));
    return works("checks", hit, Type::text(), std::move(out));
  }
};

TEST_F(TableCollectTest, OutputOrderRanksRowsByTheirFirstOutputStably) {
  std::uint32_t t = escalation(HitPolicy::output_order);
  Value all = answer(t, {std::int64_t{40}, true});
  EXPECT_EQ(items(all), (std::vector<std::string>{"escalation result { urgency: critical, team: \"director\" }",
                                                  "escalation result { urgency: high, team: \"lead\" }",
                                                  "escalation result { urgency: high, team: \"vip desk\" }",
                                                  "escalation result { urgency: normal, team: \"desk\" }"}));
  EXPECT_TRUE(answer(t, {std::int64_t{0}, false}).as_list().empty());
}

TEST_F(TableCollectTest, OutputOrderWithOneEnumOutputGivesAListOfEnums) {
  // table flags(days: int) -> Urgency, output order: >= 1 normal | >= 30 critical | >= 5 high
  TableBuilder b(module, "flags", HitPolicy::output_order);
  b.param("days", Type::integer()).column("days", param(0, Type::integer())).output("u", urgency_t());
  b.row(cells(compare_cell(BinaryOp::ge, int_lit(1))), exprs(urgency_lit("normal")));
  b.row(cells(compare_cell(BinaryOp::ge, int_lit(30))), exprs(urgency_lit("critical")));
  b.row(cells(compare_cell(BinaryOp::ge, int_lit(5))), exprs(urgency_lit("high")));
  std::uint32_t t = b.build();
  EXPECT_EQ(items(answer(t, {std::int64_t{31}})), (std::vector<std::string>{"critical", "high", "normal"}));
  EXPECT_EQ(items(answer(t, {std::int64_t{6}})), (std::vector<std::string>{"high", "normal"}));
}

TEST_F(TableCollectTest, RuleOrderAndCollectListEveryMatchInSourceOrder) {
  std::uint32_t rule_order = checks(HitPolicy::rule_order, true);
  EXPECT_EQ(items(answer(rule_order, {220.0, area("remote")})),
            (std::vector<std::string>{"\"permit\"", "\"travel\"", "\"grid study\"", "\"survey\""}));
  EXPECT_EQ(items(answer(rule_order, {0.4, area("urban")})), (std::vector<std::string>{"\"survey\""}));
  std::uint32_t collect = checks(HitPolicy::collect, false);
  EXPECT_EQ(items(answer(collect, {35.0, area("remote")})), (std::vector<std::string>{"\"permit\"", "\"travel\""}));
  EXPECT_TRUE(answer(collect, {0.4, area("urban")}).as_list().empty());
  EXPECT_EQ(module.decisions[collect].result.name(), "list of text");
  EXPECT_EQ(detail::value_type_name(answer(collect, {35.0, area("urban")})), "list");
}

TEST_F(TableCollectTest, CollectSumOfIntsStaysInt) {
  std::uint32_t t =
      works("fees", HitPolicy::collect_sum, Type::integer(), exprs(int_lit(100), int_lit(30), int_lit(250)));
  Value sum = answer(t, {220.0, area("remote")});
  ASSERT_TRUE(sum.holds<std::int64_t>());
  EXPECT_EQ(sum.as_int(), 380);
  EXPECT_EQ(answer(t, {35.0, area("urban")}).as_int(), 100);
  Value none = answer(t, {0.4, area("urban")});
  ASSERT_TRUE(none.holds<std::int64_t>());
  EXPECT_EQ(none.as_int(), 0);
}

TEST_F(TableCollectTest, CollectSumOfNumbersIsANumber) {
  std::uint32_t t = works("hours", HitPolicy::collect_sum, Type::number(),
                          exprs(num_lit(1.5), lit(std::int64_t{2}, Type::number()), num_lit(0.25)));
  Value sum = answer(t, {220.0, area("remote")});
  ASSERT_TRUE(sum.holds<double>());
  EXPECT_EQ(sum.as_number(), 3.75);
  Value one_int = answer(t, {0.4, area("remote")});  // only the int-valued row
  ASSERT_TRUE(one_int.holds<double>());
  EXPECT_EQ(one_int.as_number(), 2.0);
  Value none = answer(t, {0.4, area("rural")});
  ASSERT_TRUE(none.holds<double>());
  EXPECT_EQ(none.as_number(), 0.0);
}

TEST_F(TableCollectTest, CollectSumOverflowIsAnError) {
  constexpr std::int64_t big = std::numeric_limits<std::int64_t>::max();
  std::uint32_t t = works("big", HitPolicy::collect_sum, Type::integer(), exprs(int_lit(big), int_lit(1), int_lit(0)));
  EXPECT_EQ(answer(t, {35.0, area("urban")}).as_int(), big);
  EXPECT_EQ(error_of(t, {35.0, area("remote")}), "arithmetic overflow in 9223372036854775807 + 1");
}

TEST_F(TableCollectTest, CollectSumOfDurationsKeepsTheirUnit) {
  std::uint32_t t = works("lead_time", HitPolicy::collect_sum, Type::duration(),
                          exprs(dur_lit(2, DurationUnit::workdays), dur_lit(3, DurationUnit::workdays),
                                dur_lit(5, DurationUnit::workdays)));
  EXPECT_EQ(answer(t, {220.0, area("remote")}).as_duration(), (Duration{10, DurationUnit::workdays}));
  EXPECT_EQ(answer(t, {0.4, area("urban")}).as_duration(), (Duration{0, DurationUnit::workdays}));
}

TEST_F(TableCollectTest, CollectCountCountsMatchingRows) {
  std::uint32_t t = checks(HitPolicy::collect_count, false);
  EXPECT_EQ(answer(t, {220.0, area("remote")}).as_int(), 3);
  EXPECT_EQ(answer(t, {35.0, area("rural")}).as_int(), 1);
  EXPECT_EQ(answer(t, {0.4, area("urban")}).as_int(), 0);
  EXPECT_EQ(module.decisions[t].result, Type::integer());
}

TEST_F(TableCollectTest, CollectMinAndMaxOfInts) {
  auto fees = [this](HitPolicy hit) {
    return works("fee", hit, Type::integer(), exprs(int_lit(100), int_lit(-30), int_lit(250)));
  };
  std::uint32_t min = fees(HitPolicy::collect_min);
  std::uint32_t max = fees(HitPolicy::collect_max);
  EXPECT_EQ(answer(min, {220.0, area("remote")}).as_int(), -30);
  EXPECT_EQ(answer(max, {220.0, area("remote")}).as_int(), 250);
  EXPECT_EQ(answer(min, {220.0, area("urban")}).as_int(), 100);
  EXPECT_EQ(answer(max, {35.0, area("urban")}).as_int(), 100);
}

TEST_F(TableCollectTest, CollectMinAndMaxOfTextAndEnums) {
  std::uint32_t text_min = checks(HitPolicy::collect_min, false);
  EXPECT_EQ(answer(text_min, {220.0, area("remote")}).as_text(), "grid study");
  std::uint32_t latest = works("urgency", HitPolicy::collect_max, urgency_t(),
                               exprs(urgency_lit("high"), urgency_lit("normal"), urgency_lit("critical")));
  EXPECT_EQ(answer(latest, {220.0, area("urban")}), urgency("high"));  // high and critical: high comes later
  EXPECT_EQ(answer(latest, {220.0, area("remote")}), urgency("normal"));
}

TEST_F(TableCollectTest, CollectMinOfNothingIsAnError) {
  std::uint32_t t = checks(HitPolicy::collect_min, false);
  EXPECT_EQ(error_of(t, {0.4, area("urban")}),
            "no row of table `checks` matches, so collect min has no value: kv = 0.4, area = urban");
  std::uint32_t max = checks(HitPolicy::collect_max, false);
  EXPECT_EQ(error_of(max, {0.4, area("rural")}),
            "no row of table `checks` matches, so collect max has no value: kv = 0.4, area = rural");
}

TEST_F(TableCollectTest, AListAnswerFlowsIntoACallingDecision) {
  // decision effort(kv: number, area: Area) -> int { otherwise checks(kv, area) * 10 }, checks: collect count
  std::uint32_t count = checks(HitPolicy::collect_count, true);
  ir::Decision& d = module.decisions.emplace_back();
  d.name = "effort";
  d.params = {{"kv", Type::number(), {}}, {"area", area_t(), {}}};
  d.result = Type::integer();
  ir::ExprPtr call = call_decision(count, Type::integer(), param(0, Type::number()), param(1, area_t()));
  d.otherwise = binary(BinaryOp::mul, std::move(call), int_lit(10), Type::integer());
  const auto effort = static_cast<std::uint32_t>(module.decisions.size() - 1);
  EXPECT_EQ(answer(effort, {220.0, area("remote")}).as_int(), 40);
  EXPECT_EQ(answer(effort, {0.4, area("rural")}).as_int(), 10);
}

}  // namespace
}  // namespace docket
