// LineIndex: byte offsets to and from LSP positions in UTF-16 or UTF-8 units.
#include "lsp/position.hpp"

#include <algorithm>

namespace docket::lsp {

namespace {

// Length in bytes of the UTF-8 sequence starting with `lead` (1 for a stray continuation byte).
std::uint32_t sequence_length(unsigned char lead) {
  if (lead >= 0xF0) return 4;
  if (lead >= 0xE0) return 3;
  if (lead >= 0xC0) return 2;
  return 1;
}

}  // namespace

LineIndex::LineIndex(std::string_view text) : text_(text) {
  starts_.push_back(0);
  for (std::uint32_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') starts_.push_back(i + 1);
  }
}

std::uint32_t LineIndex::offset(Position p, Encoding e) const {
  if (p.line >= starts_.size()) return static_cast<std::uint32_t>(text_.size());
  std::uint32_t at = starts_[p.line];
  const std::uint32_t end =
      p.line + 1 < starts_.size() ? starts_[p.line + 1] - 1 : static_cast<std::uint32_t>(text_.size());
  if (e == Encoding::utf8) return at + std::min(p.character, end - at);
  std::uint32_t units = 0;
  while (at < end && units < p.character) {
    const std::uint32_t len = std::min(sequence_length(static_cast<unsigned char>(text_[at])), end - at);
    units += len == 4 ? 2 : 1;  // characters beyond the BMP are two UTF-16 units
    at += len;
  }
  return at;
}

Position LineIndex::position(std::uint32_t offset, Encoding e) const {
  offset = std::min<std::uint32_t>(offset, static_cast<std::uint32_t>(text_.size()));
  auto it = std::upper_bound(starts_.begin(), starts_.end(), offset);
  const auto line = static_cast<std::uint32_t>(it - starts_.begin() - 1);
  std::uint32_t at = starts_[line];
  std::uint32_t units = 0;
  if (e == Encoding::utf8) return {line, offset - at};
  while (at < offset) {
    const std::uint32_t len = sequence_length(static_cast<unsigned char>(text_[at]));
    units += len == 4 ? 2 : 1;
    at += len;
  }
  return {line, units};
}

}  // namespace docket::lsp
