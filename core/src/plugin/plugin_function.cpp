// Calls a plugin function through the C ABI: argument and result bridging around a CallScope.
#include <array>
#include <cstddef>
#include <memory>
#include <span>
#include <string>

#include "plugin/abi_v1.hpp"
#include "plugin/call_scope.hpp"
#include "plugin/staged.hpp"
#include "plugin/value_bridge.hpp"

namespace docket::plugin {
namespace {

// The shared, immutable part of a bound function.
struct Binding {
  StagedFunction fn;

  Value call(std::span<const Value> args) const {
    if (args.size() != fn.params.size()) {
      throw FunctionError(fn.name + " expects " + std::to_string(fn.params.size()) +
                          " argument(s) but was called with " + std::to_string(args.size()));
    }
    std::array<docket_value, max_plugin_params> abi_args;  // each used slot is filled below
    for (std::size_t i = 0; i < args.size(); ++i) {
      if (!value_to_abi(args[i], fn.params[i], abi_args[i])) {
        throw FunctionError(bad_argument(fn.name, i, fn.params[i], args[i]));
      }
    }
    CallScope scope(fn.policy);
    docket_value result{};
    const docket_status status = fn.call(scope.context(), abi_args.data(), args.size(), &result);
    scope.finish();
    if (status != DOCKET_OK || scope.state().failed) throw FunctionError(scope.error_message(status));
    if (!abi_result_ok(result, fn.result)) {
      throw FunctionError(fn.name + " returned " + describe_abi_result(result) + " where its signature promises " +
                          abi_type_name(fn.result) + " (a bug in plugin " + fn.policy.plugin_name + ")");
    }
    return value_from_abi(result);
  }
};

}  // namespace

FunctionSignature signature_of(const StagedFunction& fn, const std::string& origin) {
  FunctionSignature sig;
  sig.name = fn.name;
  for (docket_type code : fn.params) sig.params.push_back(type_from_abi(code).value_or(Type::error()));
  sig.result = type_from_abi(fn.result).value_or(Type::error());
  sig.origin = origin;
  sig.traits = fn.policy.traits();
  return sig;
}

NativeFunction make_plugin_function(const StagedFunction& fn) {
  auto binding = std::make_shared<const Binding>(Binding{fn});
  return [binding](std::span<const Value> args) { return binding->call(args); };
}

}  // namespace docket::plugin
