// JitBatch: running a batch through a decision's JIT kernel; the rows it leaves take the compiled path.
#include "eval/jit/jit_batch.hpp"

#include <atomic>
#include <cstdint>
#include <exception>
#include <thread>
#include <vector>

#include "eval/compiled/batch.hpp"
#include "eval/compiled/plan.hpp"
#include "eval/jit/jit_code.hpp"

namespace docket::detail {

struct JitBatch {
  std::shared_ptr<const CompiledModule> module;
  const Plan* plan = nullptr;
  std::size_t index = 0;
  std::shared_ptr<const JitCode> code;  // written before `kernel` is published
  std::atomic<KernelFn> kernel{nullptr};
  std::uint64_t tier_up_rows = 0;          // background: rows to run compiled before compiling
  std::atomic<std::uint64_t> rows_run{0};  // rows run compiled so far (classify's threads share it)
  std::atomic<bool> started{false};        // the worker was started (once, by whichever thread)
  std::thread worker;

  JitBatch() = default;
  JitBatch(const JitBatch&) = delete;
  JitBatch& operator=(const JitBatch&) = delete;
  ~JitBatch() {
    if (worker.joinable()) worker.join();
  }

  void compile() {
    const std::size_t decisions[] = {index};
    code = jit_compile(*module, decisions);
    kernel.store(code->kernels[index], std::memory_order_release);
  }

  void start_background() {
    if (started.exchange(true)) return;
    worker = std::thread([this] {
      try {
        compile();
      } catch (const std::exception&) {
        // The compiled path stays in use; --eval=jit reports the same failure synchronously.
      }
    });
  }
};

std::shared_ptr<JitBatch> make_jit_batch(std::shared_ptr<const CompiledModule> module, std::size_t index,
                                         bool background, std::uint64_t tier_up_rows) {
  auto jit = std::make_shared<JitBatch>();
  jit->plan = module->plans.at(index).get();
  jit->index = index;
  jit->module = std::move(module);
  if (!background) {
    jit->started = true;
    jit->compile();
    return jit;
  }
  jit->tier_up_rows = tier_up_rows;
  if (tier_up_rows == 0) jit->start_background();
  return jit;
}

bool jit_batch_ready(const JitBatch& jit) noexcept { return jit.kernel.load(std::memory_order_acquire) != nullptr; }

bool run_jit_batch(JitBatch& jit, const InputBatch::Storage& in, OutputBatch::Storage& out, std::size_t rows) {
  const KernelFn kernel = jit.kernel.load(std::memory_order_acquire);
  if (kernel == nullptr) {
    if (!jit.started.load(std::memory_order_relaxed) &&
        jit.rows_run.fetch_add(rows, std::memory_order_relaxed) + rows >= jit.tier_up_rows) {
      jit.start_background();
    }
    return false;
  }
  const Plan& plan = *jit.plan;
  std::vector<const void*> columns(plan.slots.size());
  std::vector<const std::uint8_t*> present(plan.slots.size());
  for (std::size_t j = 0; j < plan.slots.size(); ++j) {
    const BatchColumn& c = in.columns[j];
    columns[j] = c.kind == SlotKind::text ? static_cast<const void*>(c.texts.data()) : c.words.data();
    present[j] = c.present.data();
  }
  std::vector<std::uint64_t*> words(out.columns.size(), nullptr);
  std::vector<Duration*> durations(out.columns.size(), nullptr);
  bool post = false;  // text and value outputs, written here
  for (std::size_t k = 0; k < out.columns.size(); ++k) {
    BatchColumn& c = out.columns[k];
    if (c.kind == SlotKind::duration) {
      durations[k] = c.durations.data();
    } else if (c.kind == SlotKind::text || c.kind == SlotKind::value) {
      post = true;
    } else {
      words[k] = c.words.data();
    }
  }
  KernelArgs args;
  args.in_columns = columns.data();
  args.in_present = present.data();
  args.out_words = words.data();
  args.out_durations = durations.data();
  args.rules = out.rules.data();
  args.error_of = out.error_of.data();
  args.begin = 0;
  args.end = rows;
  const std::uint64_t left_over = kernel(&args);
  if (left_over == 0 && !post) return true;

  std::vector<std::size_t> left;
  left.reserve(left_over);
  for (std::size_t row = 0; row < rows; ++row) {
    if (out.error_of[row] == kJitLeftOver) {
      left.push_back(row);
      continue;
    }
    if (!post) continue;
    const std::int64_t rule = out.rules[row];
    const Answer& a = rule >= 0 ? plan.answers[static_cast<std::size_t>(rule)] : plan.otherwise;
    for (std::size_t k = 0; k < out.columns.size(); ++k) {
      BatchColumn& c = out.columns[k];
      if (c.kind == SlotKind::text) c.texts[row] = a.scalars[k].text();
      if (c.kind == SlotKind::value) c.values[row] = *a.scalars[k].v;
    }
  }
  run_compiled_rows(plan, in, out, left);
  return true;
}

}  // namespace docket::detail
