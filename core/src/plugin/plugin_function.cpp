// Calls a plugin function through the C ABI: the call context, argument and result bridging.
#include <array>
#include <cstddef>
#include <memory>
#include <new>
#include <span>
#include <string>
#include <vector>

#include "plugin/abi_v1.hpp"
#include "plugin/staged_function.hpp"
#include "plugin/value_bridge.hpp"

namespace docket::plugin {
namespace {

// What one call collects from the plugin: its error, and the scratch memory it asked for.
struct CallState {
  bool failed = false;
  std::string error;
  std::vector<std::unique_ptr<std::byte[]>> scratch;
};

// The plugin sees &frame.context; the host finds its state again from that pointer. Both members
// are standard-layout, so the context and the frame are pointer-interconvertible.
struct CallFrame {
  docket_call_context context;
  CallState* state;
};

CallState& state_of(docket_call_context* ctx) noexcept {
  return *reinterpret_cast<CallFrame*>(ctx)->state;
}

void call_set_error(docket_call_context* ctx, const char* message) noexcept {
  if (ctx == nullptr) return;
  CallState& state = state_of(ctx);
  state.failed = true;
  try {
    state.error = message != nullptr ? message : "";
  } catch (...) {
    state.error.clear();  // out of memory: the caller falls back to a generic message
  }
}

void* call_alloc(docket_call_context* ctx, std::size_t size) noexcept {
  if (ctx == nullptr) return nullptr;
  try {
    auto block = std::make_unique<std::byte[]>(size == 0 ? 1 : size);
    void* data = block.get();
    state_of(ctx).scratch.push_back(std::move(block));
    return data;
  } catch (...) {
    return nullptr;
  }
}

// The shared, immutable part of a bound function.
struct Binding {
  StagedFunction fn;

  Value call(std::span<const Value> args) const {
    if (args.size() != fn.params.size()) {
      throw FunctionError(fn.name + " expects " + std::to_string(fn.params.size()) +
                          " argument(s) but was called with " + std::to_string(args.size()));
    }
    std::array<docket_value, max_plugin_params> abi_args{};
    for (std::size_t i = 0; i < args.size(); ++i) {
      if (!value_to_abi(args[i], fn.params[i], abi_args[i])) {
        throw FunctionError(fn.name + ": argument " + std::to_string(i + 1) + " should be " +
                            abi_type_name(fn.params[i]) + " but is " + to_string(args[i]));
      }
    }
    CallState state;
    CallFrame frame{{sizeof(docket_call_context), fn.user_data, &call_set_error, &call_alloc}, &state};
    docket_value result{};
    const docket_status status = fn.call(&frame.context, abi_args.data(), args.size(), &result);
    if (status != DOCKET_OK || state.failed) {
      if (!state.error.empty()) throw FunctionError(state.error);
      throw FunctionError(fn.name + " failed without saying why (plugin " + fn.plugin_name + ")");
    }
    auto value = value_from_abi(result, fn.result);
    if (!value) {
      throw FunctionError(fn.name + " returned a " + abi_type_name(result.kind) + " where its signature promises " +
                          abi_type_name(fn.result) + " (a bug in plugin " + fn.plugin_name + ")");
    }
    return std::move(*value);
  }
};

}  // namespace

FunctionSignature signature_of(const StagedFunction& fn, const std::string& origin) {
  FunctionSignature sig;
  sig.name = fn.name;
  for (docket_type code : fn.params) sig.params.push_back(type_from_abi(code).value_or(Type::error()));
  sig.result = type_from_abi(fn.result).value_or(Type::error());
  sig.origin = origin;
  return sig;
}

NativeFunction make_plugin_function(const StagedFunction& fn) {
  auto binding = std::make_shared<const Binding>(Binding{fn});
  return [binding](std::span<const Value> args) { return binding->call(args); };
}

}  // namespace docket::plugin
