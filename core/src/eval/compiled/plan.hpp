// A compiled decision (Plan): its slots, the atom masks that pick candidate rows, what is left to
// test per row, and its answers. Built by plan_build.cpp, run by plan_run.cpp and batch_run.cpp.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "docket/core/compiled_decision.hpp"
#include "docket/core/ir.hpp"
#include "eval/compiled/atoms.hpp"
#include "eval/compiled/scalar.hpp"
#include "eval/evaluator.hpp"
#include "eval/interpreter.hpp"

namespace docket::detail {

struct Plan;
struct CompiledModule;

// Whether a batch's slot holds a value: kMissing (the value itself is missing), kPresent,
// kIrregular (present, but left to the interpreter: a NaN), or kMissingAbove + d (the record d
// fields down its path is missing, d = 0 for the parameter).
inline constexpr std::uint8_t kMissing = 0;
inline constexpr std::uint8_t kPresent = 1;
inline constexpr std::uint8_t kIrregular = 2;
inline constexpr std::uint8_t kMissingAbove = 3;

// What a closure evaluates against: the plan's slots for one record, and the call depth.
struct Ctx {
  const Plan* plan = nullptr;
  const Scalar* slots = nullptr;
  unsigned depth = 0;
};

// A compiled expression.
using Closure = std::function<Value(const Ctx&)>;

struct Slot {
  DecisionInput input;
  SlotKind kind = SlotKind::value;
};

// One slot's atoms and, per atom, the rows (bits) that stay possible.
struct MaskColumn {
  std::uint32_t slot = 0;
  Domain domain;
  std::vector<std::uint64_t> masks;  // atom_count() x words
};

// A table cell left to test per row: its column and operands as closures.
struct ResidualCell {
  std::uint32_t column = 0;
  const ir::Cell* cell = nullptr;
  std::vector<Closure> operands;
};

// A row of the matching bitset: a table row, or one way a rule's condition can hold (a rule
// whose condition is an `or` gets one per disjunct). What the masks cannot decide is tested
// here, in source order, only for rows the masks left.
struct MatchRow {
  std::uint32_t rule = 0;                // rule or table row, 0-based
  std::vector<Closure> conditions;       // rule lists: bool closures, all must hold
  std::vector<ResidualCell> cells;       // tables
};

// A call of another decision that batches answer column-wise: its arguments are paths of this
// plan's slots (`forward` maps each callee slot to one), and the callee is answered by its masks
// and known answers alone.
struct BatchCall {
  const Plan* callee = nullptr;
  std::vector<std::uint32_t> forward;
};

// The value a rule or table row gives: known when compiling (literals), or computed.
struct Answer {
  bool known = false;
  Value value;                    // when known: the rule's or row's value, already typed
  Closure compute;                // rule lists, when not known
  // Per output column (for batches): known columns hold their scalar, the others a closure.
  // A table row's outputs are its columns; a rule's record answer is split only when known.
  std::vector<std::uint8_t> column_known;
  std::vector<Scalar> scalars;
  std::vector<Closure> outputs;   // tables: one per output (empty closure when known)
  std::vector<Value> known_values;  // tables: the known outputs (the scalars' texts point into them)
  std::vector<std::int32_t> column_call;  // tables: per output, an index in Plan::batch_calls or -1
};

struct Plan {
  const CompiledModule* module = nullptr;
  std::size_t index = 0;
  const ir::Decision* decision = nullptr;
  bool building = false;
  // Every record goes to the interpreter: its worst case is above the program's step budget (the
  // interpreter counts steps, so both evaluators stop the same evaluations with the same error), or it
  // may meet none (meets_none.hpp: slots hold no none).
  bool over_budget = false;

  std::vector<Slot> slots;
  std::vector<DecisionOutput> outputs;
  std::vector<SlotKind> output_kinds;

  std::size_t words = 1;                  // 64-bit words per row bitset
  std::vector<std::uint64_t> all_rows;    // every match row
  std::vector<MaskColumn> masks;
  std::vector<MatchRow> rows;
  bool residual_free = true;              // no MatchRow has conditions or cells

  // Tables: one closure per input column; the slot when the column reads one.
  std::vector<Closure> columns;
  std::vector<std::optional<std::uint32_t>> column_slots;
  bool computed_columns = false;          // some column is not a slot

  std::vector<BatchCall> batch_calls;
  std::vector<Answer> answers;            // per rule or table row
  Answer otherwise;                       // rule lists; a table's `otherwise` (general path only)

  // The rows that match, stopping after `limit` (a single record; `mask` from the slots).
  [[nodiscard]] DecisionResult run(const Scalar* slots, unsigned depth) const;
  [[nodiscard]] DecisionResult run_masked(const Scalar* slots, const std::uint64_t* mask, unsigned depth) const;
  // The mask of candidate rows for one record (words() entries).
  void mask_of(const Scalar* slots, std::uint64_t* mask) const;
  // Reads the arguments into slots; false when some input is missing or irregular.
  [[nodiscard]] bool extract(std::span<const Value> args, Scalar* out) const;
  // Arguments rebuilt from slots (records hold only the fields the decision reads), for handing
  // a record to the interpreter. `present` holds a SlotState per slot (nullptr: all present).
  [[nodiscard]] std::vector<Value> rebuild(const Scalar* slots, const std::uint8_t* present) const;
  [[nodiscard]] Value rebuild_path(const Scalar* slots, const std::uint8_t* present, std::uint32_t param,
                                   const std::vector<std::uint32_t>& prefix, const Type& type) const;
  // One table row's value from its outputs (a record with several), checked as the interpreter checks it.
  [[nodiscard]] Value row_value(std::size_t row, const Ctx& ctx) const;
  // One output of a table row, typed.
  [[nodiscard]] Value row_output(std::size_t row, std::size_t output, const Ctx& ctx) const;
  // Whether the record's rows can be answered from the masks alone (no residual tests, no
  // computed columns, a policy that takes one row).
  [[nodiscard]] bool single_row_policy() const noexcept;
};

// Every plan of one program, built on demand (a decision and those it calls). Not thread-safe
// while plans are still being built; callers build what they need before sharing it.
struct CompiledModule {
  std::shared_ptr<const void> keep_alive;  // the owner of the IR (a lowered Program)
  const ir::Module* ir = nullptr;
  std::uint64_t step_budget = 0;
  std::unique_ptr<Interpreter> owned_interpreter;  // the reference, for records handed over whole
  const Interpreter* interpreter = nullptr;
  std::vector<std::unique_ptr<Plan>> plans;  // by decision index
  std::vector<std::uint8_t> meets_none;      // meets_none()'s memo, by decision index

  [[nodiscard]] const ir::Module& module() const { return *ir; }
  // The plan of decision `index`, compiled now if it was not yet.
  Plan& plan(std::size_t index);
};

// A module to compile decisions of `source` into (compiled_module.cpp): no plan is built yet.
[[nodiscard]] std::shared_ptr<CompiledModule> make_compiled_module(EvalSource source);

// Compiles decision `plan.index` into `plan` (plan_build.cpp).
void build_plan(CompiledModule& module, Plan& plan);

}  // namespace docket::detail
