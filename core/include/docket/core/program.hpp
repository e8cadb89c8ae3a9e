// A Program: the checked IR lowered to workflow graphs and evaluable expressions. Immutable.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string_view>

#include "docket/core/diagnostic.hpp"
#include "docket/core/functions.hpp"
#include "docket/core/ir.hpp"
#include "docket/core/ir_limits.hpp"
#include "docket/core/program_source.hpp"

namespace docket {

class WorkflowGraph;  // core/src/lower/workflow_graph.hpp (Boost.Graph stays out of this header)
namespace detail {
class FunctionBindings;  // core/src/eval/function_bindings.hpp
}

// How a program is lowered.
struct LowerOptions {
  // The most evaluation steps one evaluation may take (a decision call counts its own worst case;
  // see ir_limits.hpp). Decisions whose worst case is above it are still run, by the interpreter
  // only, and stop with an error when an evaluation goes beyond it.
  std::uint64_t step_budget = ir::kDefaultStepBudget;
};

// Immutable after lowering and shared by every engine and thread that runs it.
class Program {
 public:
  ~Program();
  Program(const Program&) = delete;
  Program& operator=(const Program&) = delete;

  [[nodiscard]] const ir::Module& module() const noexcept;
  [[nodiscard]] const FunctionRegistry& functions() const noexcept;
  // The lowered graph of workflow `index` in module().workflows.
  [[nodiscard]] const WorkflowGraph& graph(std::size_t workflow_index) const;
  // Each call of a host or plugin function bound to its registry entry (private header; the
  // evaluators of core/src/lower/program_evaluators.hpp read it). A Program holds no evaluator:
  // an engine or host picks one (EvalMode) and builds it over the program.
  [[nodiscard]] const detail::FunctionBindings& bindings() const noexcept;
  // Each decision's own worst-case cost (ir_limits.hpp), counted against the step budget.
  [[nodiscard]] std::span<const std::uint64_t> own_costs() const noexcept;
  // The sources it was compiled from (empty when the host built the IR itself), and their sha256:
  // the program's version identity in a store (empty without sources).
  [[nodiscard]] const ProgramSource& source() const noexcept;
  [[nodiscard]] const std::string& hash() const noexcept;

  // Lowers a checked module. Problems found here (there should be none after a clean check)
  // go to `diagnostics`; the result is null when any was an error. The registry must outlive
  // the Program. `source`: the .dkt files `module` was compiled from, kept as its version. Each
  // decision's worst_case_cost is computed again here, so a module built by a host (not by the
  // checker) gets it too.
  static std::shared_ptr<const Program> lower(ir::Module module, const FunctionRegistry& functions,
                                              Diagnostics& diagnostics, ProgramSource source = {},
                                              LowerOptions options = {});

  // The step budget of one evaluation (LowerOptions::step_budget).
  [[nodiscard]] std::uint64_t step_budget() const noexcept;

  struct Impl;

 private:
  explicit Program(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace docket
