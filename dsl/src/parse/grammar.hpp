// The grammar's entry: parse one top-level declaration (instantiated once, in grammar.cpp).
#pragma once

#include <cstddef>
#include <string>

#include "parse/ast.hpp"

namespace docket::dsl::parser {

// The most expressions may nest inside each other while parsing: brackets, `not` and unary `-`
// each count one level. Deeper input is refused (D0102) before the parser's recursion could
// exhaust the stack; the checker's own limits (ir_limits.hpp) apply after that.
inline constexpr std::size_t kMaxParseNesting = 256;

// The outcome of parsing one declaration starting at `first` (leading space already skipped).
struct DeclarationResult {
  bool ok = false;
  const char* stop = nullptr;   // ok: just past the declaration; else where parsing failed
  std::string expected;         // what the grammar expected at `stop`, when known
  bool too_deep = false;        // expressions nest more than kMaxParseNesting levels at `stop`
};

// Parses one declaration from [first, last) of a file that begins at `file_begin`.
DeclarationResult parse_declaration(const char* file_begin, const char* first, const char* last,
                                    ast::Declaration& out);

// Skips whitespace and comments; returns the first significant position.
const char* skip_space(const char* first, const char* last);

}  // namespace docket::dsl::parser
