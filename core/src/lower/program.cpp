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
const detail::FunctionBindings& Program::bindings() const noexcept { return impl_->bindings; }
std::span<const std::uint64_t> Program::own_costs() const noexcept { return impl_->own_costs; }
const ProgramSource& Program::source() const noexcept { return impl_->source; }
const std::string& Program::hash() const noexcept { return impl_->hash; }

std::uint64_t Program::step_budget() const noexcept { return impl_->step_budget; }

std::shared_ptr<const Program> Program::lower(ir::Module module, const FunctionRegistry& functions,
                                              Diagnostics& diagnostics, ProgramSource source, LowerOptions options) {
  auto impl = std::make_unique<Impl>(std::move(module), functions);
  impl->hash = source.hash();
  impl->source = std::move(source);
  const std::size_t errors_before = diagnostics.error_count();
  const std::vector<ir::DecisionBounds> bounds = ir::decision_bounds(impl->module);
  std::vector<std::uint64_t> own_costs;
  own_costs.reserve(bounds.size());
  for (std::size_t i = 0; i < bounds.size(); ++i) {
    impl->module.decisions[i].worst_case_cost = bounds[i].cost;
    own_costs.push_back(bounds[i].own_cost);
  }
  detail::bind_and_validate(impl->module, bounds, functions, impl->bindings, diagnostics);
  if (diagnostics.error_count() != errors_before) return nullptr;

  impl->own_costs = std::move(own_costs);
  impl->step_budget = options.step_budget;
  impl->graphs.reserve(impl->module.workflows.size());
  for (const ir::Workflow& wf : impl->module.workflows) {
    impl->graphs.push_back(std::make_unique<WorkflowGraph>(wf));
  }
  return std::shared_ptr<const Program>(new Program(std::move(impl)));
}

}  // namespace docket
