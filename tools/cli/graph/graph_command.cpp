// `docket graph`: pictures of the program's workflows as DOT, SVG (through Graphviz's dot) or Mermaid.
#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <iostream>

#include "cli/commands.hpp"
#include "cli/graph/svg_render.hpp"
#include "docket/core/suggest.hpp"
#include "docket/core/workflow_picture.hpp"

namespace docket::cli {

namespace {

const char* extension(const std::string& format) {
  return format == "svg" ? ".svg" : format == "mermaid" ? ".mmd" : ".dot";
}

// The workflows to draw, by index: the named ones in the order given, else all in program order.
bool select(const ir::Module& module, const std::vector<std::string>& names, std::vector<std::size_t>& out) {
  std::vector<std::string> known;
  for (const ir::Workflow& wf : module.workflows) known.push_back(wf.name);
  if (names.empty()) {
    for (std::size_t i = 0; i < known.size(); ++i) out.push_back(i);
    if (out.empty()) std::cerr << "error: the program has no workflow to draw\n";
    return !out.empty();
  }
  for (const std::string& name : names) {
    const ir::Workflow* wf = module.find_workflow(name);
    if (wf == nullptr) {
      std::cerr << fmt::format("error: --workflow {}: the program has no workflow `{}`{}\n  hint: its workflows are {}\n",
                               name, name, did_you_mean_suffix(name, known), join_names(known));
      return false;
    }
    out.push_back(static_cast<std::size_t>(wf - module.workflows.data()));
  }
  return true;
}

}  // namespace

std::optional<std::string> draw_workflow(const Program& program, std::size_t index, const std::string& format,
                                         std::string& error) {
  if (format == "mermaid") return workflow_mermaid(program, index);
  std::string dot = workflow_dot(program, index);
  if (format == "dot") return dot;
  return render_svg(dot, error);
}

int run_graph(const GraphOptions& options) {
  Workspace ws;
  bool ok = load_workspace(options.workspace, ws);
  print_diagnostics(ws, false);
  if (!ok) {
    std::cerr << "the program does not check: nothing was drawn\n";
    return kExitProblems;
  }
  std::vector<std::size_t> chosen;
  if (!select(ws.program->module(), options.workflows, chosen)) return kExitUsage;
  if (options.output.empty() && chosen.size() > 1 && options.format != "dot") {
    std::cerr << fmt::format("error: {} workflows cannot go to one {} stream\n  hint: name one with --workflow NAME, "
                             "or write one file per workflow with --output FOLDER\n",
                             chosen.size(), options.format == "svg" ? "SVG" : "Mermaid");
    return kExitUsage;
  }
  std::error_code ec;
  if (!options.output.empty()) {
    std::filesystem::create_directories(options.output, ec);
    if (ec) {
      std::cerr << fmt::format("error: cannot create the folder {}: {}\n", options.output, ec.message());
      return kExitProblems;
    }
  }
  for (std::size_t index : chosen) {
    std::string error;
    std::optional<std::string> text = draw_workflow(*ws.program, index, options.format, error);
    if (!text) {
      std::cerr << error << "\n";
      return kExitProblems;
    }
    if (options.output.empty()) {
      std::cout << *text;
      continue;
    }
    const std::string& name = ws.program->module().workflows[index].name;
    std::filesystem::path file = std::filesystem::path(options.output) / (name + extension(options.format));
    std::ofstream out(file, std::ios::binary);
    out << *text;
    out.close();
    if (!out) {
      std::cerr << fmt::format("error: cannot write {}\n  hint: check that the folder is writable\n", file.string());
      return kExitProblems;
    }
    std::cout << fmt::format("wrote {}\n", file.string());
  }
  return kExitOk;
}

}  // namespace docket::cli
