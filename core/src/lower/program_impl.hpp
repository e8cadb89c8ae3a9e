// Program::Impl: what a lowered Program owns (private to core).
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "docket/core/program.hpp"
#include "eval/function_bindings.hpp"
#include "lower/program_evaluators.hpp"
#include "lower/workflow_graph.hpp"

namespace docket {

// The module is moved in first; bindings and the graphs point into it, so an
// Impl never moves once built (it lives behind Program's unique_ptr).
struct Program::Impl {
  explicit Impl(ir::Module m, const FunctionRegistry& f) : module(std::move(m)), functions(&f) {}
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;

  ir::Module module;
  const FunctionRegistry* functions;
  detail::FunctionBindings bindings;
  std::vector<std::uint64_t> own_costs;  // each decision's own worst case (ir_limits.hpp)
  std::uint64_t step_budget = 0;
  std::vector<std::unique_ptr<WorkflowGraph>> graphs;
  ProgramSource source;
  std::string hash;
  // Last: its evaluators read everything above, so they go first.
  std::unique_ptr<detail::EvaluatorCache> evaluators = std::make_unique<detail::EvaluatorCache>(&module);
};

}  // namespace docket
