// make_compiled_module: the shared state of a program's compiled decisions (IR, reference interpreter).
#include <utility>

#include "eval/compiled/plan.hpp"

namespace docket::detail {

std::shared_ptr<CompiledModule> make_compiled_module(EvalSource source) {
  auto m = std::make_shared<CompiledModule>();
  m->ir = source.module;
  m->step_budget = source.step_budget;
  m->owned_interpreter = std::make_unique<Interpreter>(source.interpreter());
  m->interpreter = m->owned_interpreter.get();
  m->plans.resize(source.module->decisions.size());
  m->keep_alive = std::move(source.keep_alive);
  return m;
}

}  // namespace docket::detail
