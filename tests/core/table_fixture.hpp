// Test fixture for decision tables: a module with two enums, two sample tables, an interpreter, call helpers.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "eval/eval_error.hpp"
#include "eval/interpreter.hpp"
#include "table_builder.hpp"

namespace docket::test {

// enum Area { urban, rural, remote }   enum Urgency { critical, high, normal }
class TableTest : public ::testing::Test {
 protected:
  TableTest() {
    area_def = &module.enums.emplace_back(EnumDef{"Area", {"urban", "rural", "remote"}});
    urgency_def = &module.enums.emplace_back(EnumDef{"Urgency", {"critical", "high", "normal"}});
  }

  [[nodiscard]] Type area_t() const { return Type(area_def); }
  [[nodiscard]] Type urgency_t() const { return Type(urgency_def); }
  [[nodiscard]] Value area(std::string_view m) const { return EnumValue{area_def, *area_def->find(m)}; }
  [[nodiscard]] Value urgency(std::string_view m) const { return EnumValue{urgency_def, *urgency_def->find(m)}; }
  [[nodiscard]] ir::ExprPtr area_lit(std::string_view m) const { return enum_lit(*area_def, m); }
  [[nodiscard]] ir::ExprPtr urgency_lit(std::string_view m) const { return enum_lit(*urgency_def, m); }

  // table tariff(kv: number, area: Area) -> text
  //   kv          | area           | tier
  //   [0..10)     | -              | "lv"
  //   [10..110)   | urban          | "hv urban"
  //   [10..110)   | rural, remote  | "hv rural"
  //   >= 110      | -              | "transmission"
  //   >= 220      | remote         | "remote line"     (overlaps the row above)
  std::uint32_t tariff(ir::HitPolicy hit) {
    TableBuilder t(module, "tariff", hit);
    t.param("kv", Type::number()).param("area", area_t());
    t.column("kv", param(0, Type::number())).column("area", param(1, area_t()));
    t.output("tier", Type::text());
    t.row(cells(range_cell(true, int_lit(0), int_lit(10), false), any_cell()), exprs(text_lit("lv")));
    t.row(cells(range_cell(true, int_lit(10), int_lit(110), false), eq_cell(area_lit("urban"))),
          exprs(text_lit("hv urban")));
    t.row(cells(range_cell(true, int_lit(10), int_lit(110), false), one_of_cell(area_lit("rural"), area_lit("remote"))),
          exprs(text_lit("hv rural")));
    t.row(cells(compare_cell(ir::BinaryOp::ge, int_lit(110)), any_cell()), exprs(text_lit("transmission")));
    t.row(cells(compare_cell(ir::BinaryOp::ge, int_lit(220)), eq_cell(area_lit("remote"))),
          exprs(text_lit("remote line")));
    return t.build();
  }

  // table escalation(overdue_days: int, vip: bool) -> urgency: Urgency, team: text
  //   overdue_days | vip  | urgency  | team
  //   >= 1         | -    | normal   | "desk"
  //   >= 5         | -    | high     | "lead"
  //   -            | true | high     | "vip desk"
  //   >= 30        | -    | critical | "director"
  std::uint32_t escalation(ir::HitPolicy hit) {
    TableBuilder t(module, "escalation", hit);
    t.param("overdue_days", Type::integer()).param("vip", Type::boolean());
    t.column("overdue_days", param(0, Type::integer())).column("vip", param(1, Type::boolean()));
    t.output("urgency", urgency_t()).output("team", Type::text());
    t.row(cells(compare_cell(ir::BinaryOp::ge, int_lit(1)), any_cell()),
          exprs(urgency_lit("normal"), text_lit("desk")));
    t.row(cells(compare_cell(ir::BinaryOp::ge, int_lit(5)), any_cell()), exprs(urgency_lit("high"), text_lit("lead")));
    t.row(cells(any_cell(), eq_cell(bool_lit(true))), exprs(urgency_lit("high"), text_lit("vip desk")));
    t.row(cells(compare_cell(ir::BinaryOp::ge, int_lit(30)), any_cell()),
          exprs(urgency_lit("critical"), text_lit("director")));
    return t.build();
  }

  detail::DecisionResult decide(std::uint32_t table, std::vector<Value> args) const {
    return interpreter.decide(table, args);
  }
  Value answer(std::uint32_t table, std::vector<Value> args) const { return decide(table, std::move(args)).value; }

  // The EvalError's message, or "no error" when the call answers.
  std::string error_of(std::uint32_t table, std::vector<Value> args) const {
    try {
      Value v = answer(table, std::move(args));
      return "no error, answered " + to_string(v);
    } catch (const detail::EvalError& e) {
      return e.what();
    }
  }

  // A list answer, printed item by item (gtest prints Values as bytes).
  static std::vector<std::string> items(const Value& list) {
    std::vector<std::string> out;
    for (const Value& v : list.as_list()) out.push_back(to_string(v));
    return out;
  }

  ir::Module module;
  const EnumDef* area_def = nullptr;
  const EnumDef* urgency_def = nullptr;
  detail::FunctionBindings bindings;
  detail::Interpreter interpreter{module, bindings};
};

}  // namespace docket::test
