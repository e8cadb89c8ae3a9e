// JitBatch: a CompiledDecision's batch kernel, compiled now or in the background (no LLVM here).
#pragma once

#include <cstddef>
#include <memory>

#include "docket/core/compiled_decision.hpp"

namespace docket::detail {

struct JitBatch;

// The kernel of decision `index` of `module` (its plan built): compiled before returning, or, with
// `background`, on a thread of its own while batches run compiled. Throws std::runtime_error when
// LLVM fails (not in the background: there the compiled path simply stays).
[[nodiscard]] std::shared_ptr<JitBatch> make_jit_batch(std::shared_ptr<const CompiledModule> module, std::size_t index,
                                                       bool background);
// Runs the batch through the kernel and the compiled path for the rows it leaves; false (nothing
// done) while the kernel is not ready or when the decision has none.
[[nodiscard]] bool run_jit_batch(const JitBatch& jit, const InputBatch::Storage& in, OutputBatch::Storage& out,
                                 std::size_t rows);
// Whether the kernel is in use (false while compiling in the background, or without one).
[[nodiscard]] bool jit_batch_ready(const JitBatch& jit) noexcept;

}  // namespace docket::detail
