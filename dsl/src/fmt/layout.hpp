// The formatter's line model: the source's lines with their tokens, indentation and canonical text.
//
// Line breaks are the analyst's: the formatter never joins or splits lines, it only re-indents
// them (two spaces per open bracket, four more for a statement's continuation line), respaces
// their tokens, collapses runs of blank lines into one and aligns trailing comments. Tables and
// runs of similar statements are then aligned in columns (table_layout.hpp, column_align.hpp).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fmt/lexer.hpp"

namespace docket::dsl::fmt {

struct Line {
  std::vector<Token> code;             // the line's program tokens (spacing decided)
  std::optional<Token> comment;        // a comment ending the line, or the whole line
  std::uint32_t source_indent = 0;     // columns of leading white space in the input (tab stops of 8)
  std::uint32_t depth = 0;             // brackets open at the line's start, less those it starts by closing
  bool continuation = false;           // continues the statement of an earlier line
  bool in_record = false;              // directly inside a `record` declaration's braces (a field line)
  std::string text;                    // the code, canonically spaced, without indentation

  [[nodiscard]] bool blank() const noexcept { return code.empty() && !comment; }
  [[nodiscard]] bool comment_only() const noexcept { return code.empty() && comment.has_value(); }
  [[nodiscard]] std::uint32_t indent() const noexcept { return 2 * depth + (continuation ? 4 : 0); }
};

// Cuts `source` and its tokens (from lex() and decide_spacing()) into lines, with each line's code
// joined canonically in Line::text.
[[nodiscard]] std::vector<Line> split_lines(std::string_view source, const std::vector<Token>& tokens);

// Sets Line::depth, Line::continuation and Line::in_record. A line continues the statement before it when it starts
// with a word or operator that cannot start a statement (`outcome`, `then`, `and`, `->`, ...), when
// the line before ends with one that needs more (`and`, `->`, `=`, ...), or when the analyst
// indented it deeper than the statement it follows at the same bracket depth.
void indent_lines(std::vector<Line>& lines);

// The runs of lines that `kind` gives the same non-zero kind, at the same indentation. Lines that
// hold only a comment, continuation lines and (when `through_blank_lines`) blank lines may lie
// between the lines of a run without ending it; they are not part of it.
[[nodiscard]] std::vector<std::vector<Line*>> runs_of(std::vector<Line>& lines,
                                                      const std::function<int(const Line&)>& kind,
                                                      bool through_blank_lines);

// The finished file: indentation, code, trailing comments aligned where consecutive lines have
// them, at most one blank line in a row, none at the start or end, and one final line break.
[[nodiscard]] std::string render(const std::vector<Line>& lines);

}  // namespace docket::dsl::fmt
