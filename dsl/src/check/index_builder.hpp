// Fills a SymbolIndex while the checker resolves names: symbols as declared, occurrences as met.
//
// The checker holds a pointer to one only under dsl::analyze(); compile() runs without it, so the
// CLI pays nothing for the index. Symbols are found again by the definitions the checker already
// holds (an EnumDef or RecordDef, a decision's or workflow's index, a node's index), never by
// building strings.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "docket/dsl/symbol_index.hpp"

namespace docket::dsl {

class IndexBuilder {
 public:
  explicit IndexBuilder(SymbolIndex& index) : index_(index) {}

  // A new symbol; with a valid name range, its declaration is an occurrence too.
  std::uint32_t declare(SymbolKind kind, std::string name, std::uint32_t parent, Type type, SourceRange name_range,
                        SourceRange extent, SlotKind slot = SlotKind::none, std::uint32_t scope = kNoSymbol);
  void set_type(std::uint32_t symbol, Type type) { index_.symbols[symbol].type = type; }
  // A use of `symbol` at `range` (ignored for kNoSymbol, but the slot is still recorded).
  void use(std::uint32_t symbol, SourceRange range, SlotKind slot, std::uint32_t scope = kNoSymbol,
           Type expected = Type::error(), std::string prefix = {});
  // A name that resolved to nothing (a mistake, or a half-typed name): only its slot is known.
  void unresolved(SourceRange range, SlotKind slot, std::uint32_t scope = kNoSymbol, Type expected = Type::error(),
                  std::string prefix = {}) {
    use(kNoSymbol, range, slot, scope, expected, std::move(prefix));
  }
  void expression(SourceRange range, Type type) { index_.expressions.push_back({range, type}); }

  // Enums and records (also a table's row record) by their definitions, with their members or fields in order.
  void bind(const void* def, std::uint32_t symbol) { defs_[def] = symbol; }
  [[nodiscard]] std::uint32_t symbol_of(const void* def) const;
  void add_child(const void* def, std::uint32_t symbol) { def_children_[def].push_back(symbol); }
  [[nodiscard]] std::uint32_t child(const void* def, std::size_t i) const;

  // Parameters of a decision, table or workflow symbol, in order.
  void add_param(std::uint32_t owner, std::uint32_t symbol) { params_[owner].push_back(symbol); }
  [[nodiscard]] std::uint32_t param(std::uint32_t owner, std::size_t i) const;

  // Decisions and tables by their index in the module; workflows likewise, and their nodes.
  void set_decision(std::size_t index, std::uint32_t symbol) { put(decisions_, index, symbol); }
  [[nodiscard]] std::uint32_t decision(std::size_t index) const { return get(decisions_, index); }
  void set_workflow(std::size_t index, std::uint32_t symbol) { put(workflows_, index, symbol); }
  [[nodiscard]] std::uint32_t workflow(std::size_t index) const { return get(workflows_, index); }
  void set_node(std::size_t workflow, std::size_t node, std::uint32_t symbol);
  [[nodiscard]] std::uint32_t node(std::size_t workflow, std::size_t node) const;
  void add_outcome(std::uint32_t node_symbol, std::uint32_t symbol) { outcomes_[node_symbol].push_back(symbol); }
  [[nodiscard]] std::uint32_t outcome(std::uint32_t node_symbol, std::size_t i) const;

  // Names declared by use, or outside the .dkt files: one symbol per name (events per workflow).
  // The first event occurrence is its declaration.
  std::uint32_t event(std::uint32_t workflow_symbol, const std::string& name, SourceRange first_use);
  [[nodiscard]] std::uint32_t find_event(std::uint32_t workflow_symbol, const std::string& name) const;
  std::uint32_t external(SymbolKind kind, const std::string& name, Type type = Type::error());
  // Modules: the first `module NAME` line declares it.
  std::uint32_t module(const std::string& name, SourceRange name_range, SourceRange extent);
  [[nodiscard]] std::uint32_t find_module(const std::string& name) const;

 private:
  static void put(std::vector<std::uint32_t>& v, std::size_t i, std::uint32_t symbol) {
    if (v.size() <= i) v.resize(i + 1, kNoSymbol);
    v[i] = symbol;
  }
  static std::uint32_t get(const std::vector<std::uint32_t>& v, std::size_t i) { return i < v.size() ? v[i] : kNoSymbol; }

  SymbolIndex& index_;
  std::unordered_map<const void*, std::uint32_t> defs_;
  std::unordered_map<const void*, std::vector<std::uint32_t>> def_children_;
  std::unordered_map<std::uint32_t, std::vector<std::uint32_t>> params_;
  std::vector<std::uint32_t> decisions_;
  std::vector<std::uint32_t> workflows_;
  std::vector<std::vector<std::uint32_t>> nodes_;
  std::unordered_map<std::uint32_t, std::vector<std::uint32_t>> outcomes_;
  std::map<std::pair<std::uint32_t, std::string>, std::uint32_t> events_;
  std::map<std::pair<SymbolKind, std::string>, std::uint32_t> externals_;
  std::map<std::string, std::uint32_t> modules_;
};

}  // namespace docket::dsl
