// How many terminal columns UTF-8 text takes: what table and column alignment pad to.
#pragma once

#include <cstddef>
#include <string_view>

namespace docket::dsl::fmt {

// Columns `utf8` takes in a monospaced font: East Asian wide and fullwidth characters (Chinese,
// Japanese, Korean, fullwidth forms, most emoji) take 2, combining marks and zero-width
// characters 0, everything else 1. An invalid byte counts as one column. This is a compact
// approximation of Unicode's East Asian Width property, enough for aligning cells.
[[nodiscard]] std::size_t display_width(std::string_view utf8) noexcept;

}  // namespace docket::dsl::fmt
