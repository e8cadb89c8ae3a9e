// Values for a workflow by name, read from JSON against the types the program declares.
#include "docket/host/arguments.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "docket/core/engine.hpp"
#include "docket/core/json_value.hpp"
#include "docket/core/json_depth.hpp"
#include "docket/core/suggest.hpp"

namespace docket::host {

namespace {

const ir::Workflow& workflow_of(const Program& program, std::string_view name) {
  const ir::Workflow* wf = program.module().find_workflow(name);
  if (wf != nullptr) return *wf;
  std::vector<std::string> names;
  for (const ir::Workflow& w : program.module().workflows) names.push_back(w.name);
  throw EngineError(fmt::format("no workflow named `{}` in the program{}", name, did_you_mean_suffix(name, names)));
}

// `text` as a JSON object; ValueError naming `what` otherwise.
nlohmann::json object_of(std::string_view text, std::string_view what) {
  if (text.empty()) text = "{}";
  if (json_depth(text) > kMaxJsonDepth) {
    throw ValueError(fmt::format("{}: JSON nested more than {} levels deep: no docket value nests so deeply", what,
                                 kMaxJsonDepth));
  }
  nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded()) throw ValueError(fmt::format("{}: not valid JSON: give an object such as {{\"name\": value}}", what));
  if (j.is_null()) return nlohmann::json::object();  // no values at all
  if (!j.is_object()) throw ValueError(fmt::format("{}: expected a JSON object of values by name, got {}", what, j.type_name()));
  return j;
}

std::string dump(const nlohmann::json& j) { return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace); }

}  // namespace

std::vector<Value> workflow_args(const Program& program, std::string_view workflow, std::string_view args_json) {
  const ir::Workflow& wf = workflow_of(program, workflow);
  const nlohmann::json args = object_of(args_json, fmt::format("arguments of workflow {}", wf.name));
  for (const auto& [name, value] : args.items()) {
    bool known = false;
    for (const ir::Param& p : wf.params) known = known || p.name == name;
    if (!known) {
      std::vector<std::string> names;
      for (const ir::Param& p : wf.params) names.push_back(p.name);
      throw ValueError(fmt::format("workflow {} has no parameter `{}`{} (it takes {})", wf.name, name,
                                   did_you_mean_suffix(name, names), join_names(names)));
    }
  }
  std::vector<Value> out;
  for (const ir::Param& p : wf.params) {
    auto it = args.find(p.name);
    if (it == args.end()) {
      throw ValueError(fmt::format("workflow {} takes {} : {}, which the arguments do not give: add \"{}\"", wf.name,
                                   p.name, p.type.name(), p.name));
    }
    out.push_back(value_from_json(dump(*it), p.type, p.name));
  }
  return out;
}

std::map<std::string, Value, std::less<>> step_outcomes(const Program& program, std::string_view workflow,
                                                        std::string_view step, std::string_view outcomes_json) {
  const ir::Workflow& wf = workflow_of(program, workflow);
  const std::optional<std::uint32_t> node = wf.find_node(step);
  const nlohmann::json outcomes = object_of(outcomes_json, fmt::format("outcomes of step {}", step));
  // An unknown step without outcomes is the engine's to report (it knows which steps are active).
  if (!node && outcomes.empty()) return {};
  if (!node) throw EngineError(fmt::format("workflow {} has no step `{}`", wf.name, step));
  std::map<std::string, Value, std::less<>> out;
  for (const auto& [key, value] : outcomes.items()) {
    const ir::Outcome* found = nullptr;
    for (const ir::Outcome& o : wf.nodes[*node].outcomes) {
      if (o.name == key) found = &o;
    }
    if (found == nullptr) {
      std::vector<std::string> names;
      for (const ir::Outcome& o : wf.nodes[*node].outcomes) names.push_back(o.name);
      throw EngineError(fmt::format("step `{}` has no outcome `{}`{}", step, key, did_you_mean_suffix(key, names)));
    }
    out.emplace(key, value_from_json(dump(value), found->type, key));
  }
  return out;
}

Value param_value(const Program& program, std::string_view workflow, std::string_view param,
                  std::string_view value_json) {
  const ir::Workflow& wf = workflow_of(program, workflow);
  for (const ir::Param& p : wf.params) {
    if (p.name == param) return value_from_json(value_json, p.type, p.name);
  }
  throw EngineError(fmt::format("workflow {} has no parameter `{}`", wf.name, param));
}

}  // namespace docket::host
