// The common forms of a CSV field, read inline: blanks trimmed, short ints, simple decimals, bools, names.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace docket::cli::field_parse {

inline bool blank(char c) { return c == ' ' || c == '\t'; }

// Spaces and tabs off both ends; fields rarely have any, so one test of each end in the common case.
inline std::string_view trimmed(std::string_view s) {
  if (s.empty() || (!blank(s.front()) && !blank(s.back()))) return s;
  while (!s.empty() && blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && blank(s.back())) s.remove_suffix(1);
  return s;
}

// Names are short: eight bytes at a time, inline, beats a call of memcmp.
inline bool same_bytes(const char* a, const char* b, std::size_t n) {
  for (; n >= 8; a += 8, b += 8, n -= 8) {
    std::uint64_t x = 0;
    std::uint64_t y = 0;
    std::memcpy(&x, a, 8);
    std::memcpy(&y, b, 8);
    if (x != y) return false;
  }
  for (; n > 0; ++a, ++b, --n) {
    if (*a != *b) return false;
  }
  return true;
}

// `[-]digits` of at most 18 digits (no overflow possible): what std::from_chars reads for them.
// false for anything else, which the caller leaves to from_chars and its messages.
inline bool short_int(std::string_view text, std::int64_t& out) {
  std::size_t i = !text.empty() && text[0] == '-' ? 1 : 0;
  if (i == text.size() || text.size() - i > 18) return false;
  std::int64_t n = 0;
  for (; i < text.size(); ++i) {
    const auto digit = static_cast<unsigned char>(text[i] - '0');
    if (digit > 9) return false;
    n = n * 10 + digit;
  }
  out = text[0] == '-' ? -n : n;
  return true;
}

// `[-]digits[.digits]` with at most 15 digits in all: the digits as an integer (exact in a double)
// divided by a power of ten (exact up to 10^22) is one correctly rounded operation, so the result is
// the double std::from_chars reads (Clinger's fast path). false for anything else (left to from_chars).
inline bool simple_decimal(std::string_view text, double& out) {
  static constexpr double kTens[] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
  std::size_t i = 0;
  const bool negative = !text.empty() && text[0] == '-';
  if (negative) i = 1;
  std::uint64_t digits = 0;
  std::size_t count = 0;
  std::size_t fraction = 0;  // digits after the point
  bool point = false;
  for (; i < text.size(); ++i) {
    const char c = text[i];
    if (c >= '0' && c <= '9') {
      digits = digits * 10 + static_cast<std::uint64_t>(c - '0');
      ++count;
      fraction += point ? 1 : 0;
    } else if (c == '.' && !point && count > 0) {
      point = true;
    } else {
      return false;
    }
  }
  if (count == 0 || count > 15 || (point && fraction == 0)) return false;
  const double value = static_cast<double>(digits) / kTens[fraction];
  out = negative ? -value : value;
  return true;
}

// `true`, `false`, `1`, `0`.
inline bool bool_word(std::string_view text, bool& out) {
  if (text == "true" || text == "1") {
    out = true;
    return true;
  }
  if (text == "false" || text == "0") {
    out = false;
    return true;
  }
  return false;
}

}  // namespace docket::cli::field_parse
