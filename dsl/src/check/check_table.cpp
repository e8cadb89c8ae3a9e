// Checking decision tables: outputs and hit policy, header columns, cells and rows.
#include <fmt/format.h>

#include <map>

#include "check/checker.hpp"
#include "check/expr_build.hpp"
#include "check/table_analysis.hpp"
#include "docket/core/suggest.hpp"

namespace docket::dsl {

namespace {

const std::map<std::string, ir::HitPolicy, std::less<>>& hit_policies() {
  static const std::map<std::string, ir::HitPolicy, std::less<>> policies = {
      {"unique", ir::HitPolicy::unique},
      {"any", ir::HitPolicy::any},
      {"priority", ir::HitPolicy::priority},
      {"first", ir::HitPolicy::first},
      {"output order", ir::HitPolicy::output_order},
      {"rule order", ir::HitPolicy::rule_order},
      {"collect", ir::HitPolicy::collect},
      {"collect sum", ir::HitPolicy::collect_sum},
      {"collect count", ir::HitPolicy::collect_count},
      {"collect min", ir::HitPolicy::collect_min},
      {"collect max", ir::HitPolicy::collect_max}};
  return policies;
}

// Table cells also rank enum members by declaration order.
bool ordered(Type t) { return orderable(t) || t.kind() == TypeKind::enumeration; }

bool summable(Type t) { return t.is_numeric() || t.kind() == TypeKind::duration; }

std::optional<ir::BinaryOp> comparison(std::string_view op) {
  if (op == "==") return ir::BinaryOp::eq;
  if (op == "!=") return ir::BinaryOp::ne;
  if (op == "<") return ir::BinaryOp::lt;
  if (op == "<=") return ir::BinaryOp::le;
  if (op == ">") return ir::BinaryOp::gt;
  if (op == ">=") return ir::BinaryOp::ge;
  return std::nullopt;
}

}  // namespace

void Checker::declare_table(const ast::TableDecl& t, ir::Decision& out) {
  out.is_table = true;
  out.name = t.name.name;
  out.range = range(t.name);
  out.params = check_params(t.params, fmt::format("table `{}`", out.name));
  const std::uint32_t symbol = index_ ? index_->decision(module_.decisions.size() - 1) : kNoSymbol;
  index_params(symbol, t.params, out.params);

  std::string words;
  for (const ast::Identifier& w : t.hit) words += (words.empty() ? "" : " ") + w.name;
  if (auto it = hit_policies().find(words); it != hit_policies().end()) {
    out.hit = it->second;
  } else {
    std::vector<std::string> names;
    for (const auto& [name, policy] : hit_policies()) names.push_back(name);
    SourceRange where{file_, t.hit.front().begin, t.hit.back().end};
    error("D0410", where, fmt::format("unknown hit policy `{}`", words),
          suggestion_hint(words, names, "use one of: " + join_names(names)));
    out.hit = ir::HitPolicy::first;
  }

  if (t.result.outputs.empty()) {
    out.outputs.push_back({"", resolve_type(t.result.single), range(t.result.single)});
  } else {
    out.outputs = check_params(t.result.outputs, fmt::format("table `{}`", out.name));
  }
  if (out.outputs.size() == 1) {
    out.row_type = out.outputs[0].type;
  } else {
    RecordDef& row = module_.records.emplace_back();
    row.name = out.name + " result";
    for (const ir::Param& o : out.outputs) row.fields.push_back({o.name, o.type, {}});
    out.row_type = Type(&row);
    if (index_) {
      // `install_limit(x).limit` reads an output: the row record's fields are the output symbols.
      index_->bind(&row, symbol);
      for (std::size_t i = 0; i < t.result.outputs.size() && i < out.outputs.size(); ++i) {
        const ast::Param& o = t.result.outputs[i];
        index_->add_child(&row, index_->declare(SymbolKind::output, o.name.name, symbol, out.outputs[i].type,
                                                range(o.name), range(o)));
      }
    }
  }

  const Type first_output = out.outputs[0].type;
  auto needs_single = [&](std::string_view why) {
    if (out.outputs.size() == 1) return true;
    error("D0413", range(t.result), fmt::format("hit policy `{}` needs exactly one output", words),
          std::string(why));
    return false;
  };
  switch (out.hit) {
    case ir::HitPolicy::unique:
    case ir::HitPolicy::any:
    case ir::HitPolicy::first: out.result = out.row_type; break;
    case ir::HitPolicy::priority:
    case ir::HitPolicy::output_order:
      if (first_output.kind() != TypeKind::enumeration && !first_output.is_error()) {
        error("D0414", out.outputs[0].range,
              fmt::format("hit policy `{}` ranks rows by their first output, which must be an enum", words),
              "declare the first output as an enum: its members rank from first (highest) to last");
      }
      out.result = out.hit == ir::HitPolicy::priority ? out.row_type : module_.list_of(out.row_type);
      break;
    case ir::HitPolicy::rule_order:
    case ir::HitPolicy::collect: out.result = module_.list_of(out.row_type); break;
    case ir::HitPolicy::collect_count: out.result = Type::integer(); break;
    case ir::HitPolicy::collect_sum:
      if (needs_single("`collect sum` adds up one output") && !summable(first_output.definite()) &&
          !first_output.is_error()) {
        error("D0413", out.outputs[0].range, fmt::format("`collect sum` cannot add up {} values", first_output.name()),
              "sum an int, number or duration output");
      }
      out.result = first_output;
      break;
    case ir::HitPolicy::collect_min:
    case ir::HitPolicy::collect_max:
      if (needs_single("`collect min` and `collect max` compare one output") && !ordered(first_output.definite()) &&
          !first_output.is_error()) {
        error("D0413", out.outputs[0].range, fmt::format("{} values have no order to take a min or max of", first_output.name()),
              "use a number, text, duration, time or enum output");
      }
      out.result = first_output;
      break;
  }
  if (index_) index_->set_type(symbol, out.result);
}

ir::Cell Checker::check_cell(const ast::CellDecl& c, const ir::InputColumn& column, const Scope& scope) {
  ir::Cell cell;
  cell.range = range(c);
  // A column that may be none is tested on its values; a cell `none` matches none (and only none).
  const Type type = column.expr->type.definite();
  const bool may_be_none = column.expr->type.may_be_none();
  auto operand = [&](const ast::Expr& e) {
    ir::ExprPtr x = check_expr(e, scope, type);
    if (may_be_none && x->type.kind() == TypeKind::none) return x;
    if (!type.is_error() && !x->type.is_error() && !(x->type == type) &&
        !(x->type.is_numeric() && type.is_numeric())) {
      error("D0303", x->range,
            fmt::format("a cell of column `{}` must be {}, but this is {}", column.label, type.name(), x->type.name()),
            fmt::format("compare `{}` with {} value", column.label, with_article(type.name())));
    }
    return x;
  };
  auto needs_order = [&](std::string_view what, SourceRange where) {
    if (ordered(type) || type.is_error()) return true;
    error("D0415", where, fmt::format("{} needs an ordered column, but `{}` is {}", what, column.label, type.name()),
          "list the values it may take instead, e.g. `a, b`");
    return false;
  };
  if (c.kind == "any") return cell;
  cell.negated = c.kind == "not";
  // Each test over its own operands; consecutive values join into one `one_of` test.
  for (const ast::CellTest& t : c.tests) {
    ir::CellTest test;
    test.first = static_cast<std::uint32_t>(cell.operands.size());
    if (t.kind == "range") {
      test.kind = ir::CellKind::range;
      test.low_closed = t.op == "[";
      test.high_closed = t.close == "]";
      needs_order("a range", range(t));
    } else if (t.kind == "compare") {
      test.kind = ir::CellKind::compare;
      test.op = *comparison(t.op);
      if (test.op != ir::BinaryOp::eq && test.op != ir::BinaryOp::ne) needs_order(fmt::format("`{}`", t.op), range(t));
    } else if (!cell.tests.empty() && cell.tests.back().kind == ir::CellKind::one_of) {
      cell.operands.push_back(operand(t.operands.front()));
      ++cell.tests.back().count;
      continue;
    } else {
      test.kind = ir::CellKind::one_of;
    }
    for (const ast::Expr& e : t.operands) cell.operands.push_back(operand(e));
    test.count = static_cast<std::uint32_t>(cell.operands.size()) - test.first;
    const bool ordering = test.kind == ir::CellKind::range ||
                          (test.kind == ir::CellKind::compare && test.op != ir::BinaryOp::eq && test.op != ir::BinaryOp::ne);
    for (std::uint32_t i = test.first; ordering && i < test.first + test.count; ++i) {
      if (cell.operands[i]->type.kind() == TypeKind::none) {
        error("D0303", cell.operands[i]->range, "none has no order: it is not below or above any value",
              "write `none` alone to match none, or `!= none`");
      }
    }
    cell.tests.push_back(test);
  }
  // One test is the cell itself: a single value is an `eq` comparison, as before lists of tests.
  if (cell.tests.size() == 1) {
    const ir::CellTest& only = cell.tests.front();
    cell.kind = only.kind == ir::CellKind::one_of && only.count == 1 ? ir::CellKind::compare : only.kind;
    cell.op = only.kind == ir::CellKind::compare ? only.op : ir::BinaryOp::eq;
    cell.low_closed = only.low_closed;
    cell.high_closed = only.high_closed;
    cell.tests.clear();
  } else {
    cell.kind = ir::CellKind::any_of;
  }
  return cell;
}

void Checker::check_table_body(const ast::TableDecl& t, ir::Decision& out) {
  std::vector<bool> used(out.params.size(), false);
  const std::uint32_t symbol = index_ && current_decision_ ? index_->decision(*current_decision_) : kNoSymbol;
  Scope scope{&out.params, nullptr, &used, symbol};
  for (const ast::Expr& e : t.header.inputs) {
    ir::InputColumn column;
    column.expr = check_expr(e, scope);
    column.range = column.expr->range;
    column.label = source_text(column.range);
    out.columns.push_back(std::move(column));
  }
  const auto& names = t.header.outputs;
  const std::size_t errors_before = diagnostics_.error_count();
  if (names.size() != out.outputs.size()) {
    error("D0411", range(t.header),
          fmt::format("the header names {} output{}, but the table declares {}", names.size(), names.size() == 1 ? "" : "s",
                      out.outputs.size()),
          "after `||`, name each output once, in the order of `-> (...)`");
  } else if (out.outputs.size() == 1) {
    out.outputs[0].name = names[0].name;
    if (index_) {
      index_->declare(SymbolKind::output, names[0].name, symbol, out.outputs[0].type, range(names[0]), range(names[0]));
    }
  } else {
    for (std::size_t i = 0; i < names.size(); ++i) {
      if (index_ && names[i].name == out.outputs[i].name) {
        index_->use(index_->child(out.row_type.record_def(), i), range(names[i]), SlotKind::none);
      }
      if (names[i].name != out.outputs[i].name) {
        error("D0411", range(names[i]),
              fmt::format("output column {} is `{}`, but the table declares `{}` there", i + 1, names[i].name,
                          out.outputs[i].name),
              "name the outputs in the header in the order of `-> (...)`");
      }
    }
  }
  // Rows are read against the header: when it does not match the declaration, checking them
  // would only repeat that mistake once per cell.
  if (diagnostics_.error_count() != errors_before) return;
  for (const ast::RowDecl& r : t.rows) {
    if (r.inputs.size() != out.columns.size() || r.outputs.size() != out.outputs.size()) {
      error("D0412", range(r),
            fmt::format("this row has {} input{} and {} output{}, but the table has {} and {}", r.inputs.size(),
                        r.inputs.size() == 1 ? "" : "s", r.outputs.size(), r.outputs.size() == 1 ? "" : "s",
                        out.columns.size(), out.outputs.size()),
            "give every row one cell per column; `-` matches anything");
      continue;
    }
    ir::TableRow row;
    row.range = range(r);
    for (std::size_t i = 0; i < r.inputs.size(); ++i) row.inputs.push_back(check_cell(r.inputs[i], out.columns[i], scope));
    for (std::size_t i = 0; i < r.outputs.size(); ++i) {
      ir::ExprPtr value = check_expr(r.outputs[i], scope, out.outputs[i].type);
      expect_type(*value, out.outputs[i].type,
                  fmt::format("output `{}` of table `{}`", out.outputs[i].name, out.name));
      row.outputs.push_back(std::move(value));
    }
    out.rows.push_back(std::move(row));
  }
  if (out.rows.empty() && t.rows.empty()) {
    error("D0412", out.range, fmt::format("table `{}` has no rows", out.name), "add a row: `| - || <output> |`");
  }
  if (!t.otherwise.empty()) check_table_otherwise(t, out, scope);
  // After the rows: a parameter read only in a cell or an output (`| >= limit |`) is used.
  warn_unused_params(out.params, used, fmt::format("table `{}`", out.name));
}

// `otherwise 0` / `otherwise 7 workdays, 4`: the answer when no row matches, typed like a row's
// (one value per output) or, under an aggregation, like the aggregate.
void Checker::check_table_otherwise(const ast::TableDecl& t, ir::Decision& out, Scope& scope) {
  const bool aggregate = out.hit == ir::HitPolicy::collect_sum || out.hit == ir::HitPolicy::collect_min ||
                         out.hit == ir::HitPolicy::collect_max || out.hit == ir::HitPolicy::collect_count;
  const std::size_t want = aggregate ? 1 : out.outputs.size();
  std::vector<ir::ExprPtr> values;
  for (std::size_t i = 0; i < t.otherwise.size(); ++i) {
    const Type type = aggregate ? out.result : i < want ? out.outputs[i].type : Type::error();
    values.push_back(check_expr(t.otherwise[i], scope, type));
  }
  const SourceRange where{file_, values.front()->range.begin, values.back()->range.end};
  const char* policy = ir::hit_policy_name(out.hit);
  if (values.size() != want) {
    error("D0424", where,
          aggregate ? fmt::format("`otherwise` gives {} values, but under `hit {}` table `{}` answers one",
                                  values.size(), policy, out.name)
                    : fmt::format("`otherwise` gives {} value{}, but table `{}` has {} output{}", values.size(),
                                  values.size() == 1 ? "" : "s", out.name, want, want == 1 ? "" : "s"),
          aggregate ? "give the one answer for inputs no row matches, e.g. `otherwise 0`"
                    : "give one value per output, in the header's order, separated by commas: `otherwise 7 workdays, 4`");
    return;
  }
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (aggregate) {
      expect_type(*values[i], out.result, fmt::format("the answer of table `{}` when no row matches", out.name));
    } else {
      expect_type(*values[i], out.outputs[i].type,
                  fmt::format("output `{}` of table `{}` when no row matches", out.outputs[i].name, out.name));
    }
  }
  if (values.size() == 1) {
    out.otherwise = std::move(values.front());
    return;
  }
  // Several outputs: one record of the row type, as a row's outputs make.
  out.otherwise = make(ir::ExprKind::record, out.row_type, where);
  out.otherwise->operands = std::move(values);
}

void Checker::report_table_findings(const ir::Decision& table) {
  auto line = [&](std::size_t row) { return sources_.file(file_).line_column(table.rows[row].range.begin).line; };
  for (const TableFinding& f : analyze_table(table)) {
    std::string example = join_names(f.example);
    switch (f.kind) {
      case TableFinding::Kind::overlap:
        error("D0420", table.rows[f.row_b].range,
              fmt::format("under `hit unique` only one row may match, but the rows on lines {} and {} both match {}",
                          line(f.row_a), line(f.row_b), example),
              "narrow one of the two rows, or use `hit first` if the earlier row should win");
        break;
      case TableFinding::Kind::conflict:
        error("D0421", table.rows[f.row_b].range,
              fmt::format("under `hit any` overlapping rows must agree, but the rows on lines {} and {} both match {} "
                          "and give different outputs",
                          line(f.row_a), line(f.row_b), example),
              "give both rows the same outputs, or narrow one of them");
        break;
      case TableFinding::Kind::gap:
        if (table.result.may_be_none()) break;  // `-> T or none`: no matching row answers none
        warning("D0422", table.range, fmt::format("no row of table `{}` matches {}", table.name, example),
                "add a row for these inputs, or a last line `otherwise <answer>` for inputs no row matches");
        break;
      case TableFinding::Kind::dead_row:
        warning("D0423", table.rows[f.row_b].range,
                fmt::format("the row on line {} can never be chosen: earlier rows match every input it matches",
                            line(f.row_b)),
                "remove it, or move it above the rows that cover it");
        break;
    }
  }
}

}  // namespace docket::dsl
