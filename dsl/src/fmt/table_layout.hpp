// Decision tables laid out as tables: every column padded to its widest cell.
#pragma once

#include <vector>

#include "fmt/layout.hpp"

namespace docket::dsl::fmt {

// Whether a line is one whole table row (or header): it starts and ends with `|`.
[[nodiscard]] bool is_table_row(const Line& line);

// Lays out each table (a run of table rows at one indentation; comments and blank lines between
// rows do not end it) as `| cell | cell || cell |`: one space inside each bar, every cell padded
// to the display width of its column's widest cell, so Chinese cells line up too.
void align_tables(std::vector<Line>& lines);

}  // namespace docket::dsl::fmt
