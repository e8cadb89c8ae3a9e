// A DMN TCK test-case file (TestCases/testCases.xsd): input values and expected results per test case.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "docket/import/dmn_import.hpp"
#include "xml_tree.hpp"

namespace docket::dmn {

struct TckComponent;

// A value as the TCK writes it: a typed scalar, nil, a structure of named components, or a list.
struct TckValue {
  enum class Kind { scalar, nil, structure, list };
  Kind kind = Kind::nil;
  std::string xsd_type;  // "decimal", "string", "boolean", "date", ... (without the xsd: prefix); "" when untyped
  std::string text;
  std::vector<TckComponent> components;
  std::vector<TckValue> items;
  int line = 0;
};

struct TckComponent {
  std::string name;
  TckValue value;
};

struct TckResult {
  std::string name;
  TckValue expected;
  bool error_result = false;  // the TCK expects an evaluation error
  int line = 0;
};

struct TckCase {
  std::string id;
  std::string invocable;  // a decision service's name, when the case invokes one
  int line = 0;
  std::vector<std::pair<std::string, TckValue>> inputs;
  std::vector<TckResult> results;
};

// The cases of a `testCases` document; nullopt with a problem when the root is something else.
[[nodiscard]] std::optional<std::vector<TckCase>> read_tck_cases(const XmlElement& root, const std::string& file,
                                                                 std::vector<ImportProblem>& problems);

}  // namespace docket::dmn
