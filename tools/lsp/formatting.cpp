// Formatting through `docket fmt`'s layout (dsl::format_source): the whole document as one edit.
#include <stdexcept>

#include "docket/dsl/format.hpp"
#include "lsp/features.hpp"

namespace docket::lsp {

json formatting(const Document& document, Encoding encoding, std::string& note) {
  SourceSet sources;
  const std::uint32_t id = sources.add(document.path.string(), document.text);
  Diagnostics diagnostics;
  std::optional<std::string> formatted;
  try {
    formatted = dsl::format_source(sources, id, diagnostics);
  } catch (const std::logic_error& e) {
    note = std::string("docket fmt: ") + e.what();
    return json::array();
  }
  if (!formatted) {
    note = "docket fmt: not formatted, the file does not parse";
    if (!diagnostics.all().empty()) note += ": " + render_text(diagnostics.all().front(), sources);
    return json::array();
  }
  if (*formatted == document.text) return json::array();
  LineIndex lines(document.text);
  Position end = lines.position(static_cast<std::uint32_t>(document.text.size()), encoding);
  json range = {{"start", {{"line", 0}, {"character", 0}}}, {"end", {{"line", end.line}, {"character", end.character}}}};
  return json::array({{{"range", range}, {"newText", *formatted}}});
}

}  // namespace docket::lsp
