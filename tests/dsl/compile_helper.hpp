// Test helper: compile .dkt text with a given function registry and collect what came out.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "docket/dsl/compile.hpp"

namespace docket::testing {

struct Compiled {
  SourceSet sources;
  Diagnostics diagnostics;
  std::optional<ir::Module> module;

  // All diagnostics rendered as text, for assertions on messages, hints and carets.
  std::string text() const {
    std::string out;
    for (const Diagnostic& d : diagnostics.all()) out += render_text(d, sources);
    return out;
  }
  bool has_code(std::string_view code) const {
    for (const Diagnostic& d : diagnostics.all()) {
      if (d.code == code) return true;
    }
    return false;
  }
};

// Several files of one program, each (name, text).
inline Compiled compile_files(const std::vector<std::pair<std::string, std::string>>& files,
                              const FunctionRegistry& functions = FunctionRegistry{}) {
  Compiled c;
  for (const auto& [name, text] : files) c.sources.add(name, text);
  c.module = dsl::compile(c.sources, functions, c.diagnostics);
  return c;
}

inline Compiled compile_text(const std::string& text, const FunctionRegistry& functions = FunctionRegistry{}) {
  Compiled c;
  c.sources.add("test.dkt", text);
  c.module = dsl::compile(c.sources, functions, c.diagnostics);
  return c;
}

// The customer declarations most tests build on.
inline const char* const kCustomer = R"(module t
enum Tariff { residential, commercial, large_industrial }
enum Area { urban, rural, remote }
record Customer {
  id : text
  voltage_kv : number
  tariff : Tariff
  dual_source : bool
  load_level : int
  area : Area
  grade : text = "C"
}
)";

}  // namespace docket::testing
