// The header line of a CSV input: its column names, bound to the decision's inputs.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "cli/classify/input_layout.hpp"
#include "cli/classify/row_classifier.hpp"

namespace docket::cli {

// Reads the header record from the front of `block` (after a UTF-8 BOM), binds its columns in
// `layout` (`ids` are the columns carried to the output; empty: `id` when there is one), fills
// setup.header and removes the header from `block`. `header_lines` is the number of physical
// lines it took. On a problem returns false with `error` as "INPUT:LINE: error: ...".
bool bind_csv_header(std::string& block, const std::string& input_name, const std::vector<std::string>& ids,
                     InputLayout& layout, ClassifySetup& setup, std::uint32_t& header_lines, std::string& error);

}  // namespace docket::cli
