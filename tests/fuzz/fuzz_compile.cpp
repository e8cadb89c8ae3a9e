// libFuzzer target: arbitrary bytes as one .dkt file through dsl::compile, Program::lower, the diagnostic renderers,
// docket fmt, and dsl::analyze (the editors' recovering parse and symbol index).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>

#include "docket/core/diagnostic.hpp"
#include "docket/core/program.hpp"
#include "docket/core/source.hpp"
#include "docket/dsl/analysis.hpp"
#include "docket/dsl/compile.hpp"
#include "docket/dsl/format.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  docket::SourceSet sources;
  sources.add("fuzz.dkt", std::string(reinterpret_cast<const char*>(data), size));
  docket::Diagnostics diagnostics;
  auto module = docket::dsl::compile(sources, docket::fuzz::registry(), diagnostics);
  if (module) {
    auto program = docket::Program::lower(std::move(*module), docket::fuzz::registry(), diagnostics);
    (void)program;
  }
  // Positions, carets and underlines on arbitrary bytes, invalid UTF-8 included.
  std::size_t rendered = 0;
  for (const docket::Diagnostic& d : diagnostics.all()) rendered += docket::render_text(d, sources).size();
  rendered += docket::render_json(diagnostics.all(), sources).size();
  // docket fmt: a layout that changed the tokens or broke the syntax throws std::logic_error, which
  // escapes and aborts; formatting the result again must change nothing.
  docket::Diagnostics fmt_diagnostics;
  if (std::optional<std::string> formatted = docket::dsl::format_source(sources, 1, fmt_diagnostics)) {
    docket::SourceSet again;
    docket::Diagnostics again_diagnostics;
    std::optional<std::string> twice = docket::dsl::format_source(again, again.add("fmt.dkt", *formatted), again_diagnostics);
    docket::fuzz::require(twice && *twice == *formatted, "formatting the formatted text changed it");
  }
  // The editors' analysis: broken lines blanked and parsed again, a symbol index whatever the errors.
  // Every name it records must lie inside the text and name a symbol that exists.
  std::unique_ptr<docket::dsl::Analysis> analysis = docket::dsl::analyze(sources, docket::fuzz::registry());
  const docket::dsl::SymbolIndex& index = analysis->index;
  for (const docket::dsl::Occurrence& o : index.occurrences) {
    if (o.range.file != 1 || o.range.begin > o.range.end || o.range.end > size) std::abort();
    if (o.symbol != docket::dsl::kNoSymbol && o.symbol >= index.symbols.size()) std::abort();
    if (o.scope != docket::dsl::kNoSymbol && o.scope >= index.symbols.size()) std::abort();
  }
  for (const docket::dsl::Symbol& sym : index.symbols) {
    if (sym.parent != docket::dsl::kNoSymbol && sym.parent >= index.symbols.size()) std::abort();
  }
  if (analysis->diagnostics.has_errors() != diagnostics.has_errors()) std::abort();
  return rendered == 0 ? 0 : 0;
}
