// `docket import model.dmn`: a DMN model to .dkt (optionally with a TCK test-case file as `test` blocks).
#include <fmt/format.h>

#include <fstream>
#include <iostream>

#include "cli/color.hpp"
#include "cli/commands.hpp"
#include "cli/standard_input.hpp"
#include "docket/import/dmn_import.hpp"

namespace docket::cli {

int run_import(const ImportOptions& options) {
  std::string model;
  std::string error;
  if (!read_file_argument(options.model, model, error)) {
    std::cerr << error << "\n";
    return kExitProblems;
  }
  std::string tests;
  if (!options.tests.empty() && !read_file_argument(options.tests, tests, error)) {
    std::cerr << error << "\n";
    return kExitProblems;
  }
  dmn::ImportInput input;
  input.model_name = shown_name(options.model);
  input.model_xml = model;
  input.module_name = options.module;
  input.tests_name = options.tests.empty() ? std::string() : shown_name(options.tests);
  input.tests_xml = tests;
  const dmn::ImportResult result = dmn::import_dmn(input);
  const bool color = color_enabled(2);
  for (const dmn::ImportProblem& p : result.problems) std::cerr << color_diagnostics(render(p) + "\n", color);
  if (!result.read) return kExitProblems;
  if (options.output.empty() || options.output == "-") {
    std::cout << result.text;
  } else {
    std::ofstream out(options.output, std::ios::binary | std::ios::trunc);
    out << result.text;
    out.close();
    if (!out) {
      std::cerr << fmt::format("error: cannot write `{}`\n", options.output);
      return kExitProblems;
    }
  }
  if (!result.problems.empty()) {
    std::cerr << fmt::format("{} decision{} written, {} refused{}{}\n", result.decisions,
                             result.decisions == 1 ? "" : "s", result.problems.size(),
                             options.tests.empty() ? "" : fmt::format("; {} tests written", result.tests),
                             options.partial ? "" : " (--partial: exit 0 when part of the model is written)");
    return options.partial ? kExitOk : kExitProblems;
  }
  return kExitOk;
}

}  // namespace docket::cli
