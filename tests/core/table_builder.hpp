// Test helpers: build decision tables (columns, cells, rows, outputs) by hand, typed as the checker would.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "ir_builder.hpp"

namespace docket::test {

template <class... Args>
std::vector<ir::ExprPtr> exprs(Args... args) {
  std::vector<ir::ExprPtr> v;
  (v.push_back(std::move(args)), ...);
  return v;
}

inline ir::Cell any_cell() { return ir::Cell{}; }

inline ir::Cell compare_cell(ir::BinaryOp op, ir::ExprPtr operand) {
  ir::Cell c;
  c.kind = ir::CellKind::compare;
  c.op = op;
  c.operands.push_back(std::move(operand));
  return c;
}
inline ir::Cell eq_cell(ir::ExprPtr operand) { return compare_cell(ir::BinaryOp::eq, std::move(operand)); }

// `[low..high]`, `[low..high)`, `(low..high]` or `(low..high)`.
inline ir::Cell range_cell(bool low_closed, ir::ExprPtr low, ir::ExprPtr high, bool high_closed) {
  ir::Cell c;
  c.kind = ir::CellKind::range;
  c.low_closed = low_closed;
  c.high_closed = high_closed;
  c.operands.push_back(std::move(low));
  c.operands.push_back(std::move(high));
  return c;
}

template <class... Args>
ir::Cell one_of_cell(Args... operands) {
  ir::Cell c;
  c.kind = ir::CellKind::one_of;
  (c.operands.push_back(std::move(operands)), ...);
  return c;
}

template <class... Cells>
std::vector<ir::Cell> cells(Cells... c) {
  std::vector<ir::Cell> v;
  (v.push_back(std::move(c)), ...);
  return v;
}

// Builds one table decision and adds it to a module, typing its result from the hit policy the
// way the checker does: a list of row values, an int count, or the row value itself.
class TableBuilder {
 public:
  TableBuilder(ir::Module& module, std::string name, ir::HitPolicy hit) : module_(module) {
    d_.name = std::move(name);
    d_.hit = hit;
    d_.is_table = true;
  }

  TableBuilder& param(std::string name, Type type) {
    d_.params.push_back(ir::Param{std::move(name), type, {}});
    return *this;
  }
  TableBuilder& column(std::string label, ir::ExprPtr expr) {
    d_.columns.push_back(ir::InputColumn{std::move(label), std::move(expr), {}});
    return *this;
  }
  TableBuilder& output(std::string name, Type type) {
    d_.outputs.push_back(ir::Param{std::move(name), type, {}});
    return *this;
  }
  TableBuilder& row(std::vector<ir::Cell> inputs, std::vector<ir::ExprPtr> outputs) {
    d_.rows.push_back(ir::TableRow{std::move(inputs), std::move(outputs), {}});
    return *this;
  }

  // Adds the decision to the module and returns its index.
  std::uint32_t build() {
    if (d_.outputs.size() == 1) {
      d_.row_type = d_.outputs[0].type;
    } else {
      RecordDef& def = module_.records.emplace_back();
      def.name = d_.name + " result";
      for (const ir::Param& out : d_.outputs) def.fields.push_back(RecordField{out.name, out.type, {}});
      d_.row_type = Type(&def);
    }
    switch (d_.hit) {
      case ir::HitPolicy::output_order:
      case ir::HitPolicy::rule_order:
      case ir::HitPolicy::collect: d_.result = module_.list_of(d_.row_type); break;
      case ir::HitPolicy::collect_count: d_.result = Type::integer(); break;
      default: d_.result = d_.row_type; break;
    }
    module_.decisions.push_back(std::move(d_));
    return static_cast<std::uint32_t>(module_.decisions.size() - 1);
  }

 private:
  ir::Module& module_;
  ir::Decision d_;
};

}  // namespace docket::test
