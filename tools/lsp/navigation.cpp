// Go to definition, find references, and the outline of a file (document symbols).
#include "lsp/features.hpp"
#include "lsp/uri.hpp"

namespace docket::lsp {

namespace {

int symbol_kind(dsl::SymbolKind k) {
  using K = dsl::SymbolKind;
  switch (k) {
    case K::module: return 2;
    case K::enumeration: return 10;
    case K::member: return 22;
    case K::record: return 23;
    case K::field:
    case K::output: return 8;
    case K::decision:
    case K::table:
    case K::function:
    case K::action: return 12;
    case K::parameter: return 13;
    case K::workflow: return 5;
    case K::step:
    case K::wait:
    case K::parallel:
    case K::join:
    case K::end: return 6;
    case K::outcome: return 7;
    case K::event: return 24;
    case K::sla: return 14;
    case K::test: return 9;
    case K::calendar: return 14;
  }
  return 13;
}

}  // namespace

json definition(const View& view, std::uint32_t file, std::uint32_t offset) {
  const dsl::Occurrence* o = view.index().occurrence_at(file, offset);
  if (o == nullptr || o->symbol == dsl::kNoSymbol) return nullptr;
  const dsl::Symbol& s = view.index().symbols[o->symbol];
  if (s.name_range.valid()) return view.location(s.name_range);
  if (s.kind == dsl::SymbolKind::calendar) {
    if (auto where = view.project().calendar_definition(s.name)) {
      json at = {{"line", where->second}, {"character", 0}};
      return {{"uri", path_to_uri(where->first)}, {"range", {{"start", at}, {"end", at}}}};
    }
  }
  return nullptr;  // a plugin's function or action: declared in compiled code
}

json references(const View& view, std::uint32_t file, std::uint32_t offset, bool include_declaration) {
  const dsl::Occurrence* o = view.index().occurrence_at(file, offset);
  json out = json::array();
  if (o == nullptr || o->symbol == dsl::kNoSymbol) return out;
  for (const dsl::Occurrence* r : view.index().occurrences_of(o->symbol)) {
    if (r->declaration && !include_declaration) continue;
    out.push_back(view.location(r->range));
  }
  return out;
}

json document_symbols(const View& view, std::uint32_t file) {
  const dsl::SymbolIndex& index = view.index();
  std::vector<json> nodes(index.symbols.size());
  std::vector<bool> placed(index.symbols.size(), false);
  auto in_file = [&](const dsl::Symbol& s) { return s.extent.valid() && s.extent.file == file; };
  for (std::uint32_t i = 0; i < index.symbols.size(); ++i) {
    const dsl::Symbol& s = index.symbols[i];
    if (!in_file(s) || s.kind == dsl::SymbolKind::module) continue;
    SourceRange selection = s.name_range.valid() ? s.name_range : s.extent;
    nodes[i] = {{"name", s.name.empty() ? std::string("(unnamed)") : s.name},
                {"kind", symbol_kind(s.kind)},
                {"range", view.range(s.extent)},
                {"selectionRange", view.range(selection)}};
    if (!s.type.is_error() && s.kind != dsl::SymbolKind::enumeration && s.kind != dsl::SymbolKind::record) {
      nodes[i]["detail"] = s.type.name();
    }
    placed[i] = true;
  }
  // Children after their parents (symbols are declared parent first), so attach from the end.
  json top = json::array();
  for (std::uint32_t i = static_cast<std::uint32_t>(index.symbols.size()); i-- > 0;) {
    if (!placed[i]) continue;
    const std::uint32_t parent = index.symbols[i].parent;
    if (parent != dsl::kNoSymbol && placed[parent]) {
      json& children = nodes[parent]["children"];
      if (children.is_null()) children = json::array();
      children.insert(children.begin(), std::move(nodes[i]));
    } else {
      top.insert(top.begin(), std::move(nodes[i]));
    }
  }
  return top;
}

}  // namespace docket::lsp
