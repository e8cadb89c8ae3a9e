// libFuzzer target: arbitrary bytes as a DMN model for `docket import` (libxml2, the DMN reader, FEEL
// translation, the formatter): what it writes always parses and checks, and every refusal says why. The one
// error allowed is the model's own: rows that overlap under UNIQUE, or disagree under ANY (D0420, D0421),
// which DMN reports when it evaluates and docket's checker proves up front.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "docket/core/functions.hpp"
#include "docket/dsl/compile.hpp"
#include "docket/import/dmn_import.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  docket::dmn::ImportInput input;
  input.model_name = "fuzz.dmn";
  input.model_xml = bytes;
  const docket::dmn::ImportResult result = docket::dmn::import_dmn(input);
  for (const docket::dmn::ImportProblem& p : result.problems) {
    docket::fuzz::require(!p.reason.empty() && !p.feature.empty(), "a refusal without its reason or feature");
    docket::fuzz::require(p.feature != "internal", "the import wrote a .dkt that does not parse");
  }
  if (!result.read) {
    docket::fuzz::require(!result.problems.empty(), "an unread model without a problem");
    return 0;
  }
  docket::SourceSet sources;
  sources.add("imported.dkt", result.text);
  docket::Diagnostics diagnostics;
  const docket::FunctionRegistry functions;
  (void)docket::dsl::compile(sources, functions, diagnostics);
  for (const docket::Diagnostic& d : diagnostics.all()) {
    const bool model_error = d.code == "D0420" || d.code == "D0421";
    docket::fuzz::require(d.severity != docket::Severity::error || model_error, "the imported .dkt does not check");
  }
  return 0;
}
