// Program: lowering a checked module (validate, bind functions, build graphs) and its accessors.
#include "docket/core/program.hpp"

#include "lower/program_impl.hpp"
#include "lower/validate.hpp"

namespace docket {

Program::Program(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Program::~Program() = default;

const ir::Module& Program::module() const noexcept { return impl_->module; }
const FunctionRegistry& Program::functions() const noexcept { return *impl_->functions; }
const WorkflowGraph& Program::graph(std::size_t workflow_index) const { return *impl_->graphs.at(workflow_index); }
const detail::Interpreter& Program::interpreter() const noexcept { return *impl_->interpreter; }
const ProgramSource& Program::source() const noexcept { return impl_->source; }
const std::string& Program::hash() const noexcept { return impl_->hash; }

std::shared_ptr<const Program> Program::lower(ir::Module module, const FunctionRegistry& functions,
                                              Diagnostics& diagnostics, ProgramSource source) {
  auto impl = std::make_unique<Impl>(std::move(module), functions);
  impl->hash = source.hash();
  impl->source = std::move(source);
  const std::size_t errors_before = diagnostics.error_count();
  detail::bind_and_validate(impl->module, functions, impl->bindings, diagnostics);
  if (diagnostics.error_count() != errors_before) return nullptr;

  impl->interpreter = std::make_unique<detail::Interpreter>(impl->module, impl->bindings);
  impl->graphs.reserve(impl->module.workflows.size());
  for (const ir::Workflow& wf : impl->module.workflows) {
    impl->graphs.push_back(std::make_unique<WorkflowGraph>(wf, *impl->interpreter));
  }
  return std::shared_ptr<const Program>(new Program(std::move(impl)));
}

}  // namespace docket
