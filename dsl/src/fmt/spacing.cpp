// Canonical spacing between tokens (the rules are listed in spacing.hpp).
#include "fmt/spacing.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <string_view>

namespace docket::dsl::fmt {

namespace {

// The grammar's reserved words (grammar_def.hpp, `keywords`).
constexpr std::array<std::string_view, 25> kReserved = {
    "module", "enum", "record", "decision", "table",   "workflow", "hit", "rule", "when",
    "then",   "otherwise", "step", "wait",  "end",     "flow",     "by",  "within", "outcome",
    "on",     "and",  "or",    "not",  "in",  "true", "false"};

// Contextual words: reserved only where the grammar expects them, so they stay usable as names.
// They keep a space before `(`: `by role (a + b)` is not a call to `role`.
constexpr std::array<std::string_view, 24> kContextual = {
    "label", "calendar", "sla",      "target",    "from",     "until", "pause", "while", "warn", "at",
    "before", "breach",  "notify",   "supervise", "escalate", "level", "to",    "role",  "action", "list",
    "repeat", "every",   "for",      "times"};

// Words the grammar follows with a value that may be a signed literal, beyond the contextual ones
// above: `breach after +4h`, test lines `expect +1 == x`, `advance +2h`.
constexpr std::array<std::string_view, 4> kBeforeValue = {"after", "expect", "advance", "start"};

template <std::size_t N>
bool contains(const std::array<std::string_view, N>& words, std::string_view w) {
  return std::find(words.begin(), words.end(), w) != words.end();
}

// A name that can be called: a word that is neither reserved nor contextual, or any word after `.`.
bool is_callable_name(const Token* before, const Token& t) {
  if (t.kind != TokenKind::word) return false;
  if (before != nullptr && is_punct(*before, ".")) return true;
  return !contains(kReserved, t.text) && !contains(kContextual, t.text);
}

// Whether `t` can end an operand, so that a `-` or `+` after it is binary.
bool ends_operand(const Token* t) {
  if (t == nullptr) return false;
  switch (t->kind) {
    case TokenKind::number:
    case TokenKind::text:
      return true;
    case TokenKind::word:
      return !is_reserved(*t) || t->text == "true" || t->text == "false";
    case TokenKind::punct:
      return t->text == ")" || t->text == "]";
    case TokenKind::comment:
    case TokenKind::other:
      return false;
  }
  return false;
}

// Whether `a` and `b` were written with nothing between them (tokens are views into the source).
bool glued(const Token& a, const Token& b) { return a.text.data() + a.text.size() == b.text.data(); }

bool starts_operand(const Token& t) {
  return t.kind == TokenKind::word || t.kind == TokenKind::number || t.kind == TokenKind::text ||
         is_punct(t, "(");
}

// Two fields of a record written on one line, `{ id: text  address: text }`, are set two spaces
// apart: `next` is a field's name (a `:` follows it) and `prev` ends the field before. A test's
// `with` starts its outcomes (`complete survey with feasible: true`): it ends no field.
bool starts_another_field(const Token& prev, const Token& next, const Token* after) {
  return after != nullptr && is_punct(*after, ":") && next.kind == TokenKind::word && !is_reserved(next) &&
         ends_operand(&prev) && !is_word(prev, "with");
}

std::uint8_t spaces_between(const Token* before, const Token& prev, const Token& next, const Token* after) {
  if (is_punct(prev, "(") || is_punct(prev, "[")) return 0;
  for (std::string_view p : {")", "]", ",", ":", "%"}) {
    if (is_punct(next, p)) return 0;
  }
  for (std::string_view p : {".", ".."}) {
    if (is_punct(prev, p) || is_punct(next, p)) return 0;
  }
  if (is_punct(next, "(") && is_callable_name(before, prev)) return 0;
  // A table cell's `not(...)` (DMN's negated tests) stays as written against its bracket.
  if (is_punct(next, "(") && is_word(prev, "not") && glued(prev, next)) return 0;
  bool sign = is_punct(prev, "-") || is_punct(prev, "+");
  if (sign && !ends_operand(before) && starts_operand(next)) return 0;
  // A sign written against its number, with a space before it or after a contextual keyword,
  // stays against it: `warn at +80%` and `breach after +4h` read `+80` and `+4h` as literals, and
  // `at + 80` would not parse. (Where `at` is a name, `at +5` still reads as `at + 5`; `a+1` is
  // still spaced as `a + 1`.)
  if (sign && next.kind == TokenKind::number && glued(prev, next) && before != nullptr &&
      before->kind == TokenKind::word &&
      (!glued(*before, prev) || contains(kContextual, before->text) || contains(kBeforeValue, before->text))) {
    return 0;
  }
  return starts_another_field(prev, next, after) ? 2 : 1;
}

}  // namespace

bool is_reserved(const Token& t) { return t.kind == TokenKind::word && contains(kReserved, t.text); }

void decide_spacing(std::vector<Token>& tokens) {
  std::vector<Token*> code;  // the program's tokens, comments left out
  for (Token& t : tokens) {
    if (t.kind != TokenKind::comment) code.push_back(&t);
  }
  for (std::size_t i = 1; i < code.size(); ++i) {
    const Token* before = i >= 2 ? code[i - 2] : nullptr;
    const Token* after = i + 1 < code.size() ? code[i + 1] : nullptr;
    code[i]->spaces_before = spaces_between(before, *code[i - 1], *code[i], after);
  }
}

std::string join(const std::vector<Token>& tokens, std::size_t first, std::size_t last) {
  std::string out;
  for (std::size_t i = first; i < last; ++i) {
    if (i > first) out.append(tokens[i].spaces_before, ' ');
    out += tokens[i].text;
  }
  return out;
}

}  // namespace docket::dsl::fmt
