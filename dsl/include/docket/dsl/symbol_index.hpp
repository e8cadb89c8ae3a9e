// The symbol index: where each name of a program is declared and used, what it is, and what may be
// written at each name's place — for editors (hover, go to definition, references, rename, completion).
//
// The checker fills it while it resolves names (dsl::analyze), so it agrees with the checker on
// every name, and it is kept for what resolved even when the program has errors. Positions are
// SourceRanges into the SourceSet that was analysed; Types point into the analysed ir::Module.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "docket/core/source.hpp"
#include "docket/core/type.hpp"

namespace docket::dsl {

enum class SymbolKind : std::uint8_t {
  module,
  enumeration,
  member,      // of an enum (parent)
  record,
  field,       // of a record (parent)
  decision,
  table,
  output,      // of a table (parent): a column after `||`
  parameter,   // of a decision, table or workflow (parent)
  workflow,
  step,        // the nodes of a workflow (parent)
  wait,
  parallel,
  join,
  end,
  outcome,     // of a step (parent)
  event,       // of a workflow (parent): declared by its first `on EVENT` in the flow
  sla,         // of a workflow (parent)
  test,
  function,    // a host or plugin function: declared outside the .dkt files
  action,      // a plugin or host action (`by action ...`): likewise
  calendar,    // named by `calendar "..."`: defined in docket.toml or by a plugin
};

// "record field", "enum member", "step", ...: for messages and hovers.
[[nodiscard]] const char* symbol_kind_name(SymbolKind kind) noexcept;

inline constexpr std::uint32_t kNoSymbol = UINT32_MAX;

struct Symbol {
  SymbolKind kind = SymbolKind::record;
  std::string name;                  // as written: `area`, `site.district`, a calendar's name
  std::uint32_t parent = kNoSymbol;  // the record of a field, the workflow of a step, ...
  Type type;                         // a field's, parameter's or outcome's type; a decision's result
  SourceRange name_range;            // the name where declared; invalid when declared outside the .dkt files
  SourceRange extent;                // the whole declaration (for hovers); invalid likewise
};

// What may be written at a name's place, for completion. `Occurrence::scope` says where from.
enum class SlotKind : std::uint8_t {
  none,
  value,         // a name in an expression: the parameters of `scope` (a decision, table or
                 // workflow; none in tests), the steps of a workflow `scope`, decisions, tables,
                 // enums, records, functions; the members of `expected` (an enum) first
  field,         // after `x.` where x is a record: the fields of record `scope`
  member,        // after `Enum.`: the members of enum `scope`
  outcome,       // after `step.`, or `complete step with NAME:`: the outcomes of step `scope`
  callee,        // a dotted name that is no value (`site.dis`): functions starting with `prefix`
  action,        // `by action NAME(...)`: actions starting with `prefix`
  type,          // a type: the built-in types, enums, records
  node,          // in a flow or an SLA line: the nodes of workflow `scope`
  step,          // `complete NAME` in a test: the steps of workflow `scope`
  active,        // `expect active NAME`: the steps and waits of workflow `scope`
  end,           // `expect ended NAME`: the ends of workflow `scope`
  event,         // `on NAME`, `signal NAME`: the events of workflow `scope`
  workflow,      // `start NAME(...)` in a test: workflows
  record_field,  // `Customer { NAME: ... }`: the fields of record `scope`
  module,        // `import NAME`: modules
  calendar,      // `calendar "NAME"`: calendars
};

// One name in the source: a declaration, a use, or a name that did not resolve (symbol kNoSymbol).
struct Occurrence {
  SourceRange range;
  std::uint32_t symbol = kNoSymbol;
  bool declaration = false;
  SlotKind slot = SlotKind::none;
  std::uint32_t scope = kNoSymbol;
  Type expected;        // value slots: the type the context expects (error when unknown)
  std::string prefix;   // callee and action slots: the dotted part before the last name, e.g. `site.`
};

// An expression and its type, for hovers on what is not a name (`c.kva * 1.1`).
struct TypedRange {
  SourceRange range;
  Type type;
};

struct SymbolIndex {
  std::vector<Symbol> symbols;
  std::vector<Occurrence> occurrences;  // sorted by file, then start (after finish())
  std::vector<TypedRange> expressions;  // likewise

  // Sorts occurrences and expressions by position (the checker meets them out of order).
  void finish();

  // The name at `offset` of `file` (its range holds the offset, or ends there: a cursor just
  // after a name is on it). The innermost one when names nest (`site.district` and `site`).
  [[nodiscard]] const Occurrence* occurrence_at(std::uint32_t file, std::uint32_t offset) const;
  // The smallest expression holding `offset`.
  [[nodiscard]] const TypedRange* expression_at(std::uint32_t file, std::uint32_t offset) const;
  // Every occurrence of `symbol`, its declaration included, in position order.
  [[nodiscard]] std::vector<const Occurrence*> occurrences_of(std::uint32_t symbol) const;
  // The symbols whose parent is `parent`, in declaration order (kNoSymbol: the top-level ones).
  [[nodiscard]] std::vector<std::uint32_t> children(std::uint32_t parent) const;
  // A symbol by kind, name and parent.
  [[nodiscard]] std::optional<std::uint32_t> find(SymbolKind kind, std::string_view name,
                                                  std::uint32_t parent = kNoSymbol) const;
};

}  // namespace docket::dsl
