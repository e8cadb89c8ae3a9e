// The registry of host and plugin functions.
#include "docket/core/functions.hpp"

namespace docket {

bool FunctionRegistry::add(FunctionSignature signature, NativeFunction call) {
  std::string name = signature.name;
  return functions_.try_emplace(std::move(name), Function{std::move(signature), std::move(call)}).second;
}

const Function* FunctionRegistry::find(std::string_view name) const {
  auto it = functions_.find(name);
  return it == functions_.end() ? nullptr : &it->second;
}

std::vector<std::string> FunctionRegistry::names() const {
  std::vector<std::string> out;
  out.reserve(functions_.size());
  for (const auto& [name, fn] : functions_) out.push_back(name);
  return out;
}

bool FunctionRegistry::add_action(ActionSignature signature, ActionHandler run) {
  std::string name = signature.name;
  return actions_.try_emplace(std::move(name), ActionEntry{std::move(signature), std::move(run)}).second;
}

const ActionEntry* FunctionRegistry::find_action(std::string_view name) const {
  auto it = actions_.find(name);
  return it == actions_.end() ? nullptr : &it->second;
}

std::vector<std::string> FunctionRegistry::action_names() const {
  std::vector<std::string> out;
  out.reserve(actions_.size());
  for (const auto& [name, entry] : actions_) out.push_back(name);
  return out;
}

}  // namespace docket
