// InputBatch and OutputBatch: typed columns, setters and getters.
#include "eval/compiled/batch.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <stdexcept>

#include "eval/compiled/closure.hpp"
#include "eval/compiled/plan.hpp"

namespace docket::detail {

void BatchColumn::resize(std::size_t rows) {
  switch (kind) {
    case SlotKind::text: texts.resize(rows); break;
    case SlotKind::duration: durations.resize(rows); break;
    case SlotKind::value: values.resize(rows); break;
    default: words.resize(rows); break;
  }
}

std::string_view TextArena::keep(std::string_view text) {
  if (text.empty()) return {};
  if (used_ + text.size() > capacity_) {
    capacity_ = std::max<std::size_t>(64 * 1024, text.size());
    chunks_.push_back(std::make_unique<char[]>(capacity_));
    used_ = 0;
  }
  char* at = chunks_.back().get() + used_;
  std::memcpy(at, text.data(), text.size());
  used_ += text.size();
  return {at, text.size()};
}

void TextArena::clear() {
  if (chunks_.size() > 1) chunks_.erase(chunks_.begin(), chunks_.end() - 1);
  used_ = 0;
}

}  // namespace docket::detail

namespace docket {

using detail::BatchColumn;
using detail::kIrregular;
using detail::kMissingAbove;
using detail::SlotKind;

namespace {

// The setters' refusals, out of their way (a setter is called for every field of every row).
[[noreturn, gnu::cold, gnu::noinline]] void refuse_setter(const InputBatch::Storage& s, std::size_t input, std::size_t row,
                                                           std::size_t rows, const char* setter) {
  if (input >= s.columns.size() || row >= rows) {
    throw std::invalid_argument(fmt::format("InputBatch::{}: input {} row {} is out of range", setter, input, row));
  }
  throw std::invalid_argument(fmt::format("InputBatch::{}: input {} is a {}", setter, input, s.columns[input].type.name()));
}

// The column of `input` when it is of kind `a` or `b` and `row` is in range (else std::invalid_argument),
// with the row marked present.
inline BatchColumn& typed_column(InputBatch::Storage& s, std::size_t input, std::size_t row, std::size_t rows, SlotKind a,
                                 SlotKind b, const char* setter) {
  if (input >= s.columns.size() || row >= rows) [[unlikely]] {
    refuse_setter(s, input, row, rows, setter);
  }
  BatchColumn& c = s.columns[input];
  if (c.kind != a && c.kind != b) [[unlikely]] {
    refuse_setter(s, input, row, rows, setter);
  }
  c.present[row] = 1;
  return c;
}

void put_word(BatchColumn& c, std::size_t row, const detail::Scalar& s) { c.words[row] = detail::word_of(s); }

}  // namespace

InputBatch::InputBatch(const CompiledDecision& decision) : plan_(&decision.plan()), s_(std::make_unique<Storage>()) {
  for (const detail::Slot& slot : plan_->slots) {
    BatchColumn c;
    c.kind = slot.kind;
    c.type = slot.input.type;
    s_->columns.push_back(std::move(c));
  }
}
InputBatch::~InputBatch() = default;
InputBatch::InputBatch(InputBatch&&) noexcept = default;
InputBatch& InputBatch::operator=(InputBatch&&) noexcept = default;

void InputBatch::resize(std::size_t rows) {
  for (BatchColumn& c : s_->columns) {
    c.resize(rows);
    c.present.assign(rows, 0);
  }
  s_->arena.clear();  // no row refers to a copied text any more
  rows_ = rows;
}

void InputBatch::set_bool(std::size_t input, std::size_t row, bool v) {
  detail::Scalar s{};
  s.b = v;
  put_word(typed_column(*s_, input, row, rows_, SlotKind::boolean, SlotKind::boolean, "set_bool"), row, s);
}

void InputBatch::set_int(std::size_t input, std::size_t row, std::int64_t v) {
  BatchColumn& c = typed_column(*s_, input, row, rows_, SlotKind::integer, SlotKind::number, "set_int");
  if (c.kind == SlotKind::number) {
    set_number(input, row, static_cast<double>(v));  // the input is then that number
    return;
  }
  detail::Scalar s{};
  s.i = v;
  put_word(c, row, s);
}

void InputBatch::set_number(std::size_t input, std::size_t row, double v) {
  BatchColumn& c = typed_column(*s_, input, row, rows_, SlotKind::number, SlotKind::number, "set_number");
  detail::Scalar s{};
  s.d = v;
  put_word(c, row, s);
  if (v != v) c.present[row] = kIrregular;  // NaN: left to the interpreter
}

void InputBatch::set_enum(std::size_t input, std::size_t row, std::uint32_t member_index) {
  BatchColumn& c = typed_column(*s_, input, row, rows_, SlotKind::enumeration, SlotKind::enumeration, "set_enum");
  if (member_index >= c.type.enum_def()->members.size()) {
    c.present[row] = 0;
    throw std::invalid_argument(fmt::format("InputBatch::set_enum: {} has no member #{}", c.type.name(), member_index));
  }
  detail::Scalar s{};
  s.e = member_index;
  put_word(c, row, s);
}

void InputBatch::set_text(std::size_t input, std::size_t row, std::string_view v) {
  typed_column(*s_, input, row, rows_, SlotKind::text, SlotKind::text, "set_text").texts[row] = s_->arena.keep(v);
}

void InputBatch::set_text_view(std::size_t input, std::size_t row, std::string_view v) {
  typed_column(*s_, input, row, rows_, SlotKind::text, SlotKind::text, "set_text_view").texts[row] = v;
}

void InputBatch::set_duration(std::size_t input, std::size_t row, Duration v) {
  typed_column(*s_, input, row, rows_, SlotKind::duration, SlotKind::duration, "set_duration").durations[row] = v;
}

void InputBatch::set_time(std::size_t input, std::size_t row, Instant v) {
  detail::Scalar s{};
  s.i = v.time_since_epoch().count();
  put_word(typed_column(*s_, input, row, rows_, SlotKind::time, SlotKind::time, "set_time"), row, s);
}

bool InputBatch::set_value(std::size_t input, std::size_t row, const Value& v) {
  if (input >= s_->columns.size() || row >= rows_) {
    throw std::invalid_argument(fmt::format("InputBatch::set_value: input {} row {} is out of range", input, row));
  }
  BatchColumn& c = s_->columns[input];
  c.present[row] = 0;
  detail::Scalar s{};
  if (c.kind == SlotKind::number && (v.holds<double>() || v.holds<std::int64_t>())) {
    set_number(input, row, v.as_number());  // a NaN is marked for the interpreter there
    return true;
  }
  if (!detail::scalar_from_value(v, c.kind, c.type, s)) return false;
  switch (c.kind) {
    case SlotKind::text: c.texts[row] = s_->arena.keep(s.text()); break;
    case SlotKind::duration: c.durations[row] = v.as_duration(); break;
    case SlotKind::value: c.values[row] = v; break;
    default: put_word(c, row, s); break;
  }
  c.present[row] = 1;
  return true;
}

void InputBatch::set_args(std::size_t row, std::span<const Value> args) {
  for (std::size_t j = 0; j < plan_->slots.size(); ++j) {
    const detail::Slot& slot = plan_->slots[j];
    set_missing(j, row);
    if (slot.input.param >= args.size()) continue;
    const Value* at = &args[slot.input.param];
    std::size_t depth = 0;
    for (std::uint32_t f : slot.input.fields) {
      if (at->empty()) break;  // a record on the way is missing: say where, for the interpreter's message
      if (!at->holds<Value::Record>() || f >= at->as_record().fields.size()) {
        at = nullptr;
        break;
      }
      at = &at->as_record().fields[f];
      ++depth;
    }
    if (at == nullptr) continue;
    if (at->empty() && depth < slot.input.fields.size()) {
      s_->columns[j].present[row] = static_cast<std::uint8_t>(kMissingAbove + depth);
    } else if (at->empty() && depth == 0) {
      s_->columns[j].present[row] = kMissingAbove;  // the parameter itself
    } else {
      (void)set_value(j, row, *at);
    }
  }
}

void InputBatch::set_missing(std::size_t input, std::size_t row) {
  if (input >= s_->columns.size() || row >= rows_) {
    throw std::invalid_argument(fmt::format("InputBatch::set_missing: input {} row {} is out of range", input, row));
  }
  s_->columns[input].present[row] = 0;
}

OutputBatch::OutputBatch() : s_(std::make_unique<Storage>()) {}
OutputBatch::~OutputBatch() = default;
OutputBatch::OutputBatch(OutputBatch&&) noexcept = default;
OutputBatch& OutputBatch::operator=(OutputBatch&&) noexcept = default;

bool OutputBatch::ok(std::size_t row) const { return s_->error_of.at(row) == 0; }

std::string_view OutputBatch::error(std::size_t row) const {
  const std::uint32_t e = s_->error_of.at(row);
  return e == 0 ? std::string_view() : std::string_view(s_->errors[e - 1]);
}

std::optional<std::size_t> OutputBatch::rule(std::size_t row) const {
  const std::int64_t r = s_->rules.at(row);
  return r < 0 ? std::nullopt : std::optional<std::size_t>(static_cast<std::size_t>(r));
}

namespace {
[[noreturn, gnu::cold, gnu::noinline]] void refuse_getter(const OutputBatch::Storage& s, std::size_t column,
                                                           std::size_t row, std::size_t rows, const char* getter) {
  if (column >= s.columns.size() || row >= rows || s.error_of[row] != 0) {
    throw std::invalid_argument(fmt::format("OutputBatch::{}: column {} row {} has no value", getter, column, row));
  }
  throw std::invalid_argument(fmt::format("OutputBatch::{}: column {} is a {}", getter, column, s.columns[column].type.name()));
}

inline const BatchColumn& output_column(const OutputBatch::Storage& s, std::size_t column, std::size_t row,
                                        std::size_t rows, SlotKind kind, const char* getter) {
  if (column >= s.columns.size() || row >= rows || s.error_of[row] != 0 || s.columns[column].kind != kind) [[unlikely]] {
    refuse_getter(s, column, row, rows, getter);
  }
  return s.columns[column];
}
}  // namespace

Value OutputBatch::value(std::size_t column, std::size_t row) const {
  if (column >= s_->columns.size() || row >= rows_ || s_->error_of[row] != 0) {
    throw std::invalid_argument(fmt::format("OutputBatch::value: column {} row {} has no value", column, row));
  }
  const BatchColumn& c = s_->columns[column];
  return detail::value_of(c.scalar(row), c.kind, c.type);
}

bool OutputBatch::boolean(std::size_t column, std::size_t row) const {
  return detail::scalar_of_word(output_column(*s_, column, row, rows_, SlotKind::boolean, "boolean").words[row]).b;
}
std::int64_t OutputBatch::integer(std::size_t column, std::size_t row) const {
  return detail::scalar_of_word(output_column(*s_, column, row, rows_, SlotKind::integer, "integer").words[row]).i;
}
double OutputBatch::number(std::size_t column, std::size_t row) const {
  return detail::scalar_of_word(output_column(*s_, column, row, rows_, SlotKind::number, "number").words[row]).d;
}
std::uint32_t OutputBatch::enum_index(std::size_t column, std::size_t row) const {
  return detail::scalar_of_word(output_column(*s_, column, row, rows_, SlotKind::enumeration, "enum_index").words[row]).e;
}
std::string_view OutputBatch::text(std::size_t column, std::size_t row) const {
  return output_column(*s_, column, row, rows_, SlotKind::text, "text").texts[row];
}
Duration OutputBatch::duration(std::size_t column, std::size_t row) const {
  return output_column(*s_, column, row, rows_, SlotKind::duration, "duration").durations[row];
}
Instant OutputBatch::time(std::size_t column, std::size_t row) const {
  return Instant(std::chrono::seconds(
      detail::scalar_of_word(output_column(*s_, column, row, rows_, SlotKind::time, "time").words[row]).i));
}

}  // namespace docket
