// Analysis for editors: files parsed one at a time (a parse is kept while its text is unchanged),
// checked together, with whatever resolved kept — the partial module and the symbol index — even
// when the program has errors.
//
// compile() (compile.hpp) is for running programs: all or nothing. analyze() is for a person
// typing: a declaration with a syntax error is parsed again without its broken lines (its syntax
// error is still reported; checker findings inside it are not, as the CLI never checks it), so
// its other names stay known.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "docket/core/diagnostic.hpp"
#include "docket/core/functions.hpp"
#include "docket/core/ir.hpp"
#include "docket/core/source.hpp"
#include "docket/dsl/symbol_index.hpp"

namespace docket::dsl {

// One file parsed: its syntax tree (opaque: it holds Boost types) and syntax diagnostics. It stays
// valid for any SourceSet whose file of the same id has the same text.
class ParsedFile;
using ParsedFilePtr = std::shared_ptr<const ParsedFile>;

// Parses file `file_id` of `sources`, recovering inside broken declarations.
[[nodiscard]] ParsedFilePtr parse_for_analysis(const SourceSet& sources, std::uint32_t file_id);
// Whether the file had syntax errors.
[[nodiscard]] bool has_syntax_errors(const ParsedFile& file) noexcept;

struct Analysis {
  ir::Module module;         // what checked; with errors, parts are missing or typed `error`: not for running
  SymbolIndex index;
  Diagnostics diagnostics;   // syntax errors first, then the checker's, in the order found
};

// Checks `files` (files[i] parsed from file i + 1 of `sources`) together.
[[nodiscard]] std::unique_ptr<Analysis> analyze(const SourceSet& sources, const std::vector<ParsedFilePtr>& files,
                                                const FunctionRegistry& functions);
// Parses every file of `sources`, then analyses them.
[[nodiscard]] std::unique_ptr<Analysis> analyze(const SourceSet& sources, const FunctionRegistry& functions);

// Words the grammar reserves (`when`, `step`, ...): no name may be one of them.
[[nodiscard]] const std::vector<std::string>& reserved_words();
[[nodiscard]] bool is_reserved_word(std::string_view word) noexcept;
// Whether `name` is a valid name: a letter or `_`, then letters, digits and `_`; not reserved.
[[nodiscard]] bool is_valid_name(std::string_view name) noexcept;

}  // namespace docket::dsl
