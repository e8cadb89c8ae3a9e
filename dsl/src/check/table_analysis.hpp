// Static analysis of decision tables: overlapping rows, inputs no row covers, rows that never fire.
//
// Each column's domain is cut into atoms on which every cell of the column is constant: enum
// members, true/false, each text literal plus "any other text", and for numbers the boundary
// points with the open intervals between them. A row is then a box of atoms, and overlaps, gaps
// and shadowed rows are found by searching boxes. Columns whose cells are not literals, or whose
// type has no finite description (records, times), make the analysis skip the table: it only
// reports what it can prove.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "docket/core/ir.hpp"

namespace docket::dsl {

struct TableFinding {
  enum class Kind {
    overlap,   // hit unique: rows row_a and row_b both match `example`
    conflict,  // hit any: rows row_a and row_b both match `example` and give different outputs
    gap,       // single-hit policies: no row matches `example`
    dead_row,  // hit first: row row_b never fires; earlier rows match all it matches
  };
  Kind kind = Kind::gap;
  std::size_t row_a = 0;
  std::size_t row_b = 0;
  std::vector<std::string> example;  // "label = value" per input column
};

// Findings for one checked table, at most one gap and one finding per row. The search stops
// after `budget` steps, so a huge table is analysed partly rather than slowly.
std::vector<TableFinding> analyze_table(const ir::Decision& table, std::size_t budget = 2'000'000);

}  // namespace docket::dsl
