// How deeply JSON input may nest, checked on the text before it is parsed.
//
// nlohmann::json parses and destroys deep documents without recursion, but copying one, and every
// walk over one (docket's conversions to values), recurses once per level: 300,000 nested `[`
// on one line of a scenario used to overflow the stack. Readers of outside JSON check the depth
// first and refuse deeper text with a message naming the line.
#pragma once

#include <cstddef>
#include <string_view>

namespace docket {

// Arrays and objects inside each other, at most. docket's values nest as deeply as their record
// and list types, a handful of levels; 64 leaves room for any real input.
inline constexpr std::size_t kMaxJsonDepth = 64;

// The deepest nesting of arrays and objects in `text` (brackets inside strings do not count),
// or limit + 1 as soon as it is deeper than `limit`. Malformed text is the parser's business:
// this only counts.
[[nodiscard]] std::size_t json_depth(std::string_view text, std::size_t limit = kMaxJsonDepth) noexcept;

}  // namespace docket
