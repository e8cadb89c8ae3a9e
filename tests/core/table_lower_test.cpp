// Lowering decision tables: well-formed tables pass and bind their calls; inconsistent ones are D0804.
#include <gtest/gtest.h>

#include "docket/core/program.hpp"
#include "lower/validate.hpp"
#include "table_builder.hpp"

namespace docket {
namespace {

using namespace docket::test;
using ir::BinaryOp;
using ir::HitPolicy;

std::vector<std::string> messages(const Diagnostics& d) {
  std::vector<std::string> out;
  for (const Diagnostic& x : d.all()) out.push_back(x.code + ": " + x.message);
  return out;
}

// table level(x: int) -> text under `hit`, with one column `x`; the caller adds the rows.
TableBuilder level(ir::Module& m, HitPolicy hit) {
  TableBuilder t(m, "level", hit);
  t.param("x", Type::integer()).column("x", param(0, Type::integer())).output("out", Type::text());
  return t;
}

TEST(TableLowerTest, AWellFormedTableLowersAndItsFunctionCallsAreBound) {
  ir::Module m;
  TableBuilder t = level(m, HitPolicy::unique);
  t.row(cells(range_cell(true, int_lit(0), int_lit(10), false)), exprs(text_lit("low")));
  t.row(cells(compare_cell(BinaryOp::ge, call_function("limits.high", Type::integer()))), exprs(text_lit("high")));
  t.row(cells(one_of_cell(int_lit(-1), int_lit(-2))), exprs(text_lit("odd")));
  t.build();
  FunctionRegistry registry;
  registry.add({"limits.high", {}, Type::integer(), "test"},
               [](std::span<const Value>) -> Value { return std::int64_t{10}; });
  Diagnostics diagnostics;
  detail::FunctionBindings bindings;
  detail::bind_and_validate(m, registry, bindings, diagnostics);
  EXPECT_EQ(messages(diagnostics), std::vector<std::string>{});
  EXPECT_EQ(bindings.size(), 1U);
  detail::Interpreter interpreter(m, bindings);
  auto answer = [&](std::int64_t x) {
    std::vector<Value> args{x};
    return interpreter.decide(0, args).value.as_text();
  };
  EXPECT_EQ(answer(12), "high");
  EXPECT_EQ(answer(5), "low");
  EXPECT_EQ(answer(-2), "odd");
  EXPECT_TRUE(Program::lower(std::move(m), registry, diagnostics) != nullptr);
}

TEST(TableLowerTest, UnknownFunctionsInCellsAreReported) {
  ir::Module m;
  TableBuilder t = level(m, HitPolicy::first);
  t.row(cells(compare_cell(BinaryOp::ge, call_function("limits.hi", Type::integer()))), exprs(text_lit("high")));
  t.build();
  FunctionRegistry registry;
  Diagnostics diagnostics;
  EXPECT_EQ(Program::lower(std::move(m), registry, diagnostics), nullptr);
  EXPECT_EQ(messages(diagnostics),
            std::vector<std::string>{"D0801: unknown function `limits.hi` in table `level`"});
}

TEST(TableLowerTest, InconsistentTablesAreReportedNotTrusted) {
  ir::Module m;
  TableBuilder t = level(m, HitPolicy::first);
  t.row(cells(), exprs(text_lit("no cells")));                                              // row 1: 0 cells, 1 column
  t.row(cells(compare_cell(BinaryOp::add, int_lit(1))), exprs(text_lit("adds")));           // row 2: not a comparison
  t.row(cells(range_cell(true, int_lit(1), int_lit(2), true)), exprs(param(3, Type::text())));  // row 3: no param #3
  t.build();
  m.decisions[0].rows[2].inputs[0].operands.pop_back();                                     // row 3: a range of one
  TableBuilder p(m, "ranked", HitPolicy::priority);  // priority needs an enum first output
  p.param("x", Type::integer()).column("x", param(0, Type::integer())).output("out", Type::text());
  p.build();
  FunctionRegistry registry;
  Diagnostics diagnostics;
  EXPECT_EQ(Program::lower(std::move(m), registry, diagnostics), nullptr);
  EXPECT_EQ(messages(diagnostics),
            (std::vector<std::string>{
                "D0804: table `level`: row 1 has 0 input and 1 output cells for 1 columns and 1 outputs",
                "D0804: table `level`: a cell of row 2 compares with `+`",
                "D0804: table `level`: a cell of row 3 has 1 operand(s) where 2 are needed",
                "D0804: table `level`: parameter #3 does not exist",
                "D0804: table `ranked`: hit policy priority needs an enum first output",
            }));
}

}  // namespace
}  // namespace docket
