// libFuzzer target: arbitrary bytes as one .dkt file through dsl::compile, Program::lower, the diagnostic renderers and docket fmt.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>

#include "docket/core/diagnostic.hpp"
#include "docket/core/program.hpp"
#include "docket/core/source.hpp"
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
  return rendered == 0 ? 0 : 0;
}
