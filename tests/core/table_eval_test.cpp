// Decision tables: cells (any, compare, range, one of), and the single-answer policies unique, any, priority, first.
#include <gtest/gtest.h>

#include <limits>

#include "table_fixture.hpp"

namespace docket {
namespace {

using namespace docket::test;
using ir::BinaryOp;
using ir::HitPolicy;

using TableEvalTest = TableTest;

TEST_F(TableEvalTest, UniqueAnswersTheOneMatchingRow) {
  std::uint32_t t = tariff(HitPolicy::unique);
  detail::DecisionResult r = decide(t, {35.0, area("remote")});
  EXPECT_EQ(r.value.as_text(), "hv rural");
  EXPECT_EQ(r.rule, 2U);
  EXPECT_EQ(answer(t, {35.0, area("urban")}).as_text(), "hv urban");
  EXPECT_EQ(answer(t, {0.4, area("rural")}).as_text(), "lv");
  EXPECT_EQ(answer(t, {220.0, area("urban")}).as_text(), "transmission");
}

TEST_F(TableEvalTest, UniqueWithNoMatchNamesTheInputs) {
  std::uint32_t t = tariff(HitPolicy::unique);
  EXPECT_EQ(error_of(t, {-1.5, area("urban")}), "no row of table `tariff` matches: kv = -1.5, area = urban");
}

TEST_F(TableEvalTest, UniqueWithTwoMatchesNamesBothRows) {
  std::uint32_t t = tariff(HitPolicy::unique);
  EXPECT_EQ(error_of(t, {220.0, area("remote")}),
            "rows 4 and 5 of table `tariff` both match, but its hit policy is unique: kv = 220, area = remote");
}

TEST_F(TableEvalTest, RangeEndsAreOpenOrClosedExactlyOnTheBoundary) {
  // table grade(score: int) -> text, unique: [95..100] "A" | [90..95) "A-" | (80..90) "B" | <= 80 "C"
  TableBuilder b(module, "grade", HitPolicy::unique);
  b.param("score", Type::integer()).column("score", param(0, Type::integer())).output("grade", Type::text());
  b.row(cells(range_cell(true, int_lit(95), int_lit(100), true)), exprs(text_lit("A")));
  b.row(cells(range_cell(true, int_lit(90), int_lit(95), false)), exprs(text_lit("A-")));
  b.row(cells(range_cell(false, int_lit(80), int_lit(90), false)), exprs(text_lit("B")));
  b.row(cells(compare_cell(BinaryOp::le, int_lit(80))), exprs(text_lit("C")));
  std::uint32_t t = b.build();
  EXPECT_EQ(answer(t, {std::int64_t{90}}).as_text(), "A-");   // closed low end of [90..95)
  EXPECT_EQ(answer(t, {std::int64_t{95}}).as_text(), "A");    // open high end of [90..95), closed low of [95..100]
  EXPECT_EQ(answer(t, {std::int64_t{100}}).as_text(), "A");   // closed high end
  EXPECT_EQ(answer(t, {std::int64_t{90 - 1}}).as_text(), "B");
  EXPECT_EQ(answer(t, {std::int64_t{80}}).as_text(), "C");    // open low end of (80..90)
  EXPECT_EQ(error_of(t, {std::int64_t{101}}), "no row of table `grade` matches: score = 101");
}

TEST_F(TableEvalTest, IntColumnComparesWithNumberOperands) {
  // table age_band(age: int) -> text, first: < 17.5 "minor" | == 18.0 "just adult" | >= 17.5 "adult"
  TableBuilder b(module, "age_band", HitPolicy::first);
  b.param("age", Type::integer()).column("age", param(0, Type::integer())).output("band", Type::text());
  b.row(cells(compare_cell(BinaryOp::lt, num_lit(17.5))), exprs(text_lit("minor")));
  b.row(cells(eq_cell(num_lit(18.0))), exprs(text_lit("just adult")));
  b.row(cells(compare_cell(BinaryOp::ge, num_lit(17.5))), exprs(text_lit("adult")));
  std::uint32_t t = b.build();
  EXPECT_EQ(answer(t, {std::int64_t{17}}).as_text(), "minor");
  EXPECT_EQ(answer(t, {std::int64_t{18}}).as_text(), "just adult");
  EXPECT_EQ(answer(t, {std::int64_t{19}}).as_text(), "adult");
}

TEST_F(TableEvalTest, OneOfMatchesAnyListedValueAndNotEqualExcludes) {
  // table route(area: Area, district: text) -> text, unique
  TableBuilder b(module, "route", HitPolicy::unique);
  b.param("area", area_t()).param("district", Type::text());
  b.column("area", param(0, area_t())).column("district", param(1, Type::text())).output("team", Type::text());
  b.row(cells(one_of_cell(area_lit("rural"), area_lit("remote")), one_of_cell(text_lit("east"), text_lit("north"))),
        exprs(text_lit("field east")));
  b.row(cells(one_of_cell(area_lit("rural"), area_lit("remote")), compare_cell(BinaryOp::ne, text_lit("east"))),
        exprs(text_lit("field other")));
  b.row(cells(eq_cell(area_lit("urban")), any_cell()), exprs(text_lit("city")));
  std::uint32_t t = b.build();
  EXPECT_EQ(answer(t, {area("remote"), "east"}).as_text(), "field east");
  EXPECT_EQ(answer(t, {area("rural"), "south"}).as_text(), "field other");
  EXPECT_EQ(answer(t, {area("urban"), "east"}).as_text(), "city");
  EXPECT_EQ(error_of(t, {area("rural"), "north"}),
            "rows 1 and 2 of table `route` both match, but its hit policy is unique: area = rural, "
            "district = \"north\"");
}

TEST_F(TableEvalTest, FirstTakesTheEarliestMatchingRow) {
  std::uint32_t t = tariff(HitPolicy::first);
  detail::DecisionResult r = decide(t, {220.0, area("remote")});  // rows 4 and 5 match
  EXPECT_EQ(r.value.as_text(), "transmission");
  EXPECT_EQ(r.rule, 3U);
  EXPECT_EQ(error_of(t, {-1.0, area("rural")}), "no row of table `tariff` matches: kv = -1, area = rural");
}

TEST_F(TableEvalTest, AnyAcceptsOverlapsThatAgreeAndRejectsOnesThatDisagree) {
  // table fee(area: Area) -> int, any: rural, remote 50 | remote 50 | urban 20 | rural 60
  TableBuilder b(module, "fee", HitPolicy::any);
  b.param("area", area_t()).column("area", param(0, area_t())).output("fee", Type::integer());
  b.row(cells(one_of_cell(area_lit("rural"), area_lit("remote"))), exprs(int_lit(50)));
  b.row(cells(eq_cell(area_lit("remote"))), exprs(int_lit(50)));
  b.row(cells(eq_cell(area_lit("urban"))), exprs(int_lit(20)));
  b.row(cells(eq_cell(area_lit("rural"))), exprs(int_lit(60)));
  std::uint32_t t = b.build();
  detail::DecisionResult r = decide(t, {area("remote")});  // rows 1 and 2, both 50
  EXPECT_EQ(r.value.as_int(), 50);
  EXPECT_EQ(r.rule, 0U);
  EXPECT_EQ(answer(t, {area("urban")}).as_int(), 20);
  EXPECT_EQ(error_of(t, {area("rural")}),
            "rows 1 and 4 of table `fee` both match but give different outputs (50 and 60), and its hit policy is "
            "any: area = rural");
}

TEST_F(TableEvalTest, AnyWithNoMatchIsAnError) {
  TableBuilder b(module, "fee", HitPolicy::any);
  b.param("area", area_t()).column("area", param(0, area_t())).output("fee", Type::integer());
  b.row(cells(eq_cell(area_lit("urban"))), exprs(int_lit(20)));
  std::uint32_t t = b.build();
  EXPECT_EQ(error_of(t, {area("remote")}), "no row of table `fee` matches: area = remote");
}

TEST_F(TableEvalTest, PriorityPicksTheEarliestEnumMemberAndTiesGoToTheEarlierRow) {
  std::uint32_t t = escalation(HitPolicy::priority);
  detail::DecisionResult r = decide(t, {std::int64_t{10}, true});  // rows 1 (normal), 2 (high), 3 (high)
  EXPECT_EQ(to_string(r.value), "escalation result { urgency: high, team: \"lead\" }");
  EXPECT_EQ(r.rule, 1U);
  r = decide(t, {std::int64_t{40}, false});  // rows 1, 2 and 4 (critical)
  EXPECT_EQ(r.value.as_record().fields[0], urgency("critical"));
  EXPECT_EQ(r.value.as_record().fields[1].as_text(), "director");
  EXPECT_EQ(r.rule, 3U);
  EXPECT_EQ(error_of(t, {std::int64_t{0}, false}),
            "no row of table `escalation` matches: overdue_days = 0, vip = false");
}

TEST_F(TableEvalTest, SeveralOutputsGiveARecordWhoseFieldsExpressionsRead) {
  std::uint32_t t = escalation(HitPolicy::first);
  const ir::Decision& d = module.decisions[t];
  ASSERT_NE(d.row_type.record_def(), nullptr);
  // escalation(40, false).team  and  escalation(40, false).urgency
  ir::ExprPtr team = field(call_decision(t, d.row_type, int_lit(40), bool_lit(false)), "team");
  ir::ExprPtr level = field(call_decision(t, d.row_type, int_lit(40), bool_lit(false)), "urgency");
  detail::Environment env;
  EXPECT_EQ(interpreter.evaluate(*team, env).as_text(), "desk");  // first: row 1 matches first
  EXPECT_EQ(interpreter.evaluate(*level, env), urgency("normal"));
  EXPECT_EQ(answer(t, {std::int64_t{2}, true}).as_record().def, d.row_type.record_def());
}

TEST_F(TableEvalTest, NumberOutputsWidenInts) {
  // table rate(area: Area) -> number, first: urban 3 (an int literal) | - 2.5
  TableBuilder b(module, "rate", HitPolicy::first);
  b.param("area", area_t()).column("area", param(0, area_t())).output("rate", Type::number());
  b.row(cells(eq_cell(area_lit("urban"))), exprs(int_lit(3)));
  b.row(cells(any_cell()), exprs(num_lit(2.5)));
  std::uint32_t t = b.build();
  Value urban = answer(t, {area("urban")});
  ASSERT_TRUE(urban.holds<double>());
  EXPECT_EQ(urban.as_number(), 3.0);
  EXPECT_EQ(answer(t, {area("rural")}).as_number(), 2.5);
}

TEST_F(TableEvalTest, MatchingRowsListsEveryMatchInSourceOrder) {
  std::uint32_t t = tariff(HitPolicy::first);
  std::vector<Value> args{220.0, area("remote")};
  EXPECT_EQ(interpreter.matching_rows(t, args), (std::vector<std::size_t>{3, 4}));
  args = {-1.0, area("remote")};
  EXPECT_EQ(interpreter.matching_rows(t, args), (std::vector<std::size_t>{}));
}

TEST_F(TableEvalTest, ColumnsAreEvaluatedOncePerCallAndOperandsMayBeExpressions) {
  int calls = 0;
  Function counter{{"probe", {Type::integer()}, Type::integer(), "test"}, [&calls](std::span<const Value> args) {
                     ++calls;
                     return args[0];
                   }};
  // table band(x: int, limit: int) -> text, first; column probe(x): > limit + 10 "far" | > limit "over" | - "ok"
  TableBuilder b(module, "band", HitPolicy::first);
  b.param("x", Type::integer()).param("limit", Type::integer());
  ir::ExprPtr probe = call_function("probe", Type::integer(), param(0, Type::integer()));
  bindings.bind(*probe, counter);
  b.column("probe(x)", std::move(probe)).output("band", Type::text());
  ir::ExprPtr limit_plus_10 = binary(BinaryOp::add, param(1, Type::integer()), int_lit(10), Type::integer());
  b.row(cells(compare_cell(BinaryOp::gt, std::move(limit_plus_10))), exprs(text_lit("far")));
  b.row(cells(compare_cell(BinaryOp::gt, param(1, Type::integer()))), exprs(text_lit("over")));
  b.row(cells(any_cell()), exprs(text_lit("ok")));
  std::uint32_t t = b.build();
  EXPECT_EQ(answer(t, {std::int64_t{5}, std::int64_t{10}}).as_text(), "ok");
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(answer(t, {std::int64_t{15}, std::int64_t{10}}).as_text(), "over");
  EXPECT_EQ(answer(t, {std::int64_t{25}, std::int64_t{10}}).as_text(), "far");
  EXPECT_EQ(calls, 3);
}

TEST_F(TableEvalTest, ACellThatCannotCompareNamesRowAndColumn) {
  TableBuilder b(module, "wait", HitPolicy::first);
  b.param("waited", Type::duration()).column("waited", param(0, Type::duration())).output("late", Type::boolean());
  b.row(cells(compare_cell(BinaryOp::ge, dur_lit(2, DurationUnit::workdays))), exprs(bool_lit(true)));
  std::uint32_t t = b.build();
  EXPECT_EQ(error_of(t, {Duration{3600, DurationUnit::seconds}}),
            "row 1 of table `wait`, column `waited`: cannot compare 1h with 2 workdays: clock and business durations "
            "(or workdays and workhours) are measured differently");
}

}  // namespace
}  // namespace docket
