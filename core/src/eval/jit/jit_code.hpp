// JitCode: the machine code the JIT made for a compiled module's plans (LLVM stays in jit_lower.cpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "docket/core/value.hpp"
#include "eval/compiled/plan.hpp"
#include "eval/compiled/scalar.hpp"

namespace docket::detail {

// What a batch kernel reads and writes: the columns of one InputBatch and OutputBatch (per slot, per
// output column) and the rows begin..end. A kernel answers every row it can exactly as the compiled
// batch path would; a row it cannot (an input missing, no row, two rows under `unique`, an answer
// computed per row) gets error_of = kJitLeftOver and nothing else, for the compiled path to answer.
struct KernelArgs {
  const void* const* in_columns = nullptr;     // per slot: the words (or, for a text slot, the string_views)
  const std::uint8_t* const* in_present = nullptr;  // per slot
  std::uint64_t* const* out_words = nullptr;   // per output column: its words (nullptr unless a word kind)
  Duration* const* out_durations = nullptr;    // per output column: its durations (nullptr unless a duration)
  std::int64_t* rules = nullptr;
  std::uint32_t* error_of = nullptr;
  std::uint64_t begin = 0;
  std::uint64_t end = 0;
};
inline constexpr std::uint32_t kJitLeftOver = 0xFFFFFFFFu;

// The candidate rows of one record (Plan::mask_of, lowered); `mask` has plan.words words.
using MaskFn = void (*)(const Scalar* slots, std::uint64_t* mask);
using KernelFn = std::uint64_t (*)(const KernelArgs* args);  // returns how many rows it left over

// How much of a decision the JIT lowered.
enum class JitLowering : std::uint8_t {
  none,      // over the step budget: every record goes to the interpreter, as in the compiled evaluator
  matching,  // the row masks (slots to candidate rows) lowered; residual tests and answers stay compiled
  whole,     // and a batch kernel for the whole decision: masks, the hit policy's row, the outputs, the
             // calls of other decisions its outputs make
};

class JitEngine;  // owns LLVM's LLJIT and the code (jit_lower.cpp)

struct JitCode {
  std::vector<MaskFn> masks;           // by decision index; nullptr: not lowered
  std::vector<KernelFn> kernels;       // by decision index; nullptr: batches take the compiled path
  std::vector<JitLowering> lowering;   // by decision index
  double compile_ms = 0;               // IR generation, optimisation and machine code, all plans
  std::shared_ptr<JitEngine> engine;

  [[nodiscard]] std::size_t count(JitLowering l) const;
};

// Lowers the plans `decisions` of `module` (built already) to LLVM IR, optimises them (O2, for
// this host's CPU) and compiles them with ORC LLJIT. Throws std::runtime_error when LLVM fails.
[[nodiscard]] std::shared_ptr<const JitCode> jit_compile(const CompiledModule& module,
                                                         std::span<const std::size_t> decisions);

// The JIT code of an evaluator made by make_jit_evaluator (nullptr for another evaluator, or while
// its background compile has not finished): for tests and reports.
[[nodiscard]] const JitCode* jit_code_of(const Evaluator& evaluator);

}  // namespace docket::detail
