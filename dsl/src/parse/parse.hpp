// Parsing a whole file: declaration by declaration, recovering at the next one after a mistake.
#pragma once

#include "docket/core/diagnostic.hpp"
#include "docket/core/source.hpp"
#include "parse/ast.hpp"

namespace docket::dsl {

// Parses file `file_id` of `sources`. Every syntax error is reported (D01xx codes); parsing
// resumes at the next line that starts a declaration, so one run reports them all.
ast::File parse_file(const SourceSet& sources, std::uint32_t file_id, Diagnostics& diagnostics);

}  // namespace docket::dsl
