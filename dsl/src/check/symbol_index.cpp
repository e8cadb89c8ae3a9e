// SymbolIndex queries: the name or expression at a position, a symbol's occurrences, children, look-up.
#include "docket/dsl/symbol_index.hpp"

#include <algorithm>
#include <tuple>

namespace docket::dsl {

const char* symbol_kind_name(SymbolKind kind) noexcept {
  switch (kind) {
    case SymbolKind::module: return "module";
    case SymbolKind::enumeration: return "enum";
    case SymbolKind::member: return "enum member";
    case SymbolKind::record: return "record";
    case SymbolKind::field: return "field";
    case SymbolKind::decision: return "decision";
    case SymbolKind::table: return "table";
    case SymbolKind::output: return "table output";
    case SymbolKind::parameter: return "parameter";
    case SymbolKind::workflow: return "workflow";
    case SymbolKind::step: return "step";
    case SymbolKind::wait: return "wait";
    case SymbolKind::parallel: return "parallel";
    case SymbolKind::join: return "join";
    case SymbolKind::end: return "end";
    case SymbolKind::outcome: return "outcome";
    case SymbolKind::event: return "event";
    case SymbolKind::sla: return "sla";
    case SymbolKind::test: return "test";
    case SymbolKind::function: return "function";
    case SymbolKind::action: return "action";
    case SymbolKind::calendar: return "calendar";
  }
  return "symbol";
}

namespace {

template <class T>
bool before(const T& a, const T& b) {
  // By file and start; a wider range first, so that the last one holding a position is the innermost.
  return std::make_tuple(a.range.file, a.range.begin, b.range.end) < std::make_tuple(b.range.file, b.range.begin, a.range.end);
}

// The entries whose range starts at or before `offset` in `file` form a prefix of the file's block.
template <class T>
auto upper(const std::vector<T>& v, std::uint32_t file, std::uint32_t offset) {
  return std::upper_bound(v.begin(), v.end(), std::make_pair(file, offset), [](const auto& key, const T& e) {
    return std::make_pair(key.first, key.second) < std::make_pair(e.range.file, e.range.begin);
  });
}

// The narrowest entry of `file` holding `offset`, among the last `steps` starting at or before it.
template <class T>
const T* innermost(const std::vector<T>& v, std::uint32_t file, std::uint32_t offset, int steps, bool end_counts) {
  const T* best = nullptr;
  auto it = upper(v, file, offset);
  for (int i = 0; it != v.begin() && i < steps; ++i) {
    --it;
    if (it->range.file != file) break;
    const bool holds = it->range.begin <= offset && (offset < it->range.end || (end_counts && offset == it->range.end));
    if (holds && (best == nullptr || it->range.end - it->range.begin < best->range.end - best->range.begin)) best = &*it;
  }
  return best;
}

}  // namespace

void SymbolIndex::finish() {
  std::stable_sort(occurrences.begin(), occurrences.end(), before<Occurrence>);
  std::stable_sort(expressions.begin(), expressions.end(), before<TypedRange>);
}

const Occurrence* SymbolIndex::occurrence_at(std::uint32_t file, std::uint32_t offset) const {
  // A cursor just after a name is on it, so the end counts. Names are short and rarely nest, so a
  // short walk back from the last one starting here finds it.
  return innermost(occurrences, file, offset, 64, true);
}

const TypedRange* SymbolIndex::expression_at(std::uint32_t file, std::uint32_t offset) const {
  return innermost(expressions, file, offset, 256, false);
}

std::vector<const Occurrence*> SymbolIndex::occurrences_of(std::uint32_t symbol) const {
  std::vector<const Occurrence*> out;
  for (const Occurrence& o : occurrences) {
    if (o.symbol == symbol) out.push_back(&o);
  }
  return out;
}

std::vector<std::uint32_t> SymbolIndex::children(std::uint32_t parent) const {
  std::vector<std::uint32_t> out;
  for (std::uint32_t i = 0; i < symbols.size(); ++i) {
    if (symbols[i].parent == parent) out.push_back(i);
  }
  return out;
}

std::optional<std::uint32_t> SymbolIndex::find(SymbolKind kind, std::string_view name, std::uint32_t parent) const {
  for (std::uint32_t i = 0; i < symbols.size(); ++i) {
    const Symbol& s = symbols[i];
    if (s.kind == kind && s.parent == parent && s.name == name) return i;
  }
  return std::nullopt;
}

}  // namespace docket::dsl
