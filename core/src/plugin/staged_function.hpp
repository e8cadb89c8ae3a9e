// A function a plugin registered during init, kept by the host until (and after) it is committed.
#pragma once

#include <string>
#include <vector>

#include "docket/core/functions.hpp"
#include "docket/plugin.h"

namespace docket::plugin {

// Everything the host copied out of a docket_function_def; the plugin's memory is not needed again.
struct StagedFunction {
  std::string name;
  std::vector<docket_type> params;
  docket_type result = DOCKET_TYPE_INVALID;
  docket_function_fn call = nullptr;
  void* user_data = nullptr;
  std::string plugin_name;  // for messages
};

// The registry signature of a staged function; `origin` is the plugin file.
[[nodiscard]] FunctionSignature signature_of(const StagedFunction& fn, const std::string& origin);

// A NativeFunction that converts arguments, calls the plugin through the C ABI with a fresh call
// context, and converts the result; a reported error becomes a FunctionError with its message.
[[nodiscard]] NativeFunction make_plugin_function(const StagedFunction& fn);

}  // namespace docket::plugin
