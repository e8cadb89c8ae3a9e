// `docket import`: a DMN model (and optionally a DMN TCK test-case file) to the equivalent .dkt text.
//
// DMN's decision tables are docket's tables in XML (docs/dmn.md says how each part maps). The import writes
// what has an equivalent and refuses, per decision, what has none (null, dates and times, FEEL functions,
// contexts, business knowledge models, ...), each refusal with the element's line, the reason and the DMN
// feature it names. A decision that depends on a refused one is refused too, so the .dkt always checks.
// The text comes out in `docket fmt`'s layout. No libxml2 type appears here.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace docket::dmn {

// One thing the import could not translate.
struct ImportProblem {
  std::string file;     // the .dmn or test-case file it is in
  int line = 0;         // the element's line (0: the whole file)
  std::string element;  // e.g. `decision "Loan Status"`, `inputEntry`, `testCase 003 resultNode "Status"`
  std::string reason;   // what has no equivalent, in the analyst's words
  std::string feature;  // the DMN feature, short: "null", "date type", "FEEL function", "BKM", ...
};

// `file:LINE: error: ELEMENT: REASON (FEATURE)`.
[[nodiscard]] std::string render(const ImportProblem& p);

struct ImportInput {
  std::string model_name;        // for messages: the .dmn file as the user named it
  std::string_view model_xml;
  std::string module_name;       // the `module` line; "" derives it from the model's name
  std::string tests_name;        // optional: a TCK test-case file (testCases XML) to translate into `test` blocks
  std::string_view tests_xml;
};

struct ImportResult {
  bool read = false;                    // false: the model is not DMN XML at all (problems say why); no text
  std::string text;                     // the .dkt program, formatted
  std::vector<ImportProblem> problems;  // everything refused, in file order
  int decisions = 0;                    // decisions written
  int tests = 0;                        // `test` blocks written (one per expected result)
};

[[nodiscard]] ImportResult import_dmn(const ImportInput& input);

}  // namespace docket::dmn
