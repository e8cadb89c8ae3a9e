// The explainer's walk over one decision: values read, nested calls, and rules or rows checked one by one.
#pragma once

#include <cstddef>
#include <span>
#include <string_view>
#include <vector>

#include "docket/core/explain.hpp"
#include "eval/interpreter.hpp"

namespace docket::detail {

// What evaluating one expression read: parameter paths, and the answers of decisions it called.
struct Reads {
  std::vector<ReadValue> params;
  std::vector<ReadValue> calls;
};

class Explainer {
 public:
  explicit Explainer(const Interpreter& interpreter) : in_(&interpreter) {}

  // Decision `index` on `args`; `walk` counts the decisions calling it and the steps so far.
  [[nodiscard]] Explanation run(std::size_t index, std::span<const Value> args, Walk& walk) const;

 private:
  // explain_reads.cpp: the values `expr` reads (short-circuiting `and`/`or` as the interpreter does).
  // Each decision it calls is explained into `out.calls`; every parameter path read joins `out.inputs`.
  // `d` is the decision whose parameters `env` holds.
  Reads collect(const ir::Decision& d, const ir::Expr& expr, const Environment& env, Explanation& out,
                Walk& walk) const;
  void collect_into(const ir::Decision& d, const ir::Expr& expr, const Environment& env, Explanation& out,
                    Walk& walk, Reads& reads) const;

  // explain_rows.cpp: rule lists conjunct by conjunct, tables cell by cell.
  void check_rules(const ir::Decision& d, const Environment& env, Explanation& out, Walk& walk) const;
  void check_rows(const ir::Decision& d, const Environment& env, Explanation& out, Walk& walk) const;
  [[nodiscard]] RowCheck check_rule(const ir::Decision& d, std::size_t i, const Environment& env, Explanation& out,
                                    Walk& walk) const;

  const Interpreter* in_;
};

// docket::explain on the interpreter of a program (std::invalid_argument as explain.hpp says).
[[nodiscard]] Explanation explain_with(const Interpreter& interpreter, std::string_view name, std::span<const Value> args);

}  // namespace docket::detail
