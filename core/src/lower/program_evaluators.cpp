// eval_source and make_evaluator: a Program's IR, bindings and costs handed to the evaluator of a mode.
#include "lower/program_evaluators.hpp"

#include <iterator>
#include <map>
#include <mutex>
#include <stdexcept>
#include <utility>

namespace docket::detail {

namespace {

struct CacheRegistry {
  std::mutex mutex;
  std::map<const ir::Module*, EvaluatorCache*> caches;
};

CacheRegistry& registry() {
  static auto* r = new CacheRegistry;  // never destroyed: programs may outlive static destruction
  return *r;
}

}  // namespace

EvaluatorCache::EvaluatorCache(const ir::Module* module) : module_(module) {
  CacheRegistry& r = registry();
  const std::lock_guard<std::mutex> lock(r.mutex);
  r.caches[module_] = this;
}

EvaluatorCache::~EvaluatorCache() {
  CacheRegistry& r = registry();
  const std::lock_guard<std::mutex> lock(r.mutex);
  r.caches.erase(module_);
}

EvaluatorCache* evaluator_cache_of(const ir::Module* module) {
  CacheRegistry& r = registry();
  const std::lock_guard<std::mutex> lock(r.mutex);
  auto it = r.caches.find(module);
  return it != r.caches.end() ? it->second : nullptr;
}

EvalSource eval_source(const Program& program, std::shared_ptr<const void> keep_alive) {
  EvalSource s;
  s.module = &program.module();
  s.bindings = &program.bindings();
  s.own_costs.assign(program.own_costs().begin(), program.own_costs().end());
  s.step_budget = program.step_budget();
  s.keep_alive = std::move(keep_alive);
  return s;
}

std::shared_ptr<const Evaluator> make_evaluator(std::shared_ptr<const Program> program, EvalMode mode) {
  if (!program) throw std::invalid_argument("make_evaluator: no program");
  EvalSource source = eval_source(*program, program);
  switch (resolve_eval_mode(mode)) {
    case EvalMode::interp: return make_interpreter_evaluator(std::move(source));
    case EvalMode::compiled: return make_compiled_evaluator(std::move(source));
    case EvalMode::jit:
#ifdef DOCKET_WITH_LLVM
      // `auto` starts on the compiled plans and switches to the JIT's code when it is ready.
      return make_jit_evaluator(std::move(source), mode == EvalMode::automatic);
#else
      throw std::invalid_argument(
          "--eval=jit: this docket was built without the LLVM JIT (configure with -DDOCKET_WITH_LLVM=ON and "
          "Debian's llvm-dev package); --eval=compiled is the fastest evaluator it has");
#endif
    case EvalMode::automatic: break;
  }
  return make_compiled_evaluator(std::move(source));
}

std::shared_ptr<const Evaluator> shared_evaluator(const std::shared_ptr<const Program>& program, EvalMode mode) {
  if (!program) throw std::invalid_argument("shared_evaluator: no program");
  if (resolve_eval_mode(mode) == EvalMode::jit) {
    // LLVM's compile costs tens of milliseconds: once per program, not once per engine.
    if (EvaluatorCache* cache = evaluator_cache_of(&program->module())) {
      const std::lock_guard<std::mutex> lock(cache->mutex);
      std::shared_ptr<const Evaluator>& kept = cache->kept[mode];
      if (!kept) {
        const std::shared_ptr<const Program> no_owner(std::shared_ptr<const Program>(), program.get());
        kept = make_evaluator(no_owner, mode);  // keeps no reference: the program owns it
      }
      return {program, kept.get()};  // holds the program, which holds the evaluator
    }
  }
  // An entry that is still alive keeps its program alive, so its address names that program.
  static std::mutex mutex;
  static std::map<std::pair<const Program*, EvalMode>, std::weak_ptr<const Evaluator>> cache;
  const std::lock_guard<std::mutex> lock(mutex);
  const auto key = std::make_pair(program.get(), mode);
  if (auto it = cache.find(key); it != cache.end()) {
    if (std::shared_ptr<const Evaluator> alive = it->second.lock()) return alive;
  }
  for (auto it = cache.begin(); it != cache.end();) it = it->second.expired() ? cache.erase(it) : std::next(it);
  std::shared_ptr<const Evaluator> made = make_evaluator(program, mode);
  cache[key] = made;
  return made;
}

Interpreter reference_interpreter(const Program& program) { return eval_source(program).interpreter(); }

}  // namespace docket::detail
