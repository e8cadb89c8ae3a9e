// An Explanation for a person (text with source lines) or for a program (JSON).
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "docket/core/explain.hpp"
#include "docket/core/source.hpp"

namespace docket::cli {

// Indented text: the answer, the rule or row that fired with its source line, why each rule
// or row above it did not, the inputs read, then each called decision the same way.
[[nodiscard]] std::string render_explanation_text(const Explanation& e, const SourceSet& sources);

// The same as a JSON object; indexes and lines are 1-based. Described in docs/classify.md.
[[nodiscard]] nlohmann::ordered_json render_explanation_json(const Explanation& e, const SourceSet& sources);

}  // namespace docket::cli
