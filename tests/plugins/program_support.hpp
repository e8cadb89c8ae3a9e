// Helpers for plugin tests that run an engine: compile and lower one .dkt text against a registry.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "docket/core/functions.hpp"
#include "docket/core/program.hpp"
#include "docket/dsl/compile.hpp"

namespace docket::test {

// The program of `text` (one file), or null after failing the test with the diagnostics.
inline std::shared_ptr<const Program> lower_or_fail(const std::string& text, const FunctionRegistry& functions) {
  auto messages = [](const Diagnostics& diagnostics) {
    std::string out;
    for (const Diagnostic& d : diagnostics.all()) out += d.code + ": " + d.message + "\n";
    return out;
  };
  SourceSet sources;
  sources.add("program.dkt", text);
  Diagnostics diagnostics;
  auto module = dsl::compile(sources, functions, diagnostics);
  if (!module) {
    ADD_FAILURE() << messages(diagnostics);
    return nullptr;
  }
  auto program = Program::lower(std::move(*module), functions, diagnostics);
  if (program == nullptr) ADD_FAILURE() << messages(diagnostics);
  return program;
}

}  // namespace docket::test
