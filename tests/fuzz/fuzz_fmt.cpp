// libFuzzer target: docket fmt on arbitrary bytes; when the file compiles, the formatted text must
// compile to the same IR (every field but source positions), and formatting it again changes nothing.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "docket/core/diagnostic.hpp"
#include "docket/core/source.hpp"
#include "docket/dsl/compile.hpp"
#include "docket/dsl/format.hpp"
#include "fuzz_support.hpp"
#include "ir_dump.hpp"

namespace {

std::optional<std::string> dump_of(const std::string& text) {
  docket::SourceSet sources;
  sources.add("fuzz.dkt", text);
  docket::Diagnostics diagnostics;
  std::optional<docket::ir::Module> module = docket::dsl::compile(sources, docket::fuzz::registry(), diagnostics);
  if (!module) return std::nullopt;
  // A table column's label is its header's text as written, so fmt's spacing shows in it: compare
  // those lines without spaces.
  std::string dump = docket::testing::IrDump::of(*module);
  std::string out;
  std::size_t start = 0;
  while (start < dump.size()) {
    std::size_t end = dump.find('\n', start);
    if (end == std::string::npos) end = dump.size();
    std::string line = dump.substr(start, end - start);
    if (line.rfind("column ", 0) == 0) std::erase(line, ' ');
    out += line + '\n';
    start = end + 1;
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  docket::SourceSet sources;
  const std::uint32_t id = sources.add("fuzz.dkt", text);
  docket::Diagnostics diagnostics;
  // format_source throws std::logic_error (escaping: a crash) when its own output does not parse.
  std::optional<std::string> formatted = docket::dsl::format_source(sources, id, diagnostics);
  if (!formatted) return 0;
  std::optional<std::string> before = dump_of(text);
  std::optional<std::string> after = dump_of(*formatted);
  docket::fuzz::require(before.has_value() == after.has_value(), "fmt changed whether the file compiles");
  if (before) docket::fuzz::require(*before == *after, "fmt changed the program's IR");
  docket::SourceSet again;
  docket::Diagnostics again_diagnostics;
  std::optional<std::string> twice = docket::dsl::format_source(again, again.add("fmt.dkt", *formatted), again_diagnostics);
  docket::fuzz::require(twice && *twice == *formatted, "formatting the formatted text changed it");
  return 0;
}
