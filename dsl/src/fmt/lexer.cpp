// The formatter's lexer: .dkt text to tokens, following the grammar's lexemes (see lexer.hpp).
#include "fmt/lexer.hpp"

#include <array>

namespace docket::dsl::fmt {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool is_alnum(char c) { return is_alpha(c) || is_digit(c); }
bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f'; }

constexpr std::array<std::string_view, 8> kTwoCharPunct = {"->", "==", "!=", "<=", ">=", "||", "..", "**"};

// The length of the number at `s` (which starts with a digit). `1.5` takes the point only when a
// digit follows, so `90..95` stays a range; an exponent keeps its sign (`1e-3`); letters and digits
// glued on (`45min`, `2d`) belong to it, as the grammar reads a clock unit written against it.
std::size_t number_length(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size() && is_digit(s[i])) ++i;
  if (i + 1 < s.size() && s[i] == '.' && is_digit(s[i + 1])) {
    ++i;
    while (i < s.size() && is_digit(s[i])) ++i;
  }
  if (i + 1 < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    std::size_t j = i + 1;
    if (j + 1 < s.size() && (s[j] == '+' || s[j] == '-')) ++j;
    if (j < s.size() && is_digit(s[j])) i = j;
  }
  while (i < s.size() && is_alnum(s[i])) ++i;
  return i;
}

// The length of a time written as one word, `2025-09-26T16:00[:00]` with an attached zone (`Z`,
// `+08:00`), or 0 when `s` does not start with one.
std::size_t time_length(std::string_view s) {
  constexpr std::string_view shape = "dddd-dd-ddTdd:dd";
  if (s.size() < shape.size()) return 0;
  for (std::size_t k = 0; k < shape.size(); ++k) {
    if (shape[k] == 'd' ? !is_digit(s[k]) : s[k] != shape[k]) return 0;
  }
  std::size_t i = shape.size();
  auto two_digits_after = [&](std::size_t at) { return at + 2 < s.size() && is_digit(s[at + 1]) && is_digit(s[at + 2]); };
  if (i < s.size() && s[i] == ':' && two_digits_after(i)) i += 3;
  if (i < s.size() && s[i] == 'Z') {
    ++i;
  } else if (i < s.size() && (s[i] == '+' || s[i] == '-') && two_digits_after(i)) {
    i += 3;
    if (i < s.size() && s[i] == ':' && two_digits_after(i)) i += 3;
  }
  return i;
}

// The length of an IANA zone name such as `Asia/Shanghai` (a word with at least one `/`), or 0.
std::size_t zone_length(std::string_view s) {
  std::size_t i = 0;
  bool slash = false;
  while (i < s.size() && (is_alnum(s[i]) || s[i] == '-' || s[i] == '+' || (s[i] == '/' && i > 0))) {
    slash |= s[i] == '/';
    ++i;
  }
  return slash && is_alpha(s[0]) ? i : 0;
}

// A quoted text up to its closing quote, or up to the end of the line when it has none.
std::size_t text_length(std::string_view s) {
  std::size_t i = 1;
  while (i < s.size() && s[i] != '"' && s[i] != '\n') {
    bool escape = s[i] == '\\' && i + 1 < s.size() && s[i + 1] != '\n';
    i += escape ? 2u : 1u;
  }
  return i < s.size() && s[i] == '"' ? i + 1 : i;
}

// One UTF-8 character (a lone continuation or invalid byte is one character too).
std::size_t utf8_char_length(std::string_view s) {
  auto lead = static_cast<unsigned char>(s[0]);
  std::size_t n = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
  std::size_t i = 1;
  while (i < n && i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) ++i;
  return i;
}

}  // namespace

std::vector<Token> lex(std::string_view source) {
  std::vector<Token> out;
  std::uint32_t line = 0;
  std::size_t i = 0;
  while (i < source.size()) {
    char c = source[i];
    if (c == '\n') {
      ++line;
      ++i;
      continue;
    }
    if (is_blank(c)) {
      ++i;
      continue;
    }
    std::string_view rest = source.substr(i);
    Token t{TokenKind::punct, {}, line, 0};
    std::size_t n = 1;
    if (c == '#') {
      t.kind = TokenKind::comment;
      n = rest.find('\n');
      if (n == std::string_view::npos) n = rest.size();
      while (n > 1 && is_blank(rest[n - 1])) --n;
    } else if (is_alpha(c)) {
      t.kind = TokenKind::word;
      while (n < rest.size() && is_alnum(rest[n])) ++n;
    } else if (std::size_t time = time_length(rest); time > 0) {
      // A time, and the zone name that may follow it after a space, stay whole: `Asia/Shanghai`
      // must not become `Asia / Shanghai`.
      t.kind = TokenKind::number;
      n = time;
      t.text = rest.substr(0, n);
      out.push_back(t);
      i += n;
      std::size_t gap = 0;
      while (i + gap < source.size() && is_blank(source[i + gap])) ++gap;
      if (std::size_t zone = zone_length(source.substr(i + gap)); zone > 0) {
        out.push_back(Token{TokenKind::word, source.substr(i + gap, zone), line, 0});
        i += gap + zone;
      }
      continue;
    } else if (is_digit(c)) {
      t.kind = TokenKind::number;
      n = number_length(rest);
      // A time of day, `16:00` or `16:00:30` (an SLA's `by 16:00`, a value), and a date,
      // `2018-07-30`, are one word: never `2018 - 07 - 30`.
      auto two_digits_at = [&](std::size_t at) { return at + 1 < rest.size() && is_digit(rest[at]) && is_digit(rest[at + 1]); };
      if (n == 2 && rest.size() >= 5 && rest[2] == ':' && two_digits_at(3)) {
        n = 5;
        if (rest.size() >= 8 && rest[5] == ':' && two_digits_at(6)) n = 8;
      } else if (n == 4 && rest.size() >= 10 && rest[4] == '-' && two_digits_at(5) && rest[7] == '-' && two_digits_at(8)) {
        n = 10;
      }
    } else if (c == '"') {
      t.kind = TokenKind::text;
      n = text_length(rest);
    } else if (static_cast<unsigned char>(c) >= 0x80) {
      t.kind = TokenKind::other;
      n = utf8_char_length(rest);
    } else {
      for (std::string_view p : kTwoCharPunct) {
        if (rest.substr(0, 2) == p) n = 2;
      }
    }
    t.text = rest.substr(0, n);
    out.push_back(t);
    i += n;
  }
  return out;
}

}  // namespace docket::dsl::fmt
