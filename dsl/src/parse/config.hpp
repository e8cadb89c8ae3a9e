// Iterator, skipper and context types shared by the grammar's declaration and its one instantiation.
#pragma once

#include <boost/spirit/home/x3.hpp>
#include <cstddef>

#include "parse/grammar.hpp"

namespace docket::dsl::parser {

namespace x3 = boost::spirit::x3;

using iterator_type = const char*;

// Whitespace and `#` comments to the end of the line. Explicit character sets, not x3::space:
// Spirit's `standard` classes call isspace() on a negative char for bytes >= 0x80 (a UTF-8 BOM,
// a Chinese character between tokens), which is undefined behaviour (found by the fuzzer).
struct skipper_tag;
inline const auto skipper = x3::char_(" \t\r\n\v\f") | x3::lexeme['#' >> *(x3::char_ - x3::eol)];
using skipper_type = std::remove_cv_t<decltype(skipper)>;

// Where the file starts, so that rules can record byte offsets into it; and how deeply the
// expression being parsed nests (see `nest` in grammar_def.hpp).
struct position_base_tag;
struct PositionBase {
  iterator_type begin;
  std::size_t nesting = 0;
};

// Thrown by `nest` at the expression that goes one level too deep; parse_declaration catches it.
struct NestingTooDeep {
  iterator_type where;
};

using phrase_context_type = x3::phrase_parse_context<skipper_type>::type;
using context_type =
    x3::context<position_base_tag, std::reference_wrapper<PositionBase>, phrase_context_type>;

}  // namespace docket::dsl::parser
