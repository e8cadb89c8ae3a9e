// Shared helpers: compile .dkt sources or stop the whole run with the rendered diagnostics.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "docket/core/diagnostic.hpp"
#include "docket/core/functions.hpp"
#include "docket/core/program.hpp"
#include "docket/core/source.hpp"
#include "docket/dsl/compile.hpp"

namespace docket::bench {

// A benchmark whose input does not compile measures nothing: print why and exit non-zero.
[[noreturn]] inline void fail(const std::string& message) {
  std::fprintf(stderr, "docket_bench: %s\n", message.c_str());
  std::exit(1);
}

// Compiles and lowers `sources` against `functions`.
inline std::shared_ptr<const Program> load_sources(const SourceSet& sources, const FunctionRegistry& functions) {
  Diagnostics diagnostics;
  std::optional<ir::Module> module = dsl::compile(sources, functions, diagnostics);
  std::shared_ptr<const Program> program;
  if (module) program = Program::lower(std::move(*module), functions, diagnostics);
  if (!program) {
    std::string text;
    for (const Diagnostic& d : diagnostics.all()) text += render_text(d, sources);
    fail("the program does not compile:\n" + text);
  }
  return program;
}

// Compiles and lowers .dkt files (full paths) against `functions`.
inline std::shared_ptr<const Program> load_files(const std::vector<std::string>& paths,
                                                 const FunctionRegistry& functions) {
  SourceSet sources;
  for (const std::string& path : paths) {
    std::string error;
    if (sources.add_file(path, error) == 0) fail(error);
  }
  return load_sources(sources, functions);
}

inline std::shared_ptr<const Program> load_program(const std::string& path, const FunctionRegistry& functions) {
  return load_files(std::vector<std::string>{path}, functions);
}

// Compiles and lowers files of examples/95598 (e.g. "customers.dkt") against `functions`.
inline std::shared_ptr<const Program> load_example(std::initializer_list<const char*> files,
                                                   const FunctionRegistry& functions) {
  std::vector<std::string> paths;
  for (const char* f : files) paths.push_back(std::string(DOCKET_EXAMPLES_DIR) + "/" + f);
  return load_files(paths, functions);
}

}  // namespace docket::bench
