// Words about a symbol for hovers and completion details: its declaration as written, its type,
// where it lives, and the comments the analyst wrote beside it.
#pragma once

#include <string>

#include "lsp/protocol.hpp"

namespace docket::lsp {

// One line a person reads as the symbol's declaration: `decision segment(c: Customer) -> text`,
// `area : Area`, `step survey "现场勘察" by role survey_team(app) within 2 workdays`.
std::string declaration_line(const View& view, std::uint32_t symbol);
// `field of record Customer`, `step of workflow meter_install`, `enum member of Area`.
std::string kind_line(const View& view, std::uint32_t symbol);
// The `#` comment lines right above the declaration and a comment at the end of its line.
std::string doc_comment(const View& view, std::uint32_t symbol);
// A function's or action's signature from the registry (`site.district(text) -> text`), and its origin.
std::string external_signature(const View& view, const dsl::Symbol& symbol, std::string* origin);

}  // namespace docket::lsp
