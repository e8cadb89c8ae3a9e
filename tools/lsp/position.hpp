// LSP positions (line, character) and byte offsets in UTF-8 text, in the negotiated encoding.
//
// LSP counts characters in UTF-16 code units unless client and server agree on UTF-8: a Chinese
// label is one UTF-16 unit per character but three bytes, so every conversion goes through here.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace docket::lsp {

enum class Encoding : std::uint8_t { utf16, utf8 };

struct Position {
  std::uint32_t line = 0;
  std::uint32_t character = 0;
};

// Line starts of one text, to convert both ways.
class LineIndex {
 public:
  explicit LineIndex(std::string_view text);
  // The byte offset of a position; a character past the line's end means its end, a line past
  // the last means the end of the text (LSP asks clients to expect this clamping).
  [[nodiscard]] std::uint32_t offset(Position p, Encoding e) const;
  [[nodiscard]] Position position(std::uint32_t offset, Encoding e) const;

 private:
  std::string_view text_;
  std::vector<std::uint32_t> starts_;
};

}  // namespace docket::lsp
