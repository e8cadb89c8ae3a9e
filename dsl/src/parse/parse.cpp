// The parse loop: one declaration at a time, with error reporting and recovery.
#include "parse/parse.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>
#include <utility>
#include <vector>
#include <string_view>

#include "docket/core/utf8.hpp"

#include "parse/grammar.hpp"

namespace docket::dsl {

namespace {

constexpr std::array<std::string_view, 8> kDeclarationWords = {"module", "import", "enum",     "record",
                                                                "decision", "table",  "workflow", "test"};

bool starts_declaration(const char* p, const char* last) {
  for (std::string_view w : kDeclarationWords) {
    if (static_cast<std::size_t>(last - p) > w.size() && std::string_view(p, w.size()) == w &&
        !std::isalnum(static_cast<unsigned char>(p[w.size()])) && p[w.size()] != '_') {
      return true;
    }
  }
  return false;
}

// The next line (after `from`) whose first non-blank word starts a declaration, or `last`.
const char* next_declaration(const char* from, const char* last) {
  const char* p = from;
  while (p < last) {
    while (p < last && *p != '\n') ++p;
    if (p == last) break;
    ++p;
    const char* q = p;
    while (q < last && (*q == ' ' || *q == '\t')) ++q;
    if (starts_declaration(q, last)) return q;
  }
  return last;
}

// The extent of the token at `p`, for underlining: a word, a quoted text, or one character.
const char* token_end(const char* p, const char* last) {
  if (p >= last) return p;
  auto is_word = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || (c & 0x80); };
  if (is_word(*p)) {
    while (p < last && is_word(*p)) ++p;
    return p;
  }
  return p + 1;
}

std::string found_text(const char* p, const char* last) {
  if (p >= last) return "the end of the file";
  std::string_view tok(p, static_cast<std::size_t>(token_end(p, last) - p));
  return "`" + std::string(tok) + "`";
}

bool is_name_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }

// What to do about a syntax error, from what the grammar expected and what it found.
std::string hint_for(const std::string& expected, bool at_declaration, bool at_end, bool found_name, char found) {
  if (at_declaration) {
    return "each declaration starts with `module`, `import`, `enum`, `record`, `decision`, `table`, `workflow` or `test`";
  }
  if (at_end) return "the file ends inside a declaration: is a closing `}` missing?";
  if (expected == "`:`") return "write a field or parameter as `name : type`, e.g. `voltage_kv : number`";
  if ((expected == "`}`" || expected == "`)`") && found_name) return "is a comma missing between two items?";
  if (expected == "`)`" && found == ',') return "a list such as `(a, b)` can only follow `in`: `x in (a, b)`";
  if (expected.find("expression") != std::string::npos || expected.find("value") != std::string::npos) {
    return "write a value here: a number, a \"text\", a field such as `c.voltage_kv`, or a comparison";
  }
  if (expected.find("time zone") != std::string::npos) {
    return "add the time zone after the time, e.g. `2025-09-26T16:00 Asia/Shanghai`, `+08:00` or `Z` for UTC";
  }
  if (expected == "`role` or `action`") return "write `by role \"counter\"` or `by action site.schedule_meter(app.id)`";
  if (expected.find("name") != std::string::npos) {
    return "names start with a letter or `_`; words such as `when`, `then` and `end` are reserved";
  }
  return "compare the line with the examples in docs/language.md";
}

// The line [begin, end) holding offset `at` of `text` (end at the line break, or at `limit`).
std::pair<std::size_t, std::size_t> line_at(const std::string& text, std::size_t at, std::size_t limit) {
  const std::size_t begin = at == 0 ? 0 : text.rfind('\n', at - 1) + 1;  // npos + 1 == 0
  return {begin, std::min(text.find('\n', at), limit)};
}

// The nearest line above the one starting at `line_begin` that holds more than spaces and comments,
// or nothing when there is none after `floor`.
std::optional<std::pair<std::size_t, std::size_t>> line_above(const std::string& text, std::size_t line_begin,
                                                               std::size_t floor) {
  while (line_begin > floor + 1) {
    auto [b, e] = line_at(text, line_begin - 1, line_begin - 1);
    const std::size_t first = text.find_first_not_of(" \t\r", b);
    if (first < e && text[first] != '#') {
      if (b <= floor) return std::nullopt;
      return std::make_pair(b, e);
    }
    line_begin = b;
  }
  return std::nullopt;
}

// A declaration that failed at `at` is parsed again in `copy` (the file's text, same length) with a
// line blanked out: the line holding the error, or, when the error is the first word of its line,
// perhaps the line above (`step x by` fails on the next line's first word). Whichever lets the
// parse get further is kept, and so on up to kMaxBlankedLines times, within [first, region_end): the
// declaration must close before the next one starts. Its first line, which names it, is never
// blanked. True when it parsed.
constexpr int kMaxBlankedLines = 8;
bool reparse_blanking(std::string& copy, std::size_t first, std::size_t at, std::size_t region_end,
                      ast::Declaration& decl, std::size_t& stop) {
  const std::size_t first_line_end = copy.find('\n', first);
  if (first_line_end == std::string::npos) return false;
  const char* base = copy.data();
  for (int attempt = 0; attempt < kMaxBlankedLines && at < region_end; ++attempt) {
    std::vector<std::pair<std::size_t, std::size_t>> candidates;
    auto [b, e] = line_at(copy, at, region_end);
    if (b > first_line_end) candidates.emplace_back(b, e);
    if (copy.find_first_not_of(" \t", b) == at) {
      if (auto above = line_above(copy, b, first_line_end)) candidates.push_back(*above);
    }
    if (candidates.empty()) return false;
    std::size_t best_stop = 0;
    std::pair<std::size_t, std::size_t> best{};
    for (const auto& [lb, le] : candidates) {
      const std::string saved = copy.substr(lb, le - lb);
      std::fill(copy.begin() + static_cast<std::ptrdiff_t>(lb), copy.begin() + static_cast<std::ptrdiff_t>(le), ' ');
      ast::Declaration trial;
      parser::DeclarationResult r = parser::parse_declaration(base, base + first, base + region_end, trial);
      const std::size_t reached = static_cast<std::size_t>((r.stop ? r.stop : base + first) - base);
      if (r.ok) {
        decl = std::move(trial);
        stop = reached;
        return true;
      }
      copy.replace(lb, le - lb, saved);
      if (reached > best_stop) {
        best_stop = reached;
        best = {lb, le};
      }
    }
    std::fill(copy.begin() + static_cast<std::ptrdiff_t>(best.first), copy.begin() + static_cast<std::ptrdiff_t>(best.second), ' ');
    at = best_stop;
  }
  return false;
}

ast::File parse(const SourceSet& sources, std::uint32_t file_id, Diagnostics& diagnostics, bool recover) {
  const std::string& text = sources.file(file_id).text();
  const char* begin = text.data();
  const char* last = text.data() + text.size();
  ast::File file;
  file.file_id = file_id;
  std::string copy;  // recovering: the text with broken lines blanked, made on the first error

  // Texts become labels, roles and JSON output: a file that is not UTF-8 (say, saved as GBK) is
  // refused at its first bad byte, rather than failing later when a value is written out.
  if (std::optional<std::size_t> bad = first_invalid_utf8(text)) {
    std::size_t more = 0;
    for (std::size_t from = *bad + 1; from < text.size();) {
      std::optional<std::size_t> next = first_invalid_utf8(std::string_view(text).substr(from));
      if (!next) break;
      ++more;
      from += *next + 1;
    }
    SourceRange range{file_id, static_cast<std::uint32_t>(*bad), static_cast<std::uint32_t>(*bad + 1)};
    diagnostics.error("D0103", range,
                      fmt::format("the file is not valid UTF-8: byte 0x{:02X} here is not part of a character{}",
                                  static_cast<unsigned>(static_cast<unsigned char>(text[*bad])),
                                  more == 0 ? std::string() : fmt::format(" ({} more such bytes follow)", more)),
                      "save the file as UTF-8 (an editor's \"save with encoding\"); texts such as labels and roles "
                      "must be UTF-8");
  }
  const char* p = begin;
  // A UTF-8 byte-order mark, as some Windows editors write, is not part of the program.
  if (text.size() >= 3 && text.compare(0, 3, "\xEF\xBB\xBF") == 0) p += 3;
  p = parser::skip_space(p, last);
  while (p < last) {
    ast::Declaration decl;
    parser::DeclarationResult r = parser::parse_declaration(begin, p, last, decl);
    if (r.ok) {
      file.declarations.push_back(std::move(decl));
      p = parser::skip_space(r.stop, last);
      continue;
    }
    const char* at = r.stop ? r.stop : p;
    SourceRange range{file_id, static_cast<std::uint32_t>(at - begin),
                      static_cast<std::uint32_t>(token_end(at, last) - begin)};
    if (r.too_deep) {
      diagnostics.error("D0102", range,
                        fmt::format("expressions nest more than {} levels deep here", parser::kMaxParseNesting),
                        "brackets, `not` and `-` each open a level: compute parts in decisions of their own, or "
                        "write the expression flatter");
      p = next_declaration(at, last);
      continue;
    }
    std::string expected = r.expected.empty() ? "something else" : r.expected;
    std::string hint = hint_for(expected, at == p, at >= last, at < last && is_name_start(*at), at < last ? *at : '\0');
    diagnostics.error("D0101", range, "expected " + expected + ", found " + found_text(at, last), hint);
    const char* next = next_declaration(at, last);
    if (recover && starts_declaration(p, last)) {
      if (copy.empty()) copy = text;
      std::size_t stop = 0;
      const auto first = static_cast<std::size_t>(p - begin);
      const std::size_t region_end = static_cast<std::size_t>(next_declaration(p, last) - begin);
      if (reparse_blanking(copy, first, static_cast<std::size_t>(at - begin), region_end, decl, stop)) {
        file.declarations.push_back(std::move(decl));
        ast::Located& saved = file.repaired.emplace_back();
        saved.begin = static_cast<std::uint32_t>(first);
        saved.end = static_cast<std::uint32_t>(stop);
        p = parser::skip_space(begin + stop, last);
        continue;
      }
    }
    p = next;
  }
  return file;
}

}  // namespace

ast::File parse_file(const SourceSet& sources, std::uint32_t file_id, Diagnostics& diagnostics) {
  return parse(sources, file_id, diagnostics, false);
}

ast::File parse_file_recovering(const SourceSet& sources, std::uint32_t file_id, Diagnostics& diagnostics) {
  return parse(sources, file_id, diagnostics, true);
}

}  // namespace docket::dsl
