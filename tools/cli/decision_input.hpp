// A decision's arguments from a JSON object with one member per parameter (`docket explain --input`).
#pragma once

#include <string_view>
#include <vector>

#include "docket/core/ir.hpp"
#include "docket/core/value.hpp"

namespace docket::cli {

// `json_text` is an object such as {"c": {"voltage_kv": 35, ...}}. Throws ValueError naming the
// parameter and the fix: a missing or unknown member (with a did-you-mean), or a value of the wrong type.
[[nodiscard]] std::vector<Value> decision_args_from_json(const ir::Decision& d, std::string_view json_text);

}  // namespace docket::cli
