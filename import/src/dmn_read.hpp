// DMN XML (DMN 1.1 to 1.5) to a Model: the elements the import knows, with their lines; what is not DMN is a problem.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "dmn_model.hpp"
#include "docket/import/dmn_import.hpp"
#include "xml_tree.hpp"

namespace docket::dmn {

// The DMN version a namespace URI names ("1.1" ... "1.5"), "" when it names none.
[[nodiscard]] std::string dmn_version(const std::string& ns);

// The model under `root` (a `definitions` element); nullopt with a problem when it is not one.
[[nodiscard]] std::optional<Model> read_model(const XmlElement& root, const std::string& file,
                                              std::vector<ImportProblem>& problems);

}  // namespace docket::dmn
