// The TCK's test cases as docket `test` blocks: one per expected result, `expect decision(args) == value`.
#pragma once

#include <string>
#include <vector>

#include "docket/import/dmn_import.hpp"
#include "tck_read.hpp"
#include "write_decision.hpp"

namespace docket::dmn {

// The tests' .dkt text; each result that cannot be written (its decision was refused, a null, a date, an
// expected error) is a problem in `problems` instead. `written` counts the tests.
[[nodiscard]] std::string write_tests(const ModelContext& ctx, const std::vector<TckCase>& cases,
                                      const std::string& file, std::vector<ImportProblem>& problems, int& written);

}  // namespace docket::dmn
