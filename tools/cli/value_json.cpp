// Docket values as JSON for the CLI: core's value_to_json_text, as an ordered JSON value.
#include "cli/value_json.hpp"

#include "docket/core/json_value.hpp"

namespace docket::cli {

nlohmann::ordered_json value_to_json(const Value& v) { return nlohmann::ordered_json::parse(value_to_json_text(v)); }

}  // namespace docket::cli
