// Canonical spacing between the tokens of one line: where one space goes and where none does.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "fmt/lexer.hpp"

namespace docket::dsl::fmt {

// Sets Token::spaces_before on every non-comment token of `tokens` (comments are skipped, so a
// token's neighbours are its neighbours in the program). The rules, in order:
// - no space after `(` or `[`, and none before `)`, `]`, `,`, `:` or `%`;
// - none around `.` (field access) and `..` (ranges): `app.customer.area`, `[90..95)`;
// - none between a name and the `(` of a call or parameter list: `segment(c)`;
// - none after a sign that has no left operand: `-5`, `>= -1`, `| -2 |` (but `| - |`);
// - two between fields of a record written on one line: `{ id: text  address: text }`;
// - otherwise one space.
void decide_spacing(std::vector<Token>& tokens);

// The tokens [first, last) of one line joined with their spacing (the first token's is ignored).
[[nodiscard]] std::string join(const std::vector<Token>& tokens, std::size_t first, std::size_t last);

// Whether `t` is a reserved word of the language (see docs/language.md).
[[nodiscard]] bool is_reserved(const Token& t);

}  // namespace docket::dsl::fmt
