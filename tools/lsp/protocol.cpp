// View: docket SourceRanges as LSP ranges and locations; LSP positions as byte offsets.
#include "lsp/protocol.hpp"

#include "lsp/uri.hpp"

namespace docket::lsp {

std::string View::uri(std::uint32_t file) const { return path_to_uri(project_.files().at(file - 1)); }

const LineIndex& View::lines(std::uint32_t file) const {
  auto it = lines_.find(file);
  if (it == lines_.end()) it = lines_.emplace(file, LineIndex(snapshot_.sources.file(file).text())).first;
  return it->second;
}

json View::position(std::uint32_t file, std::uint32_t offset) const {
  Position p = lines(file).position(offset, encoding_);
  return {{"line", p.line}, {"character", p.character}};
}

json View::range(SourceRange r) const {
  return {{"start", position(r.file, r.begin)}, {"end", position(r.file, r.end)}};
}

json View::location(SourceRange r) const { return {{"uri", uri(r.file)}, {"range", range(r)}}; }

std::uint32_t View::offset(std::uint32_t file, Position p) const { return lines(file).offset(p, encoding_); }

std::string_view View::text(SourceRange r) const {
  const std::string& t = snapshot_.sources.file(r.file).text();
  if (r.begin > t.size() || r.end > t.size() || r.end < r.begin) return {};
  return std::string_view(t).substr(r.begin, r.end - r.begin);
}

Position position_param(const json& p) {
  if (!p.is_object() || !p.contains("line") || !p.contains("character") || !p["line"].is_number_unsigned() ||
      !p["character"].is_number_unsigned()) {
    throw RequestError(kInvalidParams, "`position` needs unsigned `line` and `character`");
  }
  return {p["line"].get<std::uint32_t>(), p["character"].get<std::uint32_t>()};
}

}  // namespace docket::lsp
