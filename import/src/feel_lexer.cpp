// The FEEL tokenizer: numbers, strings, punctuation, and names matched against the names in scope.
#include "feel_lexer.hpp"

#include <array>

namespace docket::dmn {

namespace {

bool space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
bool digit(char c) { return c >= '0' && c <= '9'; }
bool name_start(char c) {
  const auto u = static_cast<unsigned char>(c);
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '?' || u >= 0x80;
}
bool name_part(char c) { return name_start(c) || digit(c) || c == '\''; }

}  // namespace

std::size_t FeelLexer::skip_space(std::size_t at) const {
  while (at < text_.size() && space(text_[at])) ++at;
  return at;
}

bool FeelLexer::at_end() const { return skip_space(pos_) >= text_.size(); }

// The end of `name` written at `at`, or 0 when it is not written there as a whole name.
std::size_t FeelLexer::match_name(std::size_t at, const std::string& name) const {
  std::size_t i = at;
  for (std::size_t k = 0; k < name.size(); ++k) {
    if (space(name[k])) {
      if (i >= text_.size() || !space(text_[i])) return 0;
      i = skip_space(i);
      while (k + 1 < name.size() && space(name[k + 1])) ++k;
      continue;
    }
    if (i >= text_.size() || text_[i] != name[k]) return 0;
    ++i;
  }
  if (i < text_.size() && name_part(text_[i]) && name_part(name.back())) return 0;
  return i;
}

Token FeelLexer::peek(const std::vector<std::string>& names) const {
  Token t;
  const std::size_t at = skip_space(pos_);
  t.begin = at;
  t.end = at;
  if (at >= text_.size()) return t;
  const char c = text_[at];
  if (digit(c) || (c == '.' && at + 1 < text_.size() && digit(text_[at + 1]))) {
    std::size_t i = at;
    while (i < text_.size() && digit(text_[i])) ++i;
    if (i + 1 < text_.size() && text_[i] == '.' && digit(text_[i + 1])) {
      ++i;
      while (i < text_.size() && digit(text_[i])) ++i;
    }
    t.kind = Tok::number;
    t.text = std::string(text_.substr(at, i - at));
    if (t.text.front() == '.') t.text.insert(t.text.begin(), '0');
    t.end = i;
    return t;
  }
  if (c == '"') {
    std::size_t i = at + 1;
    while (i < text_.size() && text_[i] != '"') {
      if (text_[i] == '\\') {
        if (i + 1 >= text_.size()) break;
        const char e = text_[i + 1];
        if (e == '"' || e == '\\' || e == '\'') {
          t.text += e;
        } else if (e == 'n') {
          t.text += '\n';
        } else if (e == 't') {
          t.text += '\t';
        } else if (e == 'r') {
          t.text += '\r';
        } else {
          t.kind = Tok::error;
          t.text = "the string escape `\\" + std::string(1, e) + "`";
          t.end = i + 2;
          return t;
        }
        i += 2;
        continue;
      }
      t.text += text_[i++];
    }
    if (i >= text_.size()) {
      t.kind = Tok::error;
      t.text = "a string without its closing quote";
      t.end = text_.size();
      return t;
    }
    t.kind = Tok::string;
    t.end = i + 1;
    return t;
  }
  if (name_start(c)) {
    std::size_t best = 0;
    std::string best_name;
    for (const std::string& n : names) {
      const std::size_t e = n.empty() ? 0 : match_name(at, n);
      if (e > best) {
        best = e;
        best_name = n;
      }
    }
    std::size_t i = at;
    while (i < text_.size() && name_part(text_[i])) ++i;
    t.kind = Tok::name;
    if (best >= i) {
      t.text = best_name;
      t.end = best;
    } else {
      t.text = std::string(text_.substr(at, i - at));
      t.end = i;
    }
    return t;
  }
  static constexpr std::array<std::string_view, 6> kTwo = {"<=", ">=", "!=", "..", "**", "->"};
  for (std::string_view p : kTwo) {
    if (text_.substr(at, 2) == p) {
      t.kind = Tok::punct;
      t.text = std::string(p);
      t.end = at + 2;
      return t;
    }
  }
  static constexpr std::string_view kOne = "()[]{},.<>=+-*/@:";
  if (kOne.find(c) != std::string_view::npos) {
    t.kind = Tok::punct;
    t.text = std::string(1, c);
    t.end = at + 1;
    return t;
  }
  t.kind = Tok::error;
  t.text = "the character `" + std::string(1, c) + "`";
  t.end = at + 1;
  return t;
}

}  // namespace docket::dmn
