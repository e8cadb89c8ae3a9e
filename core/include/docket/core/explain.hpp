// Explanations: why one evaluation of a decision answered as it did, and why the rules above did not fire.
//
// An explanation is built on request, off the hot path: it walks the decision again with the
// reference interpreter's semantics (core/src/eval), conjunct by conjunct and cell by cell, and
// takes the answer itself from the interpreter, so it can never disagree with `decide`.
// Positions are SourceRanges; a front end with the SourceSet turns them into lines and text.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "docket/core/ir.hpp"
#include "docket/core/source.hpp"
#include "docket/core/value.hpp"

namespace docket {

class Program;

// A value the evaluation read: a parameter path such as "c.voltage_kv", a table column's label,
// or a called decision ("segment(...)").
struct ReadValue {
  std::string path;
  Value value;
};

// One rule or table row, checked against the arguments.
struct RowCheck {
  std::size_t index = 0;   // 0-based, in source order
  std::string label;       // the rule's label, "" when it has none (table rows have none)
  SourceRange range;       // the whole rule or row
  bool matched = false;
  // When not matched: the first conjunct of the rule's condition (`a and b and c`, left to right)
  // or the first cell of the row that failed, and the values that failed it.
  SourceRange failed;
  std::string column;               // tables: the failed cell's column label
  std::vector<ReadValue> failed_on;  // tables: the column's value, then what a computed cell read
  std::string error;                // evaluating the conjunct or cell failed (then not matched)
};

struct Explanation {
  std::string decision;
  SourceRange range;                    // the decision's declaration
  bool is_table = false;
  ir::HitPolicy hit = ir::HitPolicy::first;
  Value value;                          // the answer; empty when evaluation failed
  std::string error;                    // why evaluation failed; empty on success
  // The rule or row that gave the answer. nullopt: the rule list's `otherwise`, a hit policy that
  // combines rows (see `matching`), or a failed evaluation.
  std::optional<std::size_t> fired;
  SourceRange fired_range;              // the fired rule or row, or `otherwise`'s answer
  bool by_otherwise = false;            // the answer is `otherwise`'s (a rule list's, or a table's: no row matched)
  // Rule lists and `first` tables: every rule or row up to the one that fired (all of them when
  // none did). Other hit policies: every row.
  std::vector<RowCheck> checks;
  std::vector<std::size_t> matching;    // tables: every row that matches, 0-based, in source order
  std::vector<ReadValue> inputs;        // parameter paths read, in the order first read
  std::vector<Explanation> calls;       // decisions this one called, each explained in turn
};

// Explains decision `name` of `program` on one value per parameter. Never throws for a failed
// evaluation (that is `error`); throws std::invalid_argument, naming the decision with a
// did-you-mean, when the program has no decision by that name or the argument count is wrong.
[[nodiscard]] Explanation explain(const Program& program, std::string_view name, std::span<const Value> args);

}  // namespace docket
