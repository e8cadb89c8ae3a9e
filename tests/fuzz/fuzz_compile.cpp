// libFuzzer target: arbitrary bytes as one .dkt file through dsl::compile, Program::lower, the diagnostic renderers,
// docket fmt, and dsl::analyze (the editors' recovering parse and symbol index).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <optional>
#include <string>

#include "docket/core/diagnostic.hpp"
#include "docket/core/functions.hpp"
#include "docket/core/program.hpp"
#include "docket/core/source.hpp"
#include "docket/dsl/analysis.hpp"
#include "docket/dsl/compile.hpp"
#include "docket/dsl/format.hpp"

namespace {

// The site plugin's signature, as the 95598 examples and the documentation assume it is loaded.
const docket::FunctionRegistry& registry() {
  static const docket::FunctionRegistry functions = [] {
    docket::FunctionRegistry f;
    f.add({"site.district", {docket::Type::text()}, docket::Type::text(), "fuzz"},
          [](auto) { return docket::Value("pudong"); });
    return f;
  }();
  return functions;
}

}  // namespace

// BOOST_ENABLE_ASSERT_HANDLER (cmake/DocketFuzz.cmake): a failed BOOST_ASSERT aborts, as assert() would.
// For exploring past a known, already reported failure, DOCKET_FUZZ_IGNORE_ASSERT may name the asserted
// expression to let through (e.g. "strict_ischar(ch)"); `tools/dev.sh fuzz` never sets it.
namespace boost {
void assertion_failed_msg(char const* expr, char const* msg, char const* function, char const* file, long line) {
  const char* ignored = std::getenv("DOCKET_FUZZ_IGNORE_ASSERT");
  if (ignored != nullptr && std::strcmp(ignored, expr) == 0) return;
  std::fprintf(stderr, "%s:%ld: %s: Boost assertion `%s' failed%s%s\n", file, line, function, expr,
               msg != nullptr ? ": " : "", msg != nullptr ? msg : "");
  std::abort();
}
void assertion_failed(char const* expr, char const* function, char const* file, long line) {
  assertion_failed_msg(expr, nullptr, function, file, line);
}
}  // namespace boost

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  docket::SourceSet sources;
  sources.add("fuzz.dkt", std::string(reinterpret_cast<const char*>(data), size));
  docket::Diagnostics diagnostics;
  auto module = docket::dsl::compile(sources, registry(), diagnostics);
  if (module) {
    auto program = docket::Program::lower(std::move(*module), registry(), diagnostics);
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
    if (!twice || *twice != *formatted) std::abort();
  }
  // The editors' analysis: broken lines blanked and parsed again, a symbol index whatever the errors.
  // Every name it records must lie inside the text and name a symbol that exists.
  std::unique_ptr<docket::dsl::Analysis> analysis = docket::dsl::analyze(sources, registry());
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
