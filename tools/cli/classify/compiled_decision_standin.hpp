// STAND-IN for docket::CompiledDecision (core/include/docket/core/compiled_decision.hpp, branch eval-compiled):
// the same API over the reference interpreter, until that header is merged. classify_command.cpp
// names the evaluator in one place (`RowEvaluator`); switching is that one line.
#pragma once

#include <memory>
#include <span>
#include <stdexcept>
#include <string_view>

#include "docket/core/ir.hpp"
#include "docket/core/program.hpp"
#include "docket/core/value.hpp"

namespace docket::cli {

// Evaluation failed at run time; what() names the decision.
class EvaluationErrorStandIn : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class CompiledDecisionStandIn {
 public:
  // Throws std::invalid_argument naming the decision, with a did-you-mean.
  CompiledDecisionStandIn(std::shared_ptr<const Program> program, std::string_view name);
  [[nodiscard]] const ir::Decision& decision() const noexcept { return *decision_; }
  // Thread-safe. Throws EvaluationErrorStandIn.
  [[nodiscard]] Value evaluate(std::span<const Value> args) const;

 private:
  std::shared_ptr<const Program> program_;
  const ir::Decision* decision_ = nullptr;
  std::size_t index_ = 0;
};

}  // namespace docket::cli
