// A decision's arguments from JSON: each member converted with value_from_json under its parameter's name.
#include "cli/decision_input.hpp"

#include <fmt/format.h>

#include <algorithm>

#include <nlohmann/json.hpp>

#include "docket/core/json_depth.hpp"
#include "docket/core/json_value.hpp"
#include "docket/core/suggest.hpp"

namespace docket::cli {

std::vector<Value> decision_args_from_json(const ir::Decision& d, std::string_view json_text) {
  if (json_depth(json_text) > kMaxJsonDepth) {
    throw ValueError(fmt::format("--input nests more than {} levels deep (arrays and objects inside each other)",
                                 kMaxJsonDepth));
  }
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(json_text);
  } catch (const nlohmann::json::exception& e) {  // parse_error, or out_of_range for a number beyond a double
    throw ValueError(fmt::format("--input is not valid JSON: {}", e.what()));
  }
  std::vector<std::string> names;
  std::string shape;
  for (const ir::Param& p : d.params) {
    names.push_back(p.name);
    shape += fmt::format("{}\"{}\": <{}>", shape.empty() ? "" : ", ", p.name, p.type.name());
  }
  if (!j.is_object()) {
    throw ValueError(fmt::format("--input must be a JSON object with one member per parameter of `{}`: {{{}}}",
                                 d.name, shape));
  }
  for (auto it = j.begin(); it != j.end(); ++it) {
    if (std::find(names.begin(), names.end(), it.key()) == names.end()) {
      throw ValueError(fmt::format("--input: `{}` has no parameter `{}`{} (parameters: {})", d.name, it.key(),
                                   did_you_mean_suffix(it.key(), names), join_names(names)));
    }
  }
  std::vector<Value> args;
  for (const ir::Param& p : d.params) {
    auto it = j.find(p.name);
    if (it == j.end()) {
      throw ValueError(fmt::format("--input: missing parameter `{}` ({}) of `{}`: expected {{{}}}", p.name,
                                   p.type.name(), d.name, shape));
    }
    args.push_back(value_from_json(it->dump(), p.type, p.name));
  }
  return args;
}

}  // namespace docket::cli
