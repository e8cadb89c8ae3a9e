// The formatter's tokens: the .dkt text cut into words, numbers, texts, punctuation and comments.
//
// The formatter never rebuilds text from the AST: it keeps every token's text exactly as written
// and only decides the white space between tokens. So comments survive, and a construct the
// grammar gains later is formatted sensibly (one space between its tokens) without a change here.
// The cuts follow the grammar's lexemes, so that gluing or separating two tokens never changes
// how the parser reads them: `45min` and `1.5` are one token each, `90..95` is three.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace docket::dsl::fmt {

enum class TokenKind : std::uint8_t {
  word,     // a name or keyword: `[A-Za-z_][A-Za-z0-9_]*`
  number,   // digits with an optional fraction, exponent and glued unit: `3`, `0.38`, `45min`, `1e5`
  text,     // a quoted text with its quotes and escapes, as written
  punct,    // `->` `==` `!=` `<=` `>=` `||` `..` or one ASCII punctuation character
  comment,  // `#` to the end of the line (without the line break)
  other,    // anything else: one UTF-8 character the grammar does not accept outside texts
};

struct Token {
  TokenKind kind = TokenKind::punct;
  std::string_view text;       // a view into the source text
  std::uint32_t line = 0;      // 0-based line of the source
  std::uint8_t spaces_before = 0;  // set by decide_spacing(): spaces before this token on its line
};

// Cuts `source` into tokens (comments included, white space left out). Never fails: text the
// grammar would refuse still becomes tokens, but the formatter runs only on files that parse.
[[nodiscard]] std::vector<Token> lex(std::string_view source);

[[nodiscard]] inline bool is_punct(const Token& t, std::string_view p) {
  return t.kind == TokenKind::punct && t.text == p;
}
[[nodiscard]] inline bool is_word(const Token& t, std::string_view w) {
  return t.kind == TokenKind::word && t.text == w;
}

}  // namespace docket::dsl::fmt
