// The CSV header: split like any record, then every column name bound to an input or carried.
#include "cli/classify/csv_header.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <string_view>

#include "cli/classify/csv_split.hpp"

namespace docket::cli {

bool bind_csv_header(std::string& block, const std::string& input_name, const std::vector<std::string>& ids,
                     InputLayout& layout, ClassifySetup& setup, std::uint32_t& header_lines, std::string& error) {
  if (block.rfind("\xEF\xBB\xBF", 0) == 0) block.erase(0, 3);
  CsvSplitter splitter;
  std::vector<std::string_view> fields;
  std::string why;
  std::size_t pos = 0;
  CsvSplitter::Status status = CsvSplitter::Status::empty_line;
  header_lines = 0;
  std::uint32_t lines = 0;
  while (status == CsvSplitter::Status::empty_line) {
    status = splitter.next(block, pos, fields, lines, why);
    header_lines += lines;
  }
  if (status == CsvSplitter::Status::end) {
    error = fmt::format("{}: error: the file is empty: a CSV input starts with a header line naming its columns",
                        input_name);
    return false;
  }
  if (status == CsvSplitter::Status::malformed) {
    error = fmt::format("{}:{}: error: header: {}", input_name, header_lines, why);
    return false;
  }
  for (std::string_view f : fields) setup.header.emplace_back(f);
  std::vector<std::string> carried = ids;
  if (carried.empty() && std::find(setup.header.begin(), setup.header.end(), "id") != setup.header.end()) {
    carried = {"id"};
  }
  if (!layout.bind_header(setup.header, carried, why)) {
    error = fmt::format("{}:{}: error: {}", input_name, header_lines, why);
    return false;
  }
  block.erase(0, pos);
  return true;
}

}  // namespace docket::cli
