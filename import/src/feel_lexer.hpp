// FEEL text to tokens, on demand: names may hold spaces (`Applicant data`), so the parser says which names it knows.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace docket::dmn {

enum class Tok { end, number, string, name, punct, error };

struct Token {
  Tok kind = Tok::end;
  std::string text;  // the number as written, the string's value (unescaped), the name, the punctuation
  std::size_t begin = 0;
  std::size_t end = 0;
};

class FeelLexer {
 public:
  explicit FeelLexer(std::string_view text) : text_(text) {}

  // The token at the cursor. A name is the longest of `names` written here (white space inside a name
  // matches any run of white space), else one word; keywords come back as names (`and`, `if`, `null`).
  [[nodiscard]] Token peek(const std::vector<std::string>& names) const;
  void advance(const Token& t) { pos_ = t.end; }
  [[nodiscard]] bool at_end() const;
  [[nodiscard]] std::size_t position() const { return pos_; }
  [[nodiscard]] std::string_view text() const { return text_; }

 private:
  [[nodiscard]] std::size_t skip_space(std::size_t at) const;
  [[nodiscard]] std::size_t match_name(std::size_t at, const std::string& name) const;

  std::string_view text_;
  std::size_t pos_ = 0;
};

}  // namespace docket::dmn
