// Parsing a whole file: declaration by declaration, recovering at the next one after a mistake.
#pragma once

#include "docket/core/diagnostic.hpp"
#include "docket/core/source.hpp"
#include "parse/ast.hpp"

namespace docket::dsl {

// Parses file `file_id` of `sources`. Every syntax error is reported (D01xx codes); parsing
// resumes at the next line that starts a declaration, so one run reports them all.
ast::File parse_file(const SourceSet& sources, std::uint32_t file_id, Diagnostics& diagnostics);

// The same, for editors: a declaration with a syntax error is parsed again with its broken lines
// blanked out (a few times at most), so that what the analyst has not broken stays known while
// they type. The errors reported are the same as parse_file's; the declarations saved this way are
// listed in `File::repaired`.
ast::File parse_file_recovering(const SourceSet& sources, std::uint32_t file_id, Diagnostics& diagnostics);

}  // namespace docket::dsl
