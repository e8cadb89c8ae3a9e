// Rename: every occurrence of a name across the program's files, refused when the new name is
// not a name, would clash, or when a file does not parse (its broken lines could hold more uses).
#include <fmt/format.h>

#include "docket/dsl/analysis.hpp"
#include "lsp/features.hpp"

namespace docket::lsp {

namespace {

using K = dsl::SymbolKind;

bool is_node(K k) { return k == K::step || k == K::wait || k == K::parallel || k == K::join || k == K::end; }
bool is_top(K k) { return k == K::enumeration || k == K::record || k == K::decision || k == K::table || k == K::workflow; }

// The occurrence at the cursor, of a symbol that may be renamed.
const dsl::Occurrence& renameable(const View& view, std::uint32_t file, std::uint32_t offset) {
  const dsl::Occurrence* o = view.index().occurrence_at(file, offset);
  if (o == nullptr || o->symbol == dsl::kNoSymbol) throw RequestError(kRequestFailed, "there is no name here to rename");
  const dsl::Symbol& s = view.index().symbols[o->symbol];
  switch (s.kind) {
    case K::function:
    case K::action: throw RequestError(kRequestFailed, fmt::format("`{}` is named by a plugin or the host, not in .dkt files", s.name));
    case K::calendar: throw RequestError(kRequestFailed, "a calendar is named in docket.toml: rename it there and here by hand");
    case K::test: throw RequestError(kRequestFailed, "a test's name is a text: edit it in place");
    default: break;
  }
  return *o;
}

// Whether `name` is taken where symbol `s` lives.
std::string clash(const View& view, const dsl::Symbol& s, const std::string& name) {
  const auto& symbols = view.index().symbols;
  for (const dsl::Symbol& other : symbols) {
    if (other.name != name) continue;
    bool same_space = false;
    if (is_top(s.kind)) {
      same_space = is_top(other.kind);
    } else if (is_node(s.kind)) {
      same_space = is_node(other.kind) && other.parent == s.parent;
    } else {
      same_space = other.kind == s.kind && other.parent == s.parent;
    }
    if (same_space) return fmt::format("{} `{}` already exists", dsl::symbol_kind_name(other.kind), name);
  }
  if (is_node(s.kind) && name == "start") return "`start` is the workflow's entry";
  return {};
}

}  // namespace

json prepare_rename(const View& view, std::uint32_t file, std::uint32_t offset) {
  const dsl::Occurrence& o = renameable(view, file, offset);
  return {{"range", view.range(o.range)}, {"placeholder", std::string(view.text(o.range))}};
}

json rename(const View& view, std::uint32_t file, std::uint32_t offset, const std::string& new_name) {
  const dsl::Occurrence& o = renameable(view, file, offset);
  const dsl::Symbol& s = view.index().symbols[o.symbol];
  if (!dsl::is_valid_name(new_name)) {
    throw RequestError(kRequestFailed,
                       dsl::is_reserved_word(new_name)
                           ? fmt::format("`{}` is a reserved word", new_name)
                           : fmt::format("`{}` is not a name: start with a letter or `_`, then letters, digits and `_`", new_name));
  }
  if (view.snapshot().syntax_errors) {
    throw RequestError(kRequestFailed, "a file of the program does not parse: fix its syntax errors first, so that no use of the name is missed");
  }
  if (new_name == s.name) return {{"changes", json::object()}};
  if (std::string why = clash(view, s, new_name); !why.empty()) throw RequestError(kRequestFailed, why);
  json changes = json::object();
  for (const dsl::Occurrence* r : view.index().occurrences_of(o.symbol)) {
    // An occurrence is the name itself; a module's is the word after `module` or `import`.
    changes[view.uri(r->range.file)].push_back({{"range", view.range(r->range)}, {"newText", new_name}});
  }
  return {{"changes", changes}};
}

}  // namespace docket::lsp
