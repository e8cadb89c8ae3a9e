// CompiledDecision: compiling on construction, one call on values, and batches block by block
// (masks column by column over a block of rows, then each row's answer).
#include "docket/core/compiled_decision.hpp"

#include <fmt/format.h>

#include <bit>
#include <stdexcept>

#include "eval/compiled/batch.hpp"
#include "eval/compiled/batch_masks.hpp"
#include "eval/compiled/plan.hpp"
#include "eval/eval_error.hpp"
#include "eval/jit/jit_batch.hpp"

namespace docket {

namespace detail {
namespace {

constexpr std::size_t kBlock = 256;  // rows whose masks are built together (they stay in L1)

// Stores a value in an output column (texts are copied into the batch).
void put_value(OutputBatch::Storage& out, BatchColumn& c, std::size_t row, const Value& v) {
  if (v.empty() && c.kind != SlotKind::value) {
    throw EvalError(fmt::format("the answer is none, but output type {} cannot be none", c.type.name()));
  }
  switch (c.kind) {
    case SlotKind::number: {
      Scalar s{};
      s.d = v.as_number();
      c.words[row] = word_of(s);
      return;
    }
    case SlotKind::text: c.texts[row] = out.arena.keep(v.as_text()); return;
    case SlotKind::duration: c.durations[row] = v.as_duration(); return;
    case SlotKind::value: c.values[row] = v; return;
    default: {
      Scalar s{};
      if (!scalar_from_value(v, c.kind, c.type, s)) {
        throw EvalError(fmt::format("the answer {} does not fit output type {}", to_string(v), c.type.name()));
      }
      c.words[row] = word_of(s);
    }
  }
}

class BatchRun {
 public:
  BatchRun(const Plan& plan, const InputBatch::Storage& in, OutputBatch::Storage& out)
      : plan_(plan), in_(in), out_(out), masks_(kBlock * plan.words), bad_(kBlock), frame_(plan.slots.size()),
        present_(plan.slots.size()), call_results_(kBlock * plan.batch_calls.size()),
        call_ok_(kBlock * plan.batch_calls.size()) {}

  void run(std::size_t rows) {
    for (std::size_t begin = 0; begin < rows; begin += kBlock) {
      const std::size_t n = std::min(kBlock, rows - begin);
      block(begin, n);
    }
  }
  // Single rows, each a block of its own (the rows a JIT kernel left over).
  void run_rows(std::span<const std::size_t> rows) {
    for (std::size_t row : rows) block(row, 1);
  }

 private:
  void block(std::size_t begin, std::size_t n) {
    const std::size_t words = plan_.words;
    for (std::size_t i = 0; i < n; ++i) {
      for (std::size_t w = 0; w < words; ++w) masks_[i * words + w] = plan_.all_rows[w];
    }
    for (const MaskColumn& mc : plan_.masks) and_column(mc, in_.columns[mc.slot], words, begin, n, masks_.data());
    batch_calls(begin, n);
    // Rows with an input missing or irregular go to the interpreter.
    std::fill(bad_.begin(), bad_.begin() + static_cast<std::ptrdiff_t>(n), 0);
    for (const BatchColumn& c : in_.columns) {
      const std::uint8_t* p = c.present.data() + begin;
      for (std::size_t i = 0; i < n; ++i) bad_[i] |= static_cast<std::uint8_t>(p[i] != kPresent);
    }
    const bool fast = plan_.residual_free && !plan_.computed_columns && plan_.single_row_policy();
    for (std::size_t i = 0; i < n; ++i) {
      const std::size_t row = begin + i;
      try {
        if (bad_[i] || plan_.over_budget) {
          interpret(row);
        } else if (!fast || !answer_from_mask(i, row, &masks_[i * words])) {
          gather(row);
          const DecisionResult r = plan_.run_masked(frame_.data(), &masks_[i * words], 0);
          write(row, r.value, r.rule);
        }
      } catch (const EvalError& e) {
        fail(row, e.what());
      }
    }
  }

  // The answers of the plan's batch calls for rows begin..begin+n, from the callee's masks over
  // this batch's columns. A row the callee's masks leave without an answer (no row matches, two
  // under unique) is marked, and takes the general path if it needs the call.
  void batch_calls(std::size_t begin, std::size_t n) {
    for (std::size_t k = 0; k < plan_.batch_calls.size(); ++k) {
      const BatchCall& call = plan_.batch_calls[k];
      const Plan& callee = *call.callee;
      const std::size_t words = callee.words;
      call_masks_.resize(kBlock * words);
      for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t w = 0; w < words; ++w) call_masks_[i * words + w] = callee.all_rows[w];
      }
      for (const MaskColumn& mc : callee.masks) {
        and_column(mc, in_.columns[call.forward[mc.slot]], words, begin, n, call_masks_.data());
      }
      Scalar* results = &call_results_[k * kBlock];
      std::uint8_t* ok = &call_ok_[k * kBlock];
      const bool unique = callee.decision->is_table && callee.decision->hit == ir::HitPolicy::unique;
      for (std::size_t i = 0; i < n; ++i) {
        const Answer* a = first_answer(callee, &call_masks_[i * words], unique);
        ok[i] = a != nullptr ? 1 : 0;
        if (a != nullptr) results[i] = a->scalars[0];
      }
    }
  }

  // The answer of the first row a mask leaves (the otherwise of a rule list when none), or
  // nullptr when the masks cannot tell (no row of a table, two under unique).
  static const Answer* first_answer(const Plan& plan, const std::uint64_t* mask, bool unique) {
    for (std::size_t w = 0; w < plan.words; ++w) {
      if (mask[w] == 0) continue;
      if (unique) {
        std::size_t count = 0;
        for (std::size_t v = w; v < plan.words; ++v) count += static_cast<std::size_t>(std::popcount(mask[v]));
        if (count > 1) return nullptr;
      }
      const std::size_t row = w * 64 + static_cast<std::size_t>(std::countr_zero(mask[w]));
      return &plan.answers[plan.rows[row].rule];
    }
    return !plan.decision->is_table && plan.decision->otherwise ? &plan.otherwise : nullptr;
  }

  // The answer straight from the mask when the first candidate row needs nothing computed;
  // false when the row must take the general path (no row, two rows under unique, computed
  // outputs).
  bool answer_from_mask(std::size_t i, std::size_t row, const std::uint64_t* mask) {
    const bool unique = plan_.decision->is_table && plan_.decision->hit == ir::HitPolicy::unique;
    const Answer* a = first_answer(plan_, mask, unique);
    if (a == nullptr) return false;
    const std::int64_t rule = a == &plan_.otherwise ? -1 : static_cast<std::int64_t>(a - plan_.answers.data());
    const std::size_t columns = out_.columns.size();
    bool gathered = false;
    for (std::size_t k = 0; k < columns; ++k) {
      BatchColumn& c = out_.columns[k];
      const Scalar* s = &a->scalars[k];
      if (!a->column_known[k]) {
        if (!plan_.decision->is_table) return false;
        const std::int32_t call = a->column_call[k];
        if (call >= 0 && call_ok_[static_cast<std::size_t>(call) * kBlock + i]) {
          s = &call_results_[static_cast<std::size_t>(call) * kBlock + i];
        } else {
          if (!gathered) gather(row);
          gathered = true;
          const Ctx ctx{&plan_, frame_.data(), 0};
          put_value(out_, c, row, plan_.row_output(static_cast<std::size_t>(rule), k, ctx));
          continue;
        }
      }
      switch (c.kind) {
        case SlotKind::text: c.texts[row] = s->text(); break;
        case SlotKind::duration: c.durations[row] = Duration{s->i, static_cast<DurationUnit>(s->n)}; break;
        case SlotKind::value: c.values[row] = *s->v; break;
        default: c.words[row] = word_of(*s); break;
      }
    }
    out_.rules[row] = rule;
    out_.error_of[row] = 0;
    return true;
  }

  void gather(std::size_t row) {
    for (std::size_t j = 0; j < frame_.size(); ++j) {
      frame_[j] = in_.columns[j].scalar(row);
      present_[j] = in_.columns[j].present[row];
    }
  }

  void interpret(std::size_t row) {
    gather(row);
    std::vector<Value> args = plan_.rebuild(frame_.data(), present_.data());
    const DecisionResult r = plan_.module->interpreter->decide(plan_.index, args);
    write(row, r.value, r.rule);
  }

  void write(std::size_t row, const Value& v, std::optional<std::size_t> rule) {
    if (plan_.decision->result.record_def() != nullptr) {
      if (v.empty() && plan_.decision->result.may_be_none()) {
        throw EvalError(fmt::format("decision `{}` answered none: a batch has no column for a record that is none",
                                    plan_.decision->name));
      }
      if (!v.holds<Value::Record>() || v.as_record().fields.size() != out_.columns.size()) {
        throw EvalError(fmt::format("decision `{}` answered {}, not a {}", plan_.decision->name, to_string(v),
                                    plan_.decision->result.name()));
      }
      for (std::size_t k = 0; k < out_.columns.size(); ++k) put_value(out_, out_.columns[k], row, v.as_record().fields[k]);
    } else {
      put_value(out_, out_.columns[0], row, v);
    }
    out_.rules[row] = rule ? static_cast<std::int64_t>(*rule) : -1;
    out_.error_of[row] = 0;
  }

  void fail(std::size_t row, const char* message) {
    out_.errors.emplace_back(message);
    out_.error_of[row] = static_cast<std::uint32_t>(out_.errors.size());
    out_.rules[row] = -1;
  }

  const Plan& plan_;
  const InputBatch::Storage& in_;
  OutputBatch::Storage& out_;
  std::vector<std::uint64_t> masks_;
  std::vector<std::uint8_t> bad_;
  std::vector<Scalar> frame_;
  std::vector<std::uint8_t> present_;
  std::vector<std::uint64_t> call_masks_;
  std::vector<Scalar> call_results_;     // per batch call, kBlock rows
  std::vector<std::uint8_t> call_ok_;
};

}  // namespace

void run_compiled_rows(const Plan& plan, const InputBatch::Storage& in, OutputBatch::Storage& out,
                       std::span<const std::size_t> rows) {
  if (!rows.empty()) BatchRun(plan, in, out).run_rows(rows);
}

}  // namespace detail

CompiledDecision::CompiledDecision(std::shared_ptr<detail::CompiledModule> module, std::size_t index) {
  if (!module) throw std::invalid_argument("CompiledDecision: no compiled module");
  plan_ = &module->plan(index);
  module_ = std::move(module);
  for (const detail::Slot& slot : plan_->slots) inputs_.push_back(slot.input);
}

CompiledDecision::~CompiledDecision() = default;
CompiledDecision::CompiledDecision(CompiledDecision&&) noexcept = default;
CompiledDecision& CompiledDecision::operator=(CompiledDecision&&) noexcept = default;

const ir::Decision& CompiledDecision::decision() const noexcept { return *plan_->decision; }

std::span<const DecisionInput> CompiledDecision::inputs() const noexcept { return inputs_; }

std::optional<std::size_t> CompiledDecision::find_input(std::string_view path) const {
  for (std::size_t i = 0; i < inputs_.size(); ++i) {
    if (inputs_[i].path == path) return i;
  }
  return std::nullopt;
}

std::span<const DecisionOutput> CompiledDecision::outputs() const noexcept { return plan_->outputs; }

Value CompiledDecision::evaluate(std::span<const Value> args) const { return answer(args).value; }

DecisionAnswer CompiledDecision::answer(std::span<const Value> args) const {
  try {
    detail::SlotBuffer slots(plan_->slots.size());
    if (!plan_->over_budget && plan_->extract(args, slots.data())) {
      detail::DecisionResult r = plan_->run(slots.data(), 0);
      return {std::move(r.value), r.rule};
    }
    detail::DecisionResult r = module_->interpreter->decide(plan_->index, args);
    return {std::move(r.value), r.rule};
  } catch (const detail::EvalError& e) {
    throw EvaluationError(e.what());
  }
}

void CompiledDecision::evaluate(const InputBatch& in, OutputBatch& out) const {
  if (in.plan_ != plan_) throw std::invalid_argument("CompiledDecision::evaluate: the batch was made for another decision");
  const std::size_t rows = in.size();
  out.rows_ = rows;
  out.columns_.assign(plan_->outputs.begin(), plan_->outputs.end());
  OutputBatch::Storage& s = *out.s_;
  s.columns.resize(plan_->outputs.size());
  for (std::size_t k = 0; k < s.columns.size(); ++k) {
    s.columns[k].kind = plan_->output_kinds[k];
    s.columns[k].type = plan_->outputs[k].type;
    s.columns[k].resize(rows);
  }
  s.rules.resize(rows);     // every row writes its rule and error slot
  s.error_of.resize(rows);
  s.errors.clear();
  s.arena.clear();
#ifdef DOCKET_WITH_LLVM
  if (jit_ && detail::run_jit_batch(*jit_, *in.s_, s, rows)) return;
#endif
  detail::BatchRun(*plan_, *in.s_, s).run(rows);
}

bool CompiledDecision::jit_ready() const noexcept {
#ifdef DOCKET_WITH_LLVM
  return jit_ && detail::jit_batch_ready(*jit_);
#else
  return false;
#endif
}

}  // namespace docket
