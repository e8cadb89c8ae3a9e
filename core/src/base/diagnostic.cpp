// Diagnostics: collection, and rendering as text (with source line and caret) or JSON.
#include "docket/core/diagnostic.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>

namespace docket {

void Diagnostics::report(Diagnostic d) {
  if (d.severity == Severity::error) ++errors_;
  items_.push_back(std::move(d));
}

void Diagnostics::error(std::string code, SourceRange range, std::string message, std::string hint) {
  report({Severity::error, std::move(code), std::move(message), range, std::move(hint)});
}

void Diagnostics::warning(std::string code, SourceRange range, std::string message, std::string hint) {
  report({Severity::warning, std::move(code), std::move(message), range, std::move(hint)});
}

namespace {

const char* severity_name(Severity s) {
  switch (s) {
    case Severity::error: return "error";
    case Severity::warning: return "warning";
    case Severity::note: return "note";
  }
  return "error";
}

// Tabs become one space in the echoed line so that the caret column stays right.
std::string detab(std::string_view line) {
  std::string out(line);
  std::replace(out.begin(), out.end(), '\t', ' ');
  return out;
}

// Terminal columns taken by `s`: East Asian wide characters (CJK, fullwidth forms) take two,
// so that the caret still sits under a mistake that follows Chinese text.
std::size_t display_width(std::string_view s) {
  std::size_t width = 0;
  for (std::size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    std::uint32_t cp = c;
    std::size_t len = 1;
    if (c >= 0xF0U) { len = 4; cp = c & 0x07U; }
    else if (c >= 0xE0U) { len = 3; cp = c & 0x0FU; }
    else if (c >= 0xC0U) { len = 2; cp = c & 0x1FU; }
    for (std::size_t k = 1; k < len && i + k < s.size(); ++k) {
      cp = (cp << 6U) | (static_cast<unsigned char>(s[i + k]) & 0x3FU);
    }
    bool wide = (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
                (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
                (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
                (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD);
    width += wide ? 2 : 1;
    i += len;
  }
  return width;
}

// The first `chars` code points of `s`.
std::string_view prefix_chars(std::string_view s, std::uint32_t chars) {
  std::size_t i = 0;
  for (std::uint32_t n = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0U) != 0x80U) {
      if (n == chars) break;
      ++n;
    }
  }
  return s.substr(0, i);
}

}  // namespace

std::string render_text(const Diagnostic& d, const SourceSet& sources) {
  std::string out;
  if (!d.range.valid() || d.range.file > sources.size()) {
    out = fmt::format("{}[{}]: {}\n", severity_name(d.severity), d.code, d.message);
  } else {
    const SourceFile& file = sources.file(d.range.file);
    LineColumn begin = file.line_column(d.range.begin);
    LineColumn end = file.line_column(std::max(d.range.end, d.range.begin));
    out = fmt::format("{}:{}:{}: {}[{}]: {}\n", file.name(), begin.line, begin.column,
                      severity_name(d.severity), d.code, d.message);
    std::string_view line = file.line_text(begin.line);
    std::uint32_t line_chars = utf8_length(line);
    std::uint32_t last = end.line == begin.line ? end.column : line_chars + 1;
    std::uint32_t chars = last > begin.column ? last - begin.column : 1;
    std::string_view before = prefix_chars(line, begin.column - 1);
    std::string_view marked = prefix_chars(line.substr(before.size()), chars);
    std::size_t width = std::max<std::size_t>(display_width(marked), 1);
    std::string gutter = std::to_string(begin.line);
    std::string pad(gutter.size(), ' ');
    out += fmt::format(" {} | {}\n", gutter, detab(line));
    out += fmt::format(" {} | {}{}\n", pad, std::string(display_width(before), ' '),
                      std::string(width, '^'));
  }
  if (!d.hint.empty()) out += fmt::format("  hint: {}\n", d.hint);
  return out;
}

std::string render_json(const std::vector<Diagnostic>& ds, const SourceSet& sources) {
  nlohmann::json all = nlohmann::json::array();
  for (const Diagnostic& d : ds) {
    nlohmann::json j = {{"severity", severity_name(d.severity)}, {"code", d.code}, {"message", d.message}};
    if (!d.hint.empty()) j["hint"] = d.hint;
    if (d.range.valid() && d.range.file <= sources.size()) {
      const SourceFile& file = sources.file(d.range.file);
      LineColumn b = file.line_column(d.range.begin);
      LineColumn e = file.line_column(d.range.end);
      j["file"] = file.name();
      j["range"] = {{"start", {{"line", b.line}, {"column", b.column}}},
                    {"end", {{"line", e.line}, {"column", e.column}}}};
    }
    all.push_back(std::move(j));
  }
  // A message may quote source bytes that are not valid UTF-8; replace them rather than throw.
  return all.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace docket
