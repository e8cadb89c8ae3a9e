// The compiled evaluator: one decision (and every decision it calls) compiled for speed, with a
// call-at-a-time API on values and a column-wise batch API.
//
// A decision reads its inputs from typed slots: each parameter, or each field path below a record
// parameter that it reads ("c.voltage_kv"), gets one slot whose layout is fixed when the decision
// is compiled. Table columns and rule conditions that compare one slot with literals are
// compiled to per-slot lookups (enums and bools index a jump table, numbers, times and texts
// search sorted thresholds) that each give a bitset of the rows still possible, so under `first`
// the answer is the lowest bit left, found without testing rows one by one. Everything else
// compiles to closures over the slots. Answers, errors and matched rules are the reference
// interpreter's (tests/eval compares the two on random inputs for every example decision).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "docket/core/eval_mode.hpp"
#include "docket/core/ir.hpp"
#include "docket/core/program.hpp"  // hosts compile decisions of a Program
#include "docket/core/value.hpp"

namespace docket {

namespace detail {
struct CompiledModule;
struct Plan;
struct JitBatch;
}  // namespace detail

// Evaluation failed at run time (division by zero, a plugin function's error, no row matched under
// a policy that needs one...); the message is the interpreter's, naming the decision or table.
class EvaluationError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// One value the decision reads: a parameter ("segment"), or a field path below a record
// parameter ("c.voltage_kv", "app.customer.area").
struct DecisionInput {
  std::string path;
  std::uint32_t param = 0;             // index in the decision's parameters
  std::vector<std::uint32_t> fields;   // field indexes below the parameter, outermost first
  Type type;
};

// One column of the answer: the result itself (named after the table's output or the decision),
// or, for a record result such as a table with several outputs, one field of it.
struct DecisionOutput {
  std::string name;
  Type type;
};

// The answer of one call and which rule or row gave it (nullopt: `otherwise`, or a table policy
// that combines rows).
struct DecisionAnswer {
  Value value;
  std::optional<std::size_t> rule;
};

class CompiledDecision;

// Records for one compiled decision, column-wise: one column per DecisionInput. Fill the rows,
// then evaluate them all with CompiledDecision::evaluate(batch, outputs). Not thread-safe; use one
// batch per thread (the CompiledDecision itself is shared).
class InputBatch {
 public:
  explicit InputBatch(const CompiledDecision& decision);
  ~InputBatch();
  InputBatch(InputBatch&&) noexcept;
  InputBatch& operator=(InputBatch&&) noexcept;

  [[nodiscard]] std::size_t size() const noexcept { return rows_; }
  // Sets the number of rows and starts every row afresh: every input missing, texts copied by
  // set_text released. Keeps the capacity, so refilling a batch of the same size allocates nothing.
  void resize(std::size_t rows);
  void clear() { resize(0); }

  // Typed setters: `input` indexes CompiledDecision::inputs(), and the setter must match its type
  // (std::invalid_argument otherwise). An int is accepted for a number input.
  void set_bool(std::size_t input, std::size_t row, bool v);
  void set_int(std::size_t input, std::size_t row, std::int64_t v);
  void set_number(std::size_t input, std::size_t row, double v);
  void set_enum(std::size_t input, std::size_t row, std::uint32_t member_index);
  void set_text(std::size_t input, std::size_t row, std::string_view v);       // copied into the batch
  void set_text_view(std::size_t input, std::size_t row, std::string_view v);  // caller keeps it alive
  void set_duration(std::size_t input, std::size_t row, Duration v);
  void set_time(std::size_t input, std::size_t row, Instant v);
  // Any input from a value of its type (records and lists too); false when the value does not
  // fit the input's type (the input is then left missing).
  bool set_value(std::size_t input, std::size_t row, const Value& v);
  // Every input of a row from the decision's arguments, as for CompiledDecision::evaluate(args).
  void set_args(std::size_t row, std::span<const Value> args);
  void set_missing(std::size_t input, std::size_t row);

  struct Column;
  struct Storage;

 private:
  friend class CompiledDecision;
  const detail::Plan* plan_;
  std::size_t rows_ = 0;
  std::unique_ptr<Storage> s_;
};

// The answers for a batch: per row, either the outputs and the matched rule, or an error.
class OutputBatch {
 public:
  OutputBatch();
  ~OutputBatch();
  OutputBatch(OutputBatch&&) noexcept;
  OutputBatch& operator=(OutputBatch&&) noexcept;

  [[nodiscard]] std::size_t size() const noexcept { return rows_; }
  [[nodiscard]] std::span<const DecisionOutput> columns() const noexcept { return columns_; }

  [[nodiscard]] bool ok(std::size_t row) const;
  // The evaluation error of a row that is not ok (empty when it is).
  [[nodiscard]] std::string_view error(std::size_t row) const;
  [[nodiscard]] std::optional<std::size_t> rule(std::size_t row) const;

  // Output `column` of an ok row. The typed getters must match the column's type; value() takes any.
  [[nodiscard]] Value value(std::size_t column, std::size_t row) const;
  [[nodiscard]] bool boolean(std::size_t column, std::size_t row) const;
  [[nodiscard]] std::int64_t integer(std::size_t column, std::size_t row) const;
  [[nodiscard]] double number(std::size_t column, std::size_t row) const;
  [[nodiscard]] std::uint32_t enum_index(std::size_t column, std::size_t row) const;
  // Valid until the next evaluate into this batch, and while the CompiledDecision lives.
  [[nodiscard]] std::string_view text(std::size_t column, std::size_t row) const;
  [[nodiscard]] Duration duration(std::size_t column, std::size_t row) const;
  [[nodiscard]] Instant time(std::size_t column, std::size_t row) const;

  struct Storage;

 private:
  friend class CompiledDecision;
  std::size_t rows_ = 0;
  std::vector<DecisionOutput> columns_;
  std::unique_ptr<Storage> s_;
};

// Immutable and thread-safe once built; keeps its Program alive.
class CompiledDecision {
 public:
  // Compiles decision `name` of the program and the decisions it calls. Throws
  // std::invalid_argument naming the decision (with a did-you-mean) when the program has none.
  CompiledDecision(std::shared_ptr<const Program> program, std::string_view name);
  // The same, with batches run as `mode` says: `compiled` as above; `jit` by the decision's batch
  // kernel, compiled by LLVM before this returns (std::invalid_argument in a build without the JIT,
  // std::runtime_error when LLVM fails); `automatic` compiled at first, then by the kernel once a
  // background thread has compiled it (compiled only, in a build without the JIT). `interp` is
  // refused (std::invalid_argument): DecisionEvaluator evaluates one call in any mode. One calls on
  // values run compiled in every mode.
  CompiledDecision(std::shared_ptr<const Program> program, std::string_view name, EvalMode mode);
  // Decision `index` of a module being compiled (core's evaluators; plans are built on demand).
  CompiledDecision(std::shared_ptr<detail::CompiledModule> module, std::size_t index);
  ~CompiledDecision();
  CompiledDecision(CompiledDecision&&) noexcept;
  CompiledDecision& operator=(CompiledDecision&&) noexcept;

  [[nodiscard]] const ir::Decision& decision() const noexcept;
  [[nodiscard]] std::span<const DecisionInput> inputs() const noexcept;
  // The input with this path ("c.voltage_kv"), or nullopt.
  [[nodiscard]] std::optional<std::size_t> find_input(std::string_view path) const;
  [[nodiscard]] std::span<const DecisionOutput> outputs() const noexcept;

  // One call: one value per decision parameter. Thread-safe. Throws EvaluationError.
  [[nodiscard]] Value evaluate(std::span<const Value> args) const;
  // The same, with the rule or row that gave the answer.
  [[nodiscard]] DecisionAnswer answer(std::span<const Value> args) const;
  // Every row of `in`; `out` is resized and overwritten. A row that fails gets its error and the
  // other rows carry on. Thread-safe with one batch pair per thread.
  void evaluate(const InputBatch& in, OutputBatch& out) const;

  [[nodiscard]] const detail::Plan& plan() const noexcept { return *plan_; }
  // Whether batches run the JIT's kernel now (false under `compiled`, while `automatic` compiles,
  // and for a decision the JIT leaves to the compiled path: docs/evaluators.md).
  [[nodiscard]] bool jit_ready() const noexcept;

 private:
  std::shared_ptr<const detail::CompiledModule> module_;
  std::shared_ptr<detail::JitBatch> jit_;
  const detail::Plan* plan_;
  std::vector<DecisionInput> inputs_;
};

}  // namespace docket
