// Helpers for plugin tests: load a plugin or fail the test, call a registered function.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "docket/core/functions.hpp"
#include "docket/core/plugin_host.hpp"

namespace docket::test {

// Loads `path` into `registry`, failing the test with the host's message if it is refused.
inline LoadedPlugin load_or_fail(const std::string& path, FunctionRegistry& registry) {
  std::string error;
  auto loaded = load_plugin(path, registry, error);
  EXPECT_TRUE(loaded.has_value()) << error;
  EXPECT_TRUE(error.empty()) << error;
  return loaded.value_or(LoadedPlugin{});
}

// Calls a registered function the way the evaluator does: through its NativeFunction.
inline Value call(const FunctionRegistry& registry, const std::string& name, std::vector<Value> args) {
  const Function* fn = registry.find(name);
  if (fn == nullptr) throw std::logic_error("no function " + name);
  return fn->call(args);
}

}  // namespace docket::test
