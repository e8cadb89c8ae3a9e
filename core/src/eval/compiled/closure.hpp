// Compiling expressions to closures over a plan's slots (what atoms cannot answer: arithmetic,
// calls, records, lists, comparisons of two slots...). Semantics and error messages are the
// interpreter's: the closures call the same operators.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "eval/compiled/plan.hpp"

namespace docket::detail {

class ExprCompiler {
 public:
  ExprCompiler(CompiledModule& module, Plan& plan) : module_(module), plan_(plan) {}

  // The slot of a path (a parameter, or fields below one), added to the plan when new.
  [[nodiscard]] std::optional<std::uint32_t> slot_of(const ir::Expr& e);
  [[nodiscard]] std::optional<std::uint32_t> slot_of_path(std::uint32_t param, const std::vector<std::uint32_t>& fields,
                                                          const Type& type);
  [[nodiscard]] Closure compile(const ir::Expr& e);
  // `e` as a call batches can answer column-wise (see BatchCall), or nullopt.
  [[nodiscard]] std::optional<BatchCall> batch_call(const ir::Expr& e);
  // Whether evaluating `e` can fail (arithmetic, calls, ordering durations...). Conservative.
  [[nodiscard]] static bool may_fail(const ir::Expr& e);

 private:
  [[nodiscard]] Closure call_decision(const ir::Expr& e);
  [[nodiscard]] Closure call_function(const ir::Expr& e);
  [[nodiscard]] Closure field_of_value(const ir::Expr& e);

  CompiledModule& module_;
  Plan& plan_;
};

// `v`, read along `fields` (record fields, outermost first) into a slot. False when a record or
// the value is missing or does not fit.
[[nodiscard]] bool extract_path(const Value& v, std::span<const std::uint32_t> fields, const Slot& slot, Scalar& out);

}  // namespace docket::detail
