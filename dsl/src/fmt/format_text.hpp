// The layout pipeline behind format_source, for text already known to parse.
#pragma once

#include <string>
#include <string_view>

namespace docket::dsl::fmt {

// Lexes `text`, respaces and re-indents its lines, aligns tables and statement columns, and renders
// the result. A UTF-8 byte-order mark at the start is dropped. Throws std::logic_error when the
// result's tokens differ from the input's (a formatter bug, never a user mistake).
[[nodiscard]] std::string format_text(std::string_view text);

}  // namespace docket::dsl::fmt
