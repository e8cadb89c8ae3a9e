// The evaluators of a lowered Program: the seam's implementations built over its IR and bindings.
#pragma once

#include <map>
#include <memory>
#include <mutex>

#include "docket/core/eval_mode.hpp"
#include "docket/core/program.hpp"
#include "eval/evaluator.hpp"

namespace docket::detail {

// The evaluators a Program keeps while it lives: its Impl owns one, registered under the address of
// the program's module so that shared_evaluator finds it. They are built without keep_alive (the
// program owns them); shared_evaluator hands them out holding the program.
class EvaluatorCache {
 public:
  explicit EvaluatorCache(const ir::Module* module);  // registers
  ~EvaluatorCache();                                  // unregisters
  EvaluatorCache(const EvaluatorCache&) = delete;
  EvaluatorCache& operator=(const EvaluatorCache&) = delete;

  std::mutex mutex;
  std::map<EvalMode, std::shared_ptr<const Evaluator>> kept;

 private:
  const ir::Module* module_;
};
// The cache of the live program whose module is `module`, or nullptr.
[[nodiscard]] EvaluatorCache* evaluator_cache_of(const ir::Module* module);

// What evaluators read of `program`; `keep_alive` (usually the program itself) is held by them.
[[nodiscard]] EvalSource eval_source(const Program& program, std::shared_ptr<const void> keep_alive = {});
// The evaluator of `mode` over the program (kept alive by it). `automatic` is resolve_eval_mode's.
// std::invalid_argument for `jit` in a build without LLVM, naming DOCKET_WITH_LLVM.
[[nodiscard]] std::shared_ptr<const Evaluator> make_evaluator(std::shared_ptr<const Program> program, EvalMode mode);
// The same, shared: one evaluator per program and mode while anything holds it (engines of the
// same program, a simulation's engine and its segments), so compiling happens once per version.
// The JIT's (jit, and automatic in a build with LLVM) is kept as long as the program itself.
[[nodiscard]] std::shared_ptr<const Evaluator> shared_evaluator(const std::shared_ptr<const Program>& program,
                                                                EvalMode mode);
// The reference interpreter over `program`, which must outlive it.
[[nodiscard]] Interpreter reference_interpreter(const Program& program);

}  // namespace docket::detail
