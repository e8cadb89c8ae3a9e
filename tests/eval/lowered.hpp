// Programs for the evaluator tests: .dkt text compiled and lowered, failing the test with the diagnostics.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "docket/core/program.hpp"
#include "docket/dsl/compile.hpp"

namespace docket::testing {

// The lowered program of `text` (one file, test.dkt), or nullptr after adding a failure that shows
// every diagnostic.
inline std::shared_ptr<const Program> lower_text(const std::string& text) {
  static const FunctionRegistry functions;
  SourceSet sources;
  sources.add("test.dkt", text);
  Diagnostics diagnostics;
  std::optional<ir::Module> module = dsl::compile(sources, functions, diagnostics);
  if (!module) {
    std::string all;
    for (const Diagnostic& d : diagnostics.all()) all += render_text(d, sources);
    ADD_FAILURE() << all;
    return nullptr;
  }
  return Program::lower(std::move(*module), functions, diagnostics);
}

}  // namespace docket::testing
