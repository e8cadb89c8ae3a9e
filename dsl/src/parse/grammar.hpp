// The grammar's entry: parse one top-level declaration (instantiated once, in grammar.cpp).
#pragma once

#include "parse/ast.hpp"

namespace docket::dsl::parser {

// The outcome of parsing one declaration starting at `first` (leading space already skipped).
struct DeclarationResult {
  bool ok = false;
  const char* stop = nullptr;   // ok: just past the declaration; else where parsing failed
  std::string expected;         // what the grammar expected at `stop`, when known
};

// Parses one declaration from [first, last) of a file that begins at `file_begin`.
DeclarationResult parse_declaration(const char* file_begin, const char* first, const char* last,
                                    ast::Declaration& out);

// Skips whitespace and comments; returns the first significant position.
const char* skip_space(const char* first, const char* last);

}  // namespace docket::dsl::parser
