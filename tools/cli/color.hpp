// Colour on a terminal: whether to use it (--color, NO_COLOR, a tty) and ANSI styling of the CLI's output.
#pragma once

#include <string>
#include <string_view>

namespace docket::cli {

enum class ColorMode { automatic, always, never };

// Parses "auto", "always" or "never"; false for anything else.
bool parse_color_mode(std::string_view text, ColorMode& mode);

// The mode for the whole run (the global --color option; default automatic).
void set_color_mode(ColorMode mode);

// Whether output to `fd` (1 stdout, 2 stderr) is coloured: `always`; never with `never`; with `auto`
// when `fd` is a terminal, TERM is not "dumb" and NO_COLOR is unset or empty (https://no-color.org).
[[nodiscard]] bool color_enabled(int fd);

enum class Style { error, warning, note, hint, caret_error, caret_warning, caret_note, pass, fail, skip };

// `text` wrapped in the style's ANSI escape codes when `on`, else `text` itself.
[[nodiscard]] std::string paint(std::string_view text, Style style, bool on);

// Diagnostics as render_text() and the configuration's problems write them, with "error", "warning",
// "note" and "hint" and the carets under the source in colour (when `on`; else unchanged).
[[nodiscard]] std::string color_diagnostics(const std::string& text, bool on);

}  // namespace docket::cli
