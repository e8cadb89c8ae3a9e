// Display width of UTF-8 text (East Asian wide characters take two columns).
#include "fmt/display_width.hpp"

#include <array>
#include <cstdint>

namespace docket::dsl::fmt {

namespace {

struct Range {
  char32_t first;
  char32_t last;
};

constexpr std::array<Range, 16> kWide = {{
    {0x1100, 0x115F},    // Hangul Jamo initials
    {0x2E80, 0x303E},    // CJK radicals, Kangxi, CJK symbols and punctuation (、。「」)
    {0x3041, 0x33FF},    // Hiragana, Katakana, Bopomofo, CJK compatibility
    {0x3400, 0x4DBF},    // CJK extension A
    {0x4E00, 0x9FFF},    // CJK unified ideographs
    {0xA000, 0xA4CF},    // Yi
    {0xAC00, 0xD7A3},    // Hangul syllables
    {0xF900, 0xFAFF},    // CJK compatibility ideographs
    {0xFE10, 0xFE19},    // vertical forms
    {0xFE30, 0xFE6F},    // CJK compatibility forms, small forms
    {0xFF00, 0xFF60},    // fullwidth forms (，：（）)
    {0xFFE0, 0xFFE6},    // fullwidth signs
    {0x1F300, 0x1F64F},  // pictographs and emoticons
    {0x1F900, 0x1F9FF},  // supplemental pictographs
    {0x20000, 0x2FFFD},  // CJK extensions B-F
    {0x30000, 0x3FFFD},  // CJK extension G
}};

constexpr std::array<Range, 5> kZero = {{
    {0x0300, 0x036F},  // combining diacritical marks
    {0x200B, 0x200F},  // zero-width space, joiners, direction marks
    {0x20D0, 0x20FF},  // combining marks for symbols
    {0xFE00, 0xFE0F},  // variation selectors
    {0xFEFF, 0xFEFF},  // zero-width no-break space (byte-order mark)
}};

template <std::size_t N>
bool in(const std::array<Range, N>& ranges, char32_t c) {
  for (const Range& r : ranges) {
    if (c >= r.first && c <= r.last) return true;
  }
  return false;
}

// Decodes the character at `s[i]` and advances `i`; an invalid sequence yields its first byte.
char32_t decode(std::string_view s, std::size_t& i) {
  auto b = static_cast<unsigned char>(s[i]);
  std::size_t n = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
  if (n == 1 || i + n > s.size()) {
    ++i;
    return b;
  }
  char32_t c = b & (0x7Fu >> n);
  for (std::size_t k = 1; k < n; ++k) {
    auto cont = static_cast<unsigned char>(s[i + k]);
    if ((cont & 0xC0) != 0x80) {
      ++i;
      return b;
    }
    c = (c << 6) | (cont & 0x3Fu);
  }
  i += n;
  return c;
}

}  // namespace

std::size_t display_width(std::string_view utf8) noexcept {
  std::size_t width = 0;
  std::size_t i = 0;
  while (i < utf8.size()) {
    char32_t c = decode(utf8, i);
    if (in(kZero, c)) continue;
    width += in(kWide, c) ? 2u : 1u;
  }
  return width;
}

}  // namespace docket::dsl::fmt
