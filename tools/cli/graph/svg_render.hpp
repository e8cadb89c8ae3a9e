// SVG from DOT by running Graphviz's `dot` program (not libgvc: see docs/graph.md, "Why the dot program").
#pragma once

#include <chrono>
#include <optional>
#include <string>

namespace docket::cli {

struct SvgRenderOptions {
  std::string dot_program = "dot";           // a name searched on PATH, or a path
  std::chrono::milliseconds timeout{60000};  // the program is killed after this long
};

// Runs `dot -Tsvg` with `dot_text` on its standard input. Returns the SVG, or nullopt with `error`
// naming what went wrong and the fix (Graphviz not installed, dot failed with its message, timeout).
[[nodiscard]] std::optional<std::string> render_svg(const std::string& dot_text, std::string& error,
                                                    const SvgRenderOptions& options = {});

}  // namespace docket::cli
