// Describing symbols: declarations as written (collapsed to one line), kinds, comments, plugin signatures.
#include "lsp/describe.hpp"

#include <fmt/format.h>

namespace docket::lsp {

namespace {

// White space runs (line breaks and indentation too) as one space; comments dropped.
std::string one_line(std::string_view text) {
  std::string out;
  bool space = false;
  bool comment = false;
  bool quoted = false;
  for (char c : text) {
    if (comment) {
      if (c == '\n') comment = false;
      else continue;
    }
    if (c == '"') quoted = !quoted;
    if (c == '#' && !quoted) {
      comment = true;
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

const std::string& parent_name(const View& view, const dsl::Symbol& s) {
  static const std::string none;
  return s.parent == dsl::kNoSymbol ? none : view.index().symbols[s.parent].name;
}

}  // namespace

std::string external_signature(const View& view, const dsl::Symbol& s, std::string* origin) {
  const FunctionRegistry& functions = view.project().environment().functions;
  std::vector<std::string> params;
  if (s.kind == dsl::SymbolKind::function) {
    const Function* f = functions.find(s.name);
    if (f == nullptr) return s.name + "(...)";
    for (const Type& t : f->signature.params) params.push_back(t.name());
    if (origin != nullptr) *origin = f->signature.origin;
    return fmt::format("{}({}) -> {}", s.name, fmt::join(params, ", "), f->signature.result.name());
  }
  const ActionEntry* a = functions.find_action(s.name);
  if (a == nullptr) return s.name + "(...)";
  for (const Type& t : a->signature.params) params.push_back(t.name());
  if (origin != nullptr) *origin = a->signature.origin;
  return fmt::format("{}({})", s.name, fmt::join(params, ", "));
}

std::string declaration_line(const View& view, std::uint32_t symbol) {
  const dsl::Symbol& s = view.index().symbols[symbol];
  using K = dsl::SymbolKind;
  switch (s.kind) {
    case K::function:
    case K::action: return external_signature(view, s, nullptr);
    case K::calendar: return fmt::format("calendar \"{}\"", s.name);
    case K::event: return fmt::format("on {}", s.name);
    case K::member: return fmt::format("{}.{}", parent_name(view, s), s.name);
    case K::test: return fmt::format("test \"{}\"", s.name);
    case K::module: return fmt::format("module {}", s.name);
    default: break;
  }
  if (!s.extent.valid()) return s.name;
  std::string_view text = view.text(s.extent);
  const bool block = s.kind == K::decision || s.kind == K::table || s.kind == K::workflow || s.kind == K::record ||
                     s.kind == K::enumeration || s.kind == K::sla;
  if (block) {
    std::string whole = one_line(text);
    // An enum or a short record reads best whole; other blocks by their heading.
    if ((s.kind == K::enumeration || s.kind == K::record) && whole.size() <= 160) return whole;
    std::size_t brace = text.find('{');
    return one_line(text.substr(0, brace));
  }
  if (s.kind == K::output && !s.type.is_error() && text.find(':') == std::string_view::npos) {
    return fmt::format("{} : {}", s.name, s.type.name());
  }
  return one_line(text);
}

std::string kind_line(const View& view, std::uint32_t symbol) {
  const dsl::Symbol& s = view.index().symbols[symbol];
  std::string kind = dsl::symbol_kind_name(s.kind);
  if (s.parent != dsl::kNoSymbol) {
    const dsl::Symbol& p = view.index().symbols[s.parent];
    kind += fmt::format(" of {} `{}`", dsl::symbol_kind_name(p.kind), p.name);
  }
  if (s.name_range.valid()) {
    const SourceFile& f = view.sources().file(s.name_range.file);
    const auto line = f.line_column(s.name_range.begin).line;
    std::string name = f.name();
    if (std::size_t slash = name.find_last_of('/'); slash != std::string::npos) name = name.substr(slash + 1);
    kind += fmt::format(" — {}:{}", name, line);
  }
  return kind;
}

std::string doc_comment(const View& view, std::uint32_t symbol) {
  const dsl::Symbol& s = view.index().symbols[symbol];
  if (!s.extent.valid()) return {};
  const SourceFile& f = view.sources().file(s.extent.file);
  const std::uint32_t line = f.line_column(s.extent.begin).line;
  std::vector<std::string> above;
  for (std::uint32_t l = line; l > 1; --l) {
    std::string_view t = f.line_text(l - 1);
    std::size_t first = t.find_first_not_of(" \t");
    if (first == std::string_view::npos || t[first] != '#') break;
    std::string_view c = t.substr(first + 1);
    if (!c.empty() && c.front() == ' ') c.remove_prefix(1);
    above.insert(above.begin(), std::string(c));
  }
  // A comment after the declaration on its own last line (`load_level : int  # 1, 2 or 3`).
  std::string_view last = f.line_text(f.line_column(s.extent.end).line);
  bool quoted = false;
  std::string trailing;
  for (std::size_t i = 0; i < last.size(); ++i) {
    if (last[i] == '"') quoted = !quoted;
    if (last[i] == '#' && !quoted) {
      std::string_view c = last.substr(i + 1);
      while (!c.empty() && c.front() == ' ') c.remove_prefix(1);
      trailing = std::string(c);
      break;
    }
  }
  std::string out;
  for (const std::string& a : above) out += a + "\n";
  if (!trailing.empty()) out += trailing + "\n";
  return out;
}

}  // namespace docket::lsp
