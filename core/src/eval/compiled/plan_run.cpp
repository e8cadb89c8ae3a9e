// Running a plan on one record: masks, the rows they leave, residual tests, then the answer under
// the decision's hit policy (the interpreter's table_hit functions, so errors read the same).
#include <fmt/format.h>

#include <array>
#include <bit>

#include "eval/compiled/closure.hpp"
#include "eval/compiled/plan.hpp"
#include "eval/eval_error.hpp"
#include "eval/operators.hpp"
#include "eval/table_hit.hpp"
#include "eval/value_check.hpp"

namespace docket::detail {

namespace {

using ir::HitPolicy;

// A cell left to test: literal operands read in place, the others from their closures.
bool cell_matches(const ResidualCell& rc, const Value& input, const Ctx& ctx) {
  return cell_holds(*rc.cell, input, [&](const ir::Expr& e, Value& scratch) -> const Value& {
    std::size_t i = 0;
    while (rc.cell->operands[i].get() != &e) ++i;  // cell_holds passes one of the cell's operands
    if (!rc.operands[i]) return e.literal;
    scratch = rc.operands[i](ctx);
    return scratch;
  });
}

// Row bitsets of up to 8 words on the stack.
class Words {
 public:
  explicit Words(std::size_t n) {
    if (n > small_.size()) heap_.resize(n);
    data_ = n > small_.size() ? heap_.data() : small_.data();
  }
  [[nodiscard]] std::uint64_t* data() noexcept { return data_; }

 private:
  std::array<std::uint64_t, 8> small_;
  std::vector<std::uint64_t> heap_;
  std::uint64_t* data_;
};

// Calls f(row) for every set bit in order until f returns false.
template <class F>
void for_each_bit(const std::uint64_t* mask, std::size_t words, F&& f) {
  for (std::size_t w = 0; w < words; ++w) {
    std::uint64_t bits = mask[w];
    while (bits != 0) {
      const auto b = static_cast<std::size_t>(std::countr_zero(bits));
      if (!f(w * 64 + b)) return;
      bits &= bits - 1;
    }
  }
}

}  // namespace

bool Plan::single_row_policy() const noexcept {
  if (!decision->is_table) return true;
  return decision->hit == HitPolicy::first || decision->hit == HitPolicy::unique;
}

void Plan::mask_of(const Scalar* s, std::uint64_t* mask) const {
  for (std::size_t w = 0; w < words; ++w) mask[w] = all_rows[w];
  for (const MaskColumn& mc : masks) {
    const std::uint64_t* m = &mc.masks[mc.domain.atom(s[mc.slot], slots[mc.slot].kind) * words];
    for (std::size_t w = 0; w < words; ++w) mask[w] &= m[w];
  }
}

DecisionResult Plan::run(const Scalar* s, unsigned depth) const {
  Words mask(words);
  mask_of(s, mask.data());
  return run_masked(s, mask.data(), depth);
}

DecisionResult Plan::run_masked(const Scalar* s, const std::uint64_t* mask, unsigned depth) const {
  const ir::Decision& d = *decision;
  if (depth > Interpreter::max_depth) {
    throw EvalError(fmt::format("decision `{}` nested more than {} calls deep (is it recursive?)", d.name,
                                Interpreter::max_depth));
  }
  const Ctx ctx{this, s, depth};
  auto value_of_answer = [&](const Answer& a) { return a.known ? a.value : a.compute(ctx); };

  if (!d.is_table) {
    std::optional<std::size_t> rule;
    for_each_bit(mask, words, [&](std::size_t r) {
      const MatchRow& row = rows[r];
      for (const Closure& cond : row.conditions) {
        if (!cond(ctx).as_bool()) return true;
      }
      rule = row.rule;
      return false;
    });
    if (rule) return {value_of_answer(answers[*rule]), rule};
    if (!d.otherwise) throw EvalError(fmt::format("no rule of decision `{}` held and it has no otherwise", d.name));
    return {value_of_answer(otherwise), std::nullopt};
  }

  // Column values: computed columns are evaluated first, as the interpreter does (they may
  // fail); slot columns only when a residual cell or a message needs them.
  std::vector<Value> inputs;
  auto need_inputs = [&] {
    if (!inputs.empty() || columns.empty()) return;
    inputs.reserve(columns.size());
    for (const Closure& c : columns) inputs.push_back(c(ctx));
  };
  if (computed_columns) need_inputs();

  // Matching rows; first and unique need at most two, kept without allocating.
  const std::size_t limit = rows_needed(d);
  std::array<std::size_t, 2> few{};
  std::size_t count = 0;
  std::vector<std::size_t> many;
  for_each_bit(mask, words, [&](std::size_t r) {
    const MatchRow& row = rows[r];
    bool all = true;
    for (const ResidualCell& rc : row.cells) {
      need_inputs();
      try {
        all = cell_matches(rc, inputs[rc.column], ctx);
      } catch (const EvalError& e) {
        throw EvalError(fmt::format("row {} of table `{}`, column `{}`: {}", r + 1, d.name, d.columns[rc.column].label,
                                    e.what()));
      }
      if (!all) break;
    }
    if (all) {
      if (limit <= few.size()) {
        few[count] = r;
      } else {
        many.push_back(r);
      }
      ++count;
    }
    return count < limit;
  });
  const std::span<const std::size_t> matched =
      limit <= few.size() ? std::span<const std::size_t>(few.data(), count) : std::span<const std::size_t>(many);
  auto column_values = [&] {
    need_inputs();
    return std::span<const Value>(inputs);
  };
  if (count == 1 && (d.hit == HitPolicy::first || d.hit == HitPolicy::unique)) {
    // One row, nothing to check or combine: its value, typed as the interpreter types it.
    Value v = row_value(matched[0], ctx);
    if (std::optional<Value> typed = conform(v, d.result)) return {*std::move(typed), matched[0]};
    return table_answer(d, matched, column_values, [&v](std::size_t) { return v; }, nullptr);  // fails as it does
  }
  return table_answer(d, matched, column_values, [&](std::size_t row) { return row_value(row, ctx); },
                      [&] { return value_of_answer(otherwise); });
}

Value Plan::row_output(std::size_t row, std::size_t k, const Ctx& ctx) const {
  const Answer& a = answers[row];
  if (k < a.known_values.size() && a.column_known[k]) return a.known_values[k];
  const ir::ExprPtr& cell = decision->rows[row].outputs.at(k);
  if (!cell) throw EvalError(fmt::format("row {} of table `{}` has no output #{}", row + 1, decision->name, k + 1));
  const ir::Expr& output = *cell;
  return typed_output(*decision, row, k, a.outputs[k] ? a.outputs[k](ctx) : widen(output.literal, output.type));
}

Value Plan::row_value(std::size_t row, const Ctx& ctx) const {
  if (answers[row].known) return answers[row].value;
  return row_value_of(*decision, row, [&](std::size_t k) { return row_output(row, k, ctx); });
}

bool Plan::extract(std::span<const Value> args, Scalar* out) const {
  if (args.size() != decision->params.size()) return false;
  for (std::size_t j = 0; j < slots.size(); ++j) {
    if (!extract_path(args[slots[j].input.param], slots[j].input.fields, slots[j], out[j])) return false;
  }
  return true;
}

Value Plan::rebuild_path(const Scalar* s, const std::uint8_t* present, std::uint32_t param,
                         const std::vector<std::uint32_t>& prefix, const Type& type) const {
  bool below = false;
  for (std::size_t j = 0; j < slots.size(); ++j) {
    const DecisionInput& in = slots[j].input;
    if (in.param != param || in.fields.size() < prefix.size() ||
        !std::equal(prefix.begin(), prefix.end(), in.fields.begin())) {
      continue;
    }
    if (present != nullptr && present[j] == kMissingAbove + prefix.size()) return {};  // this record is missing
    if (in.fields.size() == prefix.size()) {
      if (present != nullptr && present[j] != kPresent && present[j] != kIrregular) return {};
      return value_of(s[j], slots[j].kind, in.type);
    }
    below = true;
  }
  const RecordDef* def = type.record_def();
  if (!below || def == nullptr) return {};
  auto record = std::make_shared<RecordValue>();
  record->def = def;
  record->fields.resize(def->fields.size());
  std::vector<std::uint32_t> path = prefix;
  for (std::uint32_t f = 0; f < def->fields.size(); ++f) {
    path.push_back(f);
    record->fields[f] = rebuild_path(s, present, param, path, def->fields[f].type);
    path.pop_back();
  }
  return Value(Value::Record(std::move(record)));
}

std::vector<Value> Plan::rebuild(const Scalar* s, const std::uint8_t* present) const {
  std::vector<Value> args;
  for (std::uint32_t p = 0; p < decision->params.size(); ++p) {
    args.push_back(rebuild_path(s, present, p, {}, decision->params[p].type));
  }
  return args;
}

}  // namespace docket::detail
