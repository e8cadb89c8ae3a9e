// Compiling one decision: rule conditions to disjuncts of one-slot terms, table cells to atoms,
// both folded into per-slot masks; whatever is left becomes per-row closures.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <stdexcept>

#include "eval/compiled/closure.hpp"
#include "eval/compiled/meets_none.hpp"
#include "eval/compiled/plan.hpp"
#include "eval/value_check.hpp"

namespace docket::detail {

namespace {

// A rule condition with more disjuncts than this stays one row tested by a closure.
constexpr std::size_t kMaxDisjuncts = 16;

// A match row before its masks are built: one-slot terms (slot, expression) and what is left,
// each with its position among the row's conjuncts (residuals keep that order).
struct PendingRow {
  std::uint32_t rule = 0;
  struct Term {
    std::int64_t slot;
    const ir::Expr* expr;
    std::size_t pos;
  };
  std::vector<Term> terms;
  std::vector<std::pair<std::size_t, const ir::Expr*>> residuals;
  bool never = false;  // a constant false term
};

struct Conj {
  std::vector<const ir::Expr*> terms;
  std::vector<const ir::Expr*> residuals;
};

class Builder {
 public:
  Builder(CompiledModule& module, Plan& plan) : plan_(plan), ec_(module, plan), d_(*plan.decision) {}

  void build() {
    outputs();
    if (d_.is_table) {
      table();
    } else {
      rules();
    }
    answer_scalars();
  }

 private:
  std::optional<std::int64_t> term(const ir::Expr& e) {
    return term_slot(e, [this](const ir::Expr& x) { return ec_.slot_of(x); },
                     [this](std::uint32_t s) { return plan_.slots[s].kind; });
  }

  void outputs() {
    if (const RecordDef* def = d_.result.record_def()) {
      for (const RecordField& f : def->fields) plan_.outputs.push_back({f.name, f.type});
    } else {
      const std::string name = d_.is_table && d_.outputs.size() == 1 ? d_.outputs[0].name : d_.name;
      plan_.outputs.push_back({name, d_.result});
    }
    for (const DecisionOutput& o : plan_.outputs) plan_.output_kinds.push_back(slot_kind_of(o.type));
  }

  // ---- rule lists
  std::optional<std::vector<Conj>> dnf(const ir::Expr& e) {
    if (term(e)) return std::vector<Conj>{Conj{{&e}, {}}};
    if (e.kind == ir::ExprKind::binary && e.binary_op == ir::BinaryOp::logical_or) {
      std::optional<std::vector<Conj>> a = dnf(*e.operands[0]);
      std::optional<std::vector<Conj>> b = dnf(*e.operands[1]);
      if (!a || !b || a->size() + b->size() > kMaxDisjuncts) return std::nullopt;
      a->insert(a->end(), b->begin(), b->end());
      return a;
    }
    if (e.kind == ir::ExprKind::binary && e.binary_op == ir::BinaryOp::logical_and) {
      std::optional<std::vector<Conj>> a = dnf(*e.operands[0]);
      std::optional<std::vector<Conj>> b = dnf(*e.operands[1]);
      if (!a || !b || a->size() * b->size() > kMaxDisjuncts) return std::nullopt;
      std::vector<Conj> out;
      for (const Conj& x : *a) {
        for (const Conj& y : *b) {
          Conj c = x;
          c.terms.insert(c.terms.end(), y.terms.begin(), y.terms.end());
          c.residuals.insert(c.residuals.end(), y.residuals.begin(), y.residuals.end());
          out.push_back(std::move(c));
        }
      }
      return out;
    }
    return std::vector<Conj>{Conj{{}, {&e}}};
  }

  static void conjuncts(const ir::Expr& e, std::vector<const ir::Expr*>& out) {
    if (e.kind == ir::ExprKind::binary && e.binary_op == ir::BinaryOp::logical_and) {
      conjuncts(*e.operands[0], out);
      conjuncts(*e.operands[1], out);
    } else {
      out.push_back(&e);
    }
  }

  PendingRow pending(std::uint32_t rule, const std::vector<const ir::Expr*>& terms,
                     const std::vector<const ir::Expr*>& residuals) {
    PendingRow row;
    row.rule = rule;
    std::size_t pos = 0;
    for (const ir::Expr* t : terms) row.terms.push_back({*term(*t), t, pos++});
    for (const ir::Expr* r : residuals) row.residuals.emplace_back(pos++, r);
    return row;
  }

  void rules() {
    std::vector<PendingRow> rows;
    for (std::size_t i = 0; i < d_.rules.size(); ++i) {
      const ir::Expr& cond = *d_.rules[i].condition;
      const auto rule = static_cast<std::uint32_t>(i);
      if (!ExprCompiler::may_fail(cond)) {
        // Nothing in it fails, so its parts may be tested in any order: one row per disjunct.
        if (std::optional<std::vector<Conj>> ways = dnf(cond)) {
          for (const Conj& c : *ways) rows.push_back(pending(rule, c.terms, c.residuals));
        } else {
          rows.push_back(pending(rule, {}, {&cond}));
        }
        continue;
      }
      // Something may fail: the masks take only the terms before the first part that may fail,
      // and the rest is tested in order, as the interpreter evaluates `and`.
      std::vector<const ir::Expr*> parts;
      conjuncts(cond, parts);
      PendingRow row;
      row.rule = rule;
      bool clean = true;
      for (std::size_t pos = 0; pos < parts.size(); ++pos) {
        std::optional<std::int64_t> slot = clean ? term(*parts[pos]) : std::nullopt;
        if (slot) {
          row.terms.push_back({*slot, parts[pos], pos});
        } else {
          row.residuals.emplace_back(pos, parts[pos]);
          clean = clean && !ExprCompiler::may_fail(*parts[pos]);
        }
      }
      rows.push_back(std::move(row));
    }
    fold_rule_terms(rows);
    for (PendingRow& p : rows) {
      MatchRow row;
      row.rule = p.rule;
      std::sort(p.residuals.begin(), p.residuals.end());
      for (const auto& [pos, expr] : p.residuals) row.conditions.push_back(ec_.compile(*expr));
      plan_.residual_free = plan_.residual_free && row.conditions.empty();
      plan_.rows.push_back(std::move(row));
    }
    start_masks(rows.size());
    for (std::size_t r = 0; r < rows.size(); ++r) {
      if (rows[r].never) plan_.all_rows[r / 64] &= ~(std::uint64_t{1} << (r % 64));
    }
    for (auto& [slot, column] : pending_masks_) {
      MaskColumn mc{slot, column.domain, {}};
      mc.masks.assign(mc.domain.atom_count() * plan_.words, 0);
      for (std::size_t a = 0; a < mc.domain.atom_count(); ++a) {
        for (std::size_t w = 0; w < plan_.words; ++w) mc.masks[a * plan_.words + w] = plan_.all_rows[w];
      }
      for (const auto& [r, truth] : column.truths) clear_false(mc, r, truth);
      plan_.masks.push_back(std::move(mc));
    }
    for (const ir::Rule& rule : d_.rules) plan_.answers.push_back(answer_of(*rule.result));
    plan_.otherwise = d_.otherwise ? answer_of(*d_.otherwise) : Answer{};
  }

  // Builds each slot's domain from the literals of its terms; a slot whose domain cannot be
  // built leaves its terms to closures (they never fail, so their place among the residuals
  // only keeps the order).
  void fold_rule_terms(std::vector<PendingRow>& rows) {
    std::map<std::int64_t, std::vector<Value>> literals;
    for (const PendingRow& row : rows) {
      for (const PendingRow::Term& t : row.terms) term_literals(*t.expr, literals[t.slot]);
    }
    std::map<std::int64_t, std::optional<Domain>> domains;
    for (auto& [slot, lits] : literals) {
      if (slot == kNoSlot) {
        domains[slot] = Domain::build(SlotKind::boolean, Type::boolean(), {});
      } else {
        const Slot& s = plan_.slots[static_cast<std::size_t>(slot)];
        domains[slot] = Domain::build(s.kind, s.input.type, lits);
      }
    }
    for (std::size_t r = 0; r < rows.size(); ++r) {
      PendingRow& row = rows[r];
      std::map<std::int64_t, Truth> per_slot;
      for (const PendingRow::Term& t : row.terms) {
        const std::optional<Domain>& dom = domains[t.slot];
        if (!dom) {
          row.residuals.emplace_back(t.pos, t.expr);
          continue;
        }
        Truth truth = term_truth(*t.expr, *dom);
        if (t.slot == kNoSlot) {
          row.never = row.never || truth[0] == 0;
          continue;
        }
        auto [it, fresh] = per_slot.try_emplace(t.slot, truth);
        if (!fresh) {
          for (std::size_t a = 0; a < truth.size(); ++a) it->second[a] &= truth[a];
        }
      }
      for (auto& [slot, truth] : per_slot) {
        PendingMask& pm = pending_masks_.try_emplace(static_cast<std::uint32_t>(slot), PendingMask{*domains[slot], {}})
                              .first->second;
        pm.truths.emplace_back(r, std::move(truth));
      }
    }
  }

  // ---- tables
  void table() {
    const std::size_t n = d_.columns.size();
    std::vector<SlotKind> kinds;
    for (const ir::InputColumn& col : d_.columns) {
      if (!col.expr) throw std::invalid_argument("a table column has no expression");
      plan_.column_slots.push_back(ec_.slot_of(*col.expr));
      plan_.columns.push_back(ec_.compile(*col.expr));
      plan_.computed_columns = plan_.computed_columns || !plan_.column_slots.back();
      kinds.push_back(slot_kind_of(col.expr->type));
    }
    // A column is cut into atoms when it reads a slot and its literal cells fit one domain.
    std::vector<std::optional<Domain>> domains(n);
    for (std::size_t c = 0; c < n; ++c) {
      if (!plan_.column_slots[c]) continue;
      std::vector<Value> lits;
      for (const ir::TableRow& row : d_.rows) {
        if (c < row.inputs.size() && cell_is_atomic(row.inputs[c], kinds[c])) cell_literals(row.inputs[c], lits);
      }
      const Slot& s = plan_.slots[*plan_.column_slots[c]];
      domains[c] = Domain::build(s.kind, s.input.type, lits);
    }
    start_masks(d_.rows.size());
    std::vector<std::optional<MaskColumn>> masks(n);
    for (std::size_t c = 0; c < n; ++c) {
      if (!domains[c]) continue;
      masks[c] = MaskColumn{*plan_.column_slots[c], *domains[c], {}};
      masks[c]->masks.assign(domains[c]->atom_count() * plan_.words, 0);
      for (std::size_t a = 0; a < domains[c]->atom_count(); ++a) {
        for (std::size_t w = 0; w < plan_.words; ++w) masks[c]->masks[a * plan_.words + w] = plan_.all_rows[w];
      }
    }
    std::vector<bool> used(n, false);
    for (std::size_t r = 0; r < d_.rows.size(); ++r) {
      const ir::TableRow& row = d_.rows[r];
      MatchRow match;
      match.rule = static_cast<std::uint32_t>(r);
      bool clean = true;  // no cell before this one may fail
      for (std::size_t c = 0; c < row.inputs.size(); ++c) {
        const ir::Cell& cell = row.inputs[c];
        if (cell.kind == ir::CellKind::any && c < n) continue;
        if (clean && c < n && masks[c] && cell_is_atomic(cell, kinds[c])) {
          clear_false(*masks[c], r, cell_truth(cell, masks[c]->domain));
          used[c] = true;
          continue;
        }
        ResidualCell rc;
        rc.column = static_cast<std::uint32_t>(c);
        rc.cell = &cell;
        for (const ir::ExprPtr& o : cell.operands) {
          rc.operands.push_back(o && o->kind != ir::ExprKind::literal ? ec_.compile(*o) : Closure());
        }
        clean = clean && !cell_may_fail(cell, c < n ? d_.columns[c].expr->type : Type::error());
        match.cells.push_back(std::move(rc));
      }
      plan_.residual_free = plan_.residual_free && match.cells.empty();
      plan_.rows.push_back(std::move(match));
    }
    for (std::size_t c = 0; c < n; ++c) {
      if (masks[c] && used[c]) plan_.masks.push_back(std::move(*masks[c]));
    }
    for (std::size_t r = 0; r < d_.rows.size(); ++r) plan_.answers.push_back(row_answer(r));
    // A table's `otherwise` is answered on the general path only (batches send a row no row
    // matches there), so it needs no output columns.
    plan_.otherwise = d_.otherwise ? answer_of(*d_.otherwise) : Answer{};
  }

  static bool cell_may_fail(const ir::Cell& cell, const Type& column) {
    for (const ir::ExprPtr& o : cell.operands) {
      if (!o || ExprCompiler::may_fail(*o)) return true;
    }
    bool ordering = false;
    ir::CellTest single;
    for (const ir::CellTest& t : ir::tests_of(cell, single)) {
      ordering = ordering || t.kind == ir::CellKind::range ||
                 (t.kind == ir::CellKind::compare && t.op != ir::BinaryOp::eq && t.op != ir::BinaryOp::ne);
      if (t.kind == ir::CellKind::compare && !(t.op == ir::BinaryOp::eq || t.op == ir::BinaryOp::ne ||
                                               t.op == ir::BinaryOp::lt || t.op == ir::BinaryOp::le ||
                                               t.op == ir::BinaryOp::gt || t.op == ir::BinaryOp::ge)) {
        return true;
      }
    }
    if (!ordering) return false;
    switch (column.kind()) {
      case TypeKind::integer:
      case TypeKind::number:
      case TypeKind::text:
      case TypeKind::time:
      case TypeKind::enumeration: return false;
      default: return true;
    }
  }

  Answer row_answer(std::size_t r) {
    const ir::TableRow& row = d_.rows[r];
    Answer a;
    a.known = row.outputs.size() == d_.outputs.size() && !d_.outputs.empty();
    std::vector<Value> known(row.outputs.size());
    for (std::size_t k = 0; k < row.outputs.size(); ++k) {
      const ir::ExprPtr& o = row.outputs[k];
      std::optional<Value> typed;
      if (o && o->kind == ir::ExprKind::literal && k < d_.outputs.size()) {
        typed = conform(widen(o->literal, o->type), d_.outputs[k].type);
      }
      a.outputs.push_back(typed || !o ? Closure() : ec_.compile(*o));
      a.column_known.push_back(typed ? 1 : 0);
      a.column_call.push_back(-1);
      if (!typed && o && k < d_.outputs.size() && d_.outputs[k].type == o->type) {
        if (std::optional<BatchCall> call = ec_.batch_call(*o)) a.column_call.back() = batch_call_index(*call);
      }
      if (typed) known[k] = *std::move(typed);
      a.known = a.known && typed.has_value();
    }
    if (a.known) {
      if (d_.outputs.size() == 1) {
        a.value = known[0];
      } else if (const RecordDef* def = d_.row_type.record_def(); def && def->fields.size() == known.size()) {
        auto record = std::make_shared<RecordValue>();
        record->def = def;
        record->fields = known;
        a.value = Value(Value::Record(std::move(record)));
      } else {
        a.known = false;
      }
    }
    // Batches read a row's outputs as the result's columns only when they are the same.
    const bool columns_are_outputs = plan_.outputs.size() == d_.outputs.size() && single_row_result();
    if (!columns_are_outputs) {
      a.column_known.assign(plan_.outputs.size(), 0);
      a.column_call.assign(plan_.outputs.size(), -1);
    } else {
      a.scalars.resize(known.size());
      for (std::size_t k = 0; k < known.size(); ++k) {
        if (a.column_known[k] && !scalar_from_value(known[k], plan_.output_kinds[k], plan_.outputs[k].type, a.scalars[k])) {
          a.column_known[k] = 0;
        }
      }
      a.known_values = std::move(known);
    }
    return a;
  }

  std::int32_t batch_call_index(const BatchCall& call) {
    for (std::size_t i = 0; i < plan_.batch_calls.size(); ++i) {
      if (plan_.batch_calls[i].callee == call.callee && plan_.batch_calls[i].forward == call.forward) {
        return static_cast<std::int32_t>(i);
      }
    }
    plan_.batch_calls.push_back(call);
    return static_cast<std::int32_t>(plan_.batch_calls.size() - 1);
  }

  // Whether the table's answer is one row's value (and so its columns are the row's outputs).
  bool single_row_result() const {
    switch (d_.hit) {
      case ir::HitPolicy::unique:
      case ir::HitPolicy::any:
      case ir::HitPolicy::priority:
      case ir::HitPolicy::first:
        return d_.result == (d_.outputs.size() == 1 ? d_.outputs[0].type : d_.row_type);
      default: return false;
    }
  }

  Answer answer_of(const ir::Expr& result) {
    Answer a;
    if (result.kind == ir::ExprKind::literal) {
      a.known = true;
      a.value = widen(result.literal, result.type);
    } else {
      a.compute = ec_.compile(result);
    }
    return a;
  }

  // Scalars of known answers, once every answer sits in its final place (texts point into them).
  void answer_scalars() {
    if (d_.is_table) {
      for (Answer& a : plan_.answers) {
        for (std::size_t k = 0; k < a.known_values.size(); ++k) {
          if (a.column_known[k]) {
            (void)scalar_from_value(a.known_values[k], plan_.output_kinds[k], plan_.outputs[k].type, a.scalars[k]);
          }
        }
      }
      return;
    }
    auto split = [this](Answer& a) {
      a.column_known.assign(plan_.outputs.size(), 0);
      a.scalars.resize(plan_.outputs.size());
      if (!a.known) return;
      if (d_.result.record_def() != nullptr) {
        if (!a.value.holds<Value::Record>()) return;
        const RecordValue& r = a.value.as_record();
        for (std::size_t k = 0; k < plan_.outputs.size() && k < r.fields.size(); ++k) {
          a.column_known[k] = scalar_from_value(r.fields[k], plan_.output_kinds[k], plan_.outputs[k].type, a.scalars[k]);
        }
      } else {
        a.column_known[0] = scalar_from_value(a.value, plan_.output_kinds[0], plan_.outputs[0].type, a.scalars[0]);
      }
    };
    for (Answer& a : plan_.answers) split(a);
    split(plan_.otherwise);
  }

  // ---- masks
  void start_masks(std::size_t rows) {
    plan_.words = std::max<std::size_t>(1, (rows + 63) / 64);
    plan_.all_rows.assign(plan_.words, 0);
    for (std::size_t r = 0; r < rows; ++r) plan_.all_rows[r / 64] |= std::uint64_t{1} << (r % 64);
  }

  void clear_false(MaskColumn& mc, std::size_t row, const Truth& truth) const {
    for (std::size_t a = 0; a < truth.size(); ++a) {
      if (!truth[a]) mc.masks[a * plan_.words + row / 64] &= ~(std::uint64_t{1} << (row % 64));
    }
  }

  struct PendingMask {
    Domain domain;
    std::vector<std::pair<std::size_t, Truth>> truths;  // (row, truth)
  };

  Plan& plan_;
  ExprCompiler ec_;
  const ir::Decision& d_;
  std::map<std::uint32_t, PendingMask> pending_masks_;
};

}  // namespace

void build_plan(CompiledModule& module, Plan& plan) {
  plan.building = true;
  Builder(module, plan).build();
  plan.building = false;
}

Plan& CompiledModule::plan(std::size_t index) {
  if (index >= plans.size()) throw std::out_of_range(fmt::format("there is no decision #{}", index));
  if (!plans[index]) {
    plans[index] = std::make_unique<Plan>();
    Plan& p = *plans[index];
    p.module = this;
    p.index = index;
    p.decision = &module().decisions[index];
    p.over_budget = p.decision->worst_case_cost > step_budget || detail::meets_none(module(), index, meets_none);
    build_plan(*this, p);
  }
  return *plans[index];
}

}  // namespace docket::detail
