// ANSI colour for the CLI: the decision (--color, NO_COLOR, isatty) and the painting of diagnostics and results.
#include "cli/color.hpp"

#include <unistd.h>

#include <array>
#include <cstdlib>
#include <cstring>

namespace docket::cli {

namespace {

ColorMode g_mode = ColorMode::automatic;

const char* code_of(Style style) {
  switch (style) {
    case Style::error: return "\033[1;31m";          // bold red
    case Style::warning: return "\033[1;33m";        // bold yellow
    case Style::note: return "\033[1;36m";           // bold cyan
    case Style::hint: return "\033[1;32m";           // bold green
    case Style::caret_error: return "\033[31m";
    case Style::caret_warning: return "\033[33m";
    case Style::caret_note: return "\033[36m";
    case Style::pass: return "\033[32m";
    case Style::fail: return "\033[1;31m";
    case Style::skip: return "\033[33m";
  }
  return "";
}

// A source line or the caret line under it: " 12 | ...", "    | ^^^".
bool is_gutter_line(std::string_view line) {
  if (line.empty() || line[0] != ' ') return false;
  std::size_t i = 0;
  while (i < line.size() && (line[i] == ' ' || (line[i] >= '0' && line[i] <= '9'))) ++i;
  return line.substr(i).starts_with("| ");
}

struct SeverityStyle {
  std::string_view word;
  Style label;
  Style caret;
};

constexpr std::array<SeverityStyle, 3> kSeverities{{{"error", Style::error, Style::caret_error},
                                                    {"warning", Style::warning, Style::caret_warning},
                                                    {"note", Style::note, Style::caret_note}}};

// Where a diagnostic's severity word starts in its first line: at the start or after ": "
// ("f.dkt:2:16: error[D0203]: ...", "error: ...", "docket.toml: error: ..."); npos when there is none.
std::size_t severity_at(std::string_view line, const SeverityStyle*& found) {
  std::size_t at = 0;
  while (true) {
    const std::string_view rest = line.substr(at);
    for (const SeverityStyle& s : kSeverities) {
      if (rest.size() > s.word.size() && rest.starts_with(s.word) &&
          (rest[s.word.size()] == '[' || rest[s.word.size()] == ':')) {
        found = &s;
        return at;
      }
    }
    const std::size_t next = line.find(": ", at);
    if (next == std::string_view::npos) return std::string_view::npos;
    at = next + 2;
  }
}

std::string color_line(std::string_view line, Style& caret) {
  if (is_gutter_line(line)) {
    const std::size_t bar = line.find("| ");
    const std::size_t first = line.find('^', bar);
    if (first == std::string_view::npos || line.find_first_not_of(" ^", bar + 2) != std::string_view::npos) {
      return std::string(line);
    }
    const std::size_t last = line.find_last_of('^');
    return std::string(line.substr(0, first)) + paint(line.substr(first, last + 1 - first), caret, true) +
           std::string(line.substr(last + 1));
  }
  if (line.starts_with("  hint:")) return "  " + paint("hint", Style::hint, true) + std::string(line.substr(6));
  const SeverityStyle* severity = nullptr;
  const std::size_t at = severity_at(line, severity);
  if (at == std::string_view::npos) return std::string(line);
  caret = severity->caret;
  return std::string(line.substr(0, at)) + paint(severity->word, severity->label, true) +
         std::string(line.substr(at + severity->word.size()));
}

}  // namespace

bool parse_color_mode(std::string_view text, ColorMode& mode) {
  if (text == "auto") mode = ColorMode::automatic;
  else if (text == "always") mode = ColorMode::always;
  else if (text == "never") mode = ColorMode::never;
  else return false;
  return true;
}

void set_color_mode(ColorMode mode) { g_mode = mode; }

bool color_enabled(int fd) {
  if (g_mode != ColorMode::automatic) return g_mode == ColorMode::always;
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color != nullptr && no_color[0] != '\0') return false;
  const char* term = std::getenv("TERM");
  if (term != nullptr && std::strcmp(term, "dumb") == 0) return false;
  return ::isatty(fd) == 1;
}

std::string paint(std::string_view text, Style style, bool on) {
  if (!on) return std::string(text);
  return std::string(code_of(style)) + std::string(text) + "\033[0m";
}

std::string color_diagnostics(const std::string& text, bool on) {
  if (!on) return text;
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  Style caret = Style::caret_error;
  std::size_t begin = 0;
  while (begin < text.size()) {
    std::size_t end = text.find('\n', begin);
    const bool newline = end != std::string::npos;
    if (!newline) end = text.size();
    out += color_line(std::string_view(text).substr(begin, end - begin), caret);
    if (newline) out += '\n';
    begin = end + 1;
  }
  return out;
}

}  // namespace docket::cli
