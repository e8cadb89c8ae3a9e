// IndexBuilder: symbols and occurrences recorded while the checker resolves names.
#include "check/index_builder.hpp"

namespace docket::dsl {

std::uint32_t IndexBuilder::declare(SymbolKind kind, std::string name, std::uint32_t parent, Type type,
                                    SourceRange name_range, SourceRange extent, SlotKind slot, std::uint32_t scope) {
  const auto id = static_cast<std::uint32_t>(index_.symbols.size());
  index_.symbols.push_back({kind, std::move(name), parent, type, name_range, extent});
  if (name_range.valid()) {
    use(id, name_range, slot, scope);
    index_.occurrences.back().declaration = true;
  }
  return id;
}

void IndexBuilder::use(std::uint32_t symbol, SourceRange range, SlotKind slot, std::uint32_t scope, Type expected,
                       std::string prefix) {
  if (!range.valid()) return;
  Occurrence& o = index_.occurrences.emplace_back();
  o.range = range;
  o.symbol = symbol;
  o.slot = slot;
  o.scope = scope;
  o.expected = expected;
  o.prefix = std::move(prefix);
}

std::uint32_t IndexBuilder::symbol_of(const void* def) const {
  auto it = defs_.find(def);
  return it == defs_.end() ? kNoSymbol : it->second;
}

std::uint32_t IndexBuilder::child(const void* def, std::size_t i) const {
  auto it = def_children_.find(def);
  return it == def_children_.end() || i >= it->second.size() ? kNoSymbol : it->second[i];
}

std::uint32_t IndexBuilder::param(std::uint32_t owner, std::size_t i) const {
  auto it = params_.find(owner);
  return it == params_.end() || i >= it->second.size() ? kNoSymbol : it->second[i];
}

void IndexBuilder::set_node(std::size_t workflow, std::size_t node, std::uint32_t symbol) {
  if (nodes_.size() <= workflow) nodes_.resize(workflow + 1);
  put(nodes_[workflow], node, symbol);
}

std::uint32_t IndexBuilder::node(std::size_t workflow, std::size_t node) const {
  return workflow < nodes_.size() ? get(nodes_[workflow], node) : kNoSymbol;
}

std::uint32_t IndexBuilder::outcome(std::uint32_t node_symbol, std::size_t i) const {
  auto it = outcomes_.find(node_symbol);
  return it == outcomes_.end() || i >= it->second.size() ? kNoSymbol : it->second[i];
}

std::uint32_t IndexBuilder::event(std::uint32_t workflow_symbol, const std::string& name, SourceRange first_use) {
  auto [it, fresh] = events_.try_emplace({workflow_symbol, name}, kNoSymbol);
  if (fresh) {
    it->second = declare(SymbolKind::event, name, workflow_symbol, Type::error(), first_use, first_use, SlotKind::event,
                         workflow_symbol);
  } else {
    use(it->second, first_use, SlotKind::event, workflow_symbol);
  }
  return it->second;
}

std::uint32_t IndexBuilder::find_event(std::uint32_t workflow_symbol, const std::string& name) const {
  auto it = events_.find({workflow_symbol, name});
  return it == events_.end() ? kNoSymbol : it->second;
}

std::uint32_t IndexBuilder::external(SymbolKind kind, const std::string& name, Type type) {
  auto [it, fresh] = externals_.try_emplace({kind, name}, kNoSymbol);
  if (fresh) it->second = declare(kind, name, kNoSymbol, type, {}, {});
  return it->second;
}

std::uint32_t IndexBuilder::module(const std::string& name, SourceRange name_range, SourceRange extent) {
  auto [it, fresh] = modules_.try_emplace(name, kNoSymbol);
  if (fresh) {
    it->second = declare(SymbolKind::module, name, kNoSymbol, Type::error(), name_range, extent, SlotKind::module);
  } else {
    use(it->second, name_range, SlotKind::module);
  }
  return it->second;
}

std::uint32_t IndexBuilder::find_module(const std::string& name) const {
  auto it = modules_.find(name);
  return it == modules_.end() ? kNoSymbol : it->second;
}

}  // namespace docket::dsl
