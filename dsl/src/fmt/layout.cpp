// Lines, indentation and the final text: the parts of the layout that every line gets.
#include "fmt/layout.hpp"

#include <algorithm>
#include <array>
#include <map>

#include "fmt/display_width.hpp"
#include "fmt/spacing.hpp"

namespace docket::dsl::fmt {

namespace {

// Words that start a statement, so a line starting with one is never a continuation however the
// analyst indented it.
constexpr std::array<std::string_view, 22> kStatementWords = {
    "module", "enum",     "record", "decision", "table", "workflow", "hit",  "rule",   "step", "wait", "end",
    "flow",   "label",    "calendar", "sla",    "target", "from",   "pause", "warn", "breach", "otherwise",
    "repeat"};

// Tokens that cannot start a statement: a line starting with one continues the one before.
constexpr std::array<std::string_view, 10> kContinuingWords = {"when", "then", "by",  "within", "outcome",
                                                               "and",  "or",   "in",  "not",    "on"};
// Operators that need a right-hand side: they continue a statement at the start of a line, and a
// line ending with one (or with a continuing word) is continued by the next.
constexpr std::array<std::string_view, 16> kOperators = {"->", "=", "==", "!=", "<", "<=", ">", ">=",
                                                         "+",  "-", "*", "/",  "**", "..", ".", ":"};

template <std::size_t N>
bool one_of(const Token& t, TokenKind kind, const std::array<std::string_view, N>& texts) {
  return t.kind == kind && std::find(texts.begin(), texts.end(), t.text) != texts.end();
}

bool is_opener(const Token& t) { return is_punct(t, "{") || is_punct(t, "(") || is_punct(t, "["); }
bool is_closer(const Token& t) { return is_punct(t, "}") || is_punct(t, ")") || is_punct(t, "]"); }

bool needs_more(const Token& t) {
  return one_of(t, TokenKind::word, kContinuingWords) || one_of(t, TokenKind::punct, kOperators);
}

std::uint32_t leading_columns(std::string_view line) {
  std::uint32_t col = 0;
  for (char c : line) {
    if (c == ' ') {
      ++col;
    } else if (c == '\t') {
      col = (col / 8 + 1) * 8;
    } else {
      break;
    }
  }
  return col;
}

bool is_continuation(const Line& line, const Line* previous, const std::map<std::uint32_t, std::uint32_t>& statements) {
  const Token& first = line.code.front();
  if (is_closer(first) || is_punct(first, "|") || is_punct(first, "||") ||
      one_of(first, TokenKind::word, kStatementWords)) {
    return false;
  }
  if (one_of(first, TokenKind::word, kContinuingWords) || one_of(first, TokenKind::punct, kOperators) ||
      is_punct(first, ",") || is_punct(first, "%")) {
    return true;
  }
  if (previous != nullptr && needs_more(previous->code.back())) return true;
  if (line.code.size() > 1 && first.kind == TokenKind::word && is_punct(line.code[1], "->")) return false;  // a flow line
  auto it = statements.find(line.depth);
  return it != statements.end() && line.source_indent > it->second;
}

}  // namespace

std::vector<Line> split_lines(std::string_view source, const std::vector<Token>& tokens) {
  std::vector<Line> lines;
  std::size_t start = 0;
  while (true) {
    std::size_t end = source.find('\n', start);
    Line line;
    line.source_indent = leading_columns(source.substr(start, end == std::string_view::npos ? end : end - start));
    lines.push_back(std::move(line));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  for (const Token& t : tokens) {
    Line& line = lines[t.line];
    if (t.kind == TokenKind::comment) {
      line.comment = t;
    } else {
      line.code.push_back(t);
    }
  }
  for (Line& line : lines) line.text = join(line.code, 0, line.code.size());
  return lines;
}

void indent_lines(std::vector<Line>& lines) {
  std::uint32_t depth = 0;
  // Per bracket depth, the input indentation of the last line there that started a statement.
  std::map<std::uint32_t, std::uint32_t> statements;
  const Line* previous = nullptr;
  // Per open bracket, whether it is the `{` of `record NAME {` (its lines are field declarations; a
  // record value's `{` is not one). The last two tokens seen, across lines, tell.
  std::vector<bool> record_braces;
  const Token* before_last = nullptr;
  const Token* last = nullptr;
  for (Line& line : lines) {
    line.depth = depth;
    if (line.code.empty()) continue;
    std::uint32_t closers = 0;
    while (closers < line.code.size() && is_closer(line.code[closers])) ++closers;
    line.depth = depth > closers ? depth - closers : 0;
    line.continuation = is_continuation(line, previous, statements);
    line.in_record = line.depth > 0 && line.depth <= record_braces.size() && record_braces[line.depth - 1];
    statements.erase(statements.upper_bound(line.depth), statements.end());
    if (!line.continuation) statements[line.depth] = line.source_indent;
    for (const Token& t : line.code) {
      if (is_opener(t)) {
        ++depth;
        record_braces.push_back(is_punct(t, "{") && before_last != nullptr && is_word(*before_last, "record"));
      }
      if (is_closer(t) && depth > 0) {
        --depth;
        if (!record_braces.empty()) record_braces.pop_back();
      }
      before_last = last;
      last = &t;
    }
    previous = &line;
  }
}

std::vector<std::vector<Line*>> runs_of(std::vector<Line>& lines, const std::function<int(const Line&)>& kind,
                                        bool through_blank_lines) {
  std::vector<std::vector<Line*>> runs;
  int current = 0;
  for (Line& line : lines) {
    bool passes = line.comment_only() || line.continuation || (through_blank_lines && line.blank());
    if (passes) continue;
    int k = line.blank() ? 0 : kind(line);
    if (k != 0 && k == current && runs.back().front()->indent() == line.indent()) {
      runs.back().push_back(&line);
    } else if (k != 0) {
      runs.push_back({&line});
    }
    current = k;
  }
  return runs;
}

std::string render(const std::vector<Line>& lines) {
  // Consecutive lines that end with a comment put it in one column, two spaces after the longest code.
  std::vector<std::size_t> comment_column(lines.size(), 0);
  for (std::size_t i = 0; i < lines.size();) {
    std::size_t j = i;
    std::size_t column = 0;
    while (j < lines.size() && !lines[j].code.empty() && lines[j].comment) {
      column = std::max(column, lines[j].indent() + display_width(lines[j].text) + 2);
      ++j;
    }
    for (std::size_t k = i; k < j; ++k) comment_column[k] = column;
    i = j == i ? i + 1 : j;
  }
  std::string out;
  bool blank_pending = false;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const Line& line = lines[i];
    if (line.blank()) {
      blank_pending = !out.empty();
      continue;
    }
    if (blank_pending) out += '\n';
    blank_pending = false;
    std::string text(line.indent(), ' ');
    text += line.text;
    if (line.comment) {
      if (!line.code.empty()) text.append(comment_column[i] - line.indent() - display_width(line.text), ' ');
      text += line.comment->text;
    }
    out += text;
    out += '\n';
  }
  return out;
}

}  // namespace docket::dsl::fmt
