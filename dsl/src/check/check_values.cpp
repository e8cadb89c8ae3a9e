// Checking list values `[a, b]` and record values `Customer { id: "C1" }`.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "check/checker.hpp"
#include "check/expr_build.hpp"
#include "docket/core/suggest.hpp"

namespace docket::dsl {

using ir::ExprKind;
using ir::ExprPtr;

// `[a, b]`: the items share one type, the expected list's element type when there is one.
ir::ExprPtr Checker::check_list_value(const ast::ListValue& l, const Scope& scope, Type expected) {
  SourceRange r = range(l);
  const ListDef* want = expected.list_def();
  std::vector<ExprPtr> items;
  for (const ast::Expr& item : l.items) items.push_back(check_expr(item, scope, want ? want->element : Type::error()));
  Type element = want ? want->element : Type::error();
  for (const ExprPtr& item : items) {
    if (element.is_error()) element = item->type;
    if (element.kind() == TypeKind::integer && item->type.kind() == TypeKind::number) element = Type::number();
  }
  if (items.empty() && element.is_error()) {
    error("D0310", r, "an empty list `[]` needs a known type",
          "use it where a list is expected (a record field or parameter of type `list of ...`)");
    return make(ExprKind::literal, Type::error(), r);
  }
  for (const ExprPtr& item : items) expect_type(*item, element, "every item of the list");
  ExprPtr e = make(ExprKind::list, element.is_error() ? Type::error() : list_of(element), r);
  e->operands = std::move(items);
  return e;
}

// `Customer { id: "C1", area: rural }`: every field given once or defaulted. A table with several
// outputs names its row: `offer { status: approved, rate: basic }` is a value of what `offer(...)`
// answers (to compare a table's answer, or a list of its rows, with in a test).
ir::ExprPtr Checker::check_record_value(const ast::RecordValue& v, const Scope& scope) {
  SourceRange r = range(v);
  const RecordDef* def = find_record(v.type.name);
  if (def == nullptr) {
    if (std::optional<std::uint32_t> d = find_decision(v.type.name); d && module_.decisions[*d].is_table) {
      def = module_.decisions[*d].row_type.record_def();  // null with one output: that is no record
    }
  }
  if (index_) index_->use(def ? index_->symbol_of(def) : kNoSymbol, range(v.type), SlotKind::value, scope.owner);
  if (def == nullptr) {
    std::vector<std::string> names;
    for (const RecordDef& d : module_records()) names.push_back(d.name);
    error("D0301", range(v.type), fmt::format("unknown record `{}`", v.type.name),
          suggestion_hint(v.type.name, names, "declare it with `record`, or check the spelling"));
    for (const ast::FieldValue& f : v.fields) check_expr(f.value, scope);
    return make(ExprKind::literal, Type::error(), r);
  }
  note_type_use(Type(def));
  note_visible(v.type.name, range(v.type));  // the record's name, or the table's
  std::vector<ExprPtr> fields(def->fields.size());
  for (const ast::FieldValue& f : v.fields) {
    auto index = def->find(f.name.name);
    if (index_) {
      index_->use(index ? index_->child(def, *index) : kNoSymbol, range(f.name), SlotKind::record_field,
                  index_->symbol_of(def));
    }
    if (!index) {
      std::vector<std::string> names;
      for (const RecordField& rf : def->fields) names.push_back(rf.name);
      error("D0302", range(f.name), fmt::format("record {} has no field `{}`", def->name, f.name.name),
            suggestion_hint(f.name.name, names, fmt::format("its fields are: {}", fmt::join(names, ", "))));
      check_expr(f.value, scope);
      continue;
    }
    const RecordField& field = def->fields[*index];
    ExprPtr value = check_expr(f.value, scope, field.type);
    if (fields[*index]) {
      error("D0311", range(f), fmt::format("field `{}` is given twice", field.name), "keep one");
      continue;
    }
    expect_type(*value, field.type, fmt::format("field `{}` of {}", field.name, def->name));
    fields[*index] = std::move(value);
  }
  std::vector<std::string> missing;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (fields[i]) continue;
    const RecordField& field = def->fields[i];
    if (field.default_value.empty()) missing.push_back("`" + field.name + "`");
    fields[i] = field.default_value.empty() ? make(ExprKind::literal, Type::error(), r)
                                            : literal(field.default_value, field.type, r);
  }
  if (!missing.empty()) {
    error("D0311", r, fmt::format("{} needs a value for {} {}", def->name, missing.size() == 1 ? "field" : "fields",
                                  fmt::join(missing, ", ")),
          "give every field without a default (`= value` in the record) a value, e.g. `id: \"C1\"`");
  }
  ExprPtr e = make(ExprKind::record, missing.empty() ? Type(def) : Type::error(), r);
  e->operands = std::move(fields);
  return e;
}

}  // namespace docket::dsl
