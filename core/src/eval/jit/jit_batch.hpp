// JitBatch: a CompiledDecision's batch kernel, compiled now or in the background (no LLVM here).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>

#include "docket/core/compiled_decision.hpp"

namespace docket::detail {

struct JitBatch;

// Rows a decision runs in batches under --eval=auto before its kernel is compiled (tiered, as a
// ski rental: the compile costs about what the compiled path spends on 2.5 million rows, measured in
// session 9, so an input that cannot pay it back never starts it, and a long one pays at most about
// twice the best choice made in hindsight).
inline constexpr std::uint64_t kJitTierUpRows = 2'000'000;

// The kernel of decision `index` of `module` (its plan built): compiled before returning, or, with
// `background`, on a thread of its own once `tier_up_rows` rows have run compiled (0: at once).
// Throws std::runtime_error when LLVM fails (not in the background: there the compiled path stays).
[[nodiscard]] std::shared_ptr<JitBatch> make_jit_batch(std::shared_ptr<const CompiledModule> module, std::size_t index,
                                                       bool background, std::uint64_t tier_up_rows = kJitTierUpRows);
// Runs the batch through the kernel and the compiled path for the rows it leaves; false (nothing
// done) while the kernel is not ready or when the decision has none. Counts the rows toward the
// tier-up and starts the background compile when they reach it.
[[nodiscard]] bool run_jit_batch(JitBatch& jit, const InputBatch::Storage& in, OutputBatch::Storage& out,
                                 std::size_t rows);
// Whether the kernel is in use (false while compiling in the background, or without one).
[[nodiscard]] bool jit_batch_ready(const JitBatch& jit) noexcept;

}  // namespace docket::detail
