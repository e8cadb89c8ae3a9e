// Table rows: cut into cells at `|` and `||`, then padded column by column.
#include "fmt/table_layout.hpp"

#include <algorithm>
#include <string>

#include "fmt/display_width.hpp"
#include "fmt/spacing.hpp"

namespace docket::dsl::fmt {

namespace {

bool is_bar(const Token& t) { return is_punct(t, "|") || is_punct(t, "||"); }

// A row as its bars and the cells between them (cells.size() == bars.size() - 1).
struct Row {
  std::vector<std::string> bars;
  std::vector<std::string> cells;
};

Row cut(const Line& line) {
  Row row;
  std::size_t cell_start = 0;
  for (std::size_t i = 0; i < line.code.size(); ++i) {
    if (!is_bar(line.code[i])) continue;
    if (i > 0) row.cells.push_back(join(line.code, cell_start, i));
    row.bars.emplace_back(line.code[i].text);
    cell_start = i + 1;
  }
  return row;
}

}  // namespace

bool is_table_row(const Line& line) {
  return line.code.size() >= 2 && is_bar(line.code.front()) && is_bar(line.code.back());
}

void align_tables(std::vector<Line>& lines) {
  auto kind = [](const Line& line) { return is_table_row(line) ? 1 : 0; };
  for (const std::vector<Line*>& table : runs_of(lines, kind, true)) {
    std::vector<Row> rows;
    std::vector<std::size_t> widths;
    for (const Line* line : table) {
      rows.push_back(cut(*line));
      const std::vector<std::string>& cells = rows.back().cells;
      if (widths.size() < cells.size()) widths.resize(cells.size(), 0);
      for (std::size_t c = 0; c < cells.size(); ++c) widths[c] = std::max(widths[c], display_width(cells[c]));
    }
    for (std::size_t r = 0; r < rows.size(); ++r) {
      std::string text = rows[r].bars.front();
      for (std::size_t c = 0; c < rows[r].cells.size(); ++c) {
        const std::string& cell = rows[r].cells[c];
        text += ' ' + cell + std::string(widths[c] - display_width(cell), ' ') + ' ' + rows[r].bars[c + 1];
      }
      table[r]->text = std::move(text);
    }
  }
}

}  // namespace docket::dsl::fmt
