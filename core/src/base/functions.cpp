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

}  // namespace docket
