// Values for a workflow by name: its arguments, a step's outcomes and a parameter, read from JSON against the program's types.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "docket/core/program.hpp"
#include "docket/core/value.hpp"

namespace docket::host {

// The arguments of `workflow` from a JSON object with one member per parameter, in declared order.
// EngineError for an unknown workflow; ValueError (naming the parameter and the fix) for a missing,
// unknown or ill-typed member.
[[nodiscard]] std::vector<Value> workflow_args(const Program& program, std::string_view workflow,
                                               std::string_view args_json);

// The outcomes of `step` of `workflow` from a JSON object (`{}` for a step without outcomes).
// EngineError for an unknown step or outcome; ValueError for an ill-typed one.
[[nodiscard]] std::map<std::string, Value, std::less<>> step_outcomes(const Program& program, std::string_view workflow,
                                                                      std::string_view step, std::string_view outcomes_json);

// A new value for parameter `param` of `workflow` (Engine::update), from JSON.
[[nodiscard]] Value param_value(const Program& program, std::string_view workflow, std::string_view param,
                                std::string_view value_json);

}  // namespace docket::host
