// `docket fmt`: the canonical layout of a .dkt file, with every comment kept and the meaning unchanged.
//
// The formatter works on tokens, not on the AST: it keeps each token's text as written (comments
// included) and decides only the white space between tokens and lines. The analyst's line breaks
// stay; indentation, spacing, blank lines, tables and columns are made canonical. The rules are in
// docs/fmt.md. Formatting a formatted file changes nothing.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "docket/core/diagnostic.hpp"
#include "docket/core/source.hpp"

namespace docket::dsl {

// The canonical text of file `file_id` of `sources`. A file that does not parse is not formatted:
// the result is empty and its syntax errors (D0101) are added to `diagnostics`, as `compile` would
// report them. A file that parses gets no diagnostics (the checker does not run, so a file with
// type errors is still formatted). Throws std::logic_error only on an internal failure: when the
// layout would change the file's tokens or make it stop parsing, which would be a formatter bug.
[[nodiscard]] std::optional<std::string> format_source(const SourceSet& sources, std::uint32_t file_id,
                                                       Diagnostics& diagnostics);

}  // namespace docket::dsl
