// Column storage behind InputBatch and OutputBatch.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "docket/core/compiled_decision.hpp"
#include "eval/compiled/scalar.hpp"

namespace docket::detail {

// One column: words for bool, int, number, enum and time (Scalar bit patterns), or texts,
// durations, or whole values, as its kind says.
struct BatchColumn {
  SlotKind kind = SlotKind::value;
  Type type;
  std::vector<std::uint64_t> words;
  std::vector<std::string_view> texts;
  std::vector<Duration> durations;
  std::vector<Value> values;
  std::vector<std::uint8_t> present;  // inputs only

  void resize(std::size_t rows);
  [[nodiscard]] Scalar scalar(std::size_t row) const noexcept {
    switch (kind) {
      case SlotKind::text: {
        Scalar s;
        s.p = texts[row].data();
        s.n = texts[row].size();
        return s;
      }
      case SlotKind::duration: {
        Scalar s;
        s.i = durations[row].amount;
        s.n = static_cast<std::uint64_t>(durations[row].unit);
        return s;
      }
      case SlotKind::value: {
        Scalar s;
        s.v = &values[row];
        s.n = 0;
        return s;
      }
      default: return scalar_of_word(words[row]);
    }
  }
};

// Texts copied into a batch: chunks that never move, so views into them stay valid.
class TextArena {
 public:
  std::string_view keep(std::string_view text);
  void clear();

 private:
  std::vector<std::unique_ptr<char[]>> chunks_;
  std::size_t used_ = 0;       // in the last chunk
  std::size_t capacity_ = 0;   // of the last chunk
};

struct Plan;

// The compiled batch path for single rows of a batch (compiled_decision.cpp): the rows a JIT
// kernel left over, answered exactly as CompiledDecision::evaluate(batch) answers them.
void run_compiled_rows(const Plan& plan, const InputBatch::Storage& in, OutputBatch::Storage& out,
                       std::span<const std::size_t> rows);

}  // namespace docket::detail

namespace docket {

struct InputBatch::Storage {
  std::vector<detail::BatchColumn> columns;
  detail::TextArena arena;
};

struct OutputBatch::Storage {
  std::vector<detail::BatchColumn> columns;
  std::vector<std::int64_t> rules;       // -1: none
  std::vector<std::uint32_t> error_of;   // 0: ok, else 1 + index in errors
  std::vector<std::string> errors;
  detail::TextArena arena;
};

}  // namespace docket
