// Delivers an action to a plugin through the C ABI; the plugin's status becomes an ActionResult.
#include <array>
#include <memory>
#include <string>

#include "plugin/abi_v1.hpp"
#include "plugin/call_scope.hpp"
#include "plugin/staged.hpp"
#include "plugin/value_bridge.hpp"

namespace docket::plugin {
namespace {

struct ActionBinding {
  StagedAction action;

  ActionResult run(const ActionRequest& request) const {
    if (request.args.size() != action.params.size()) {
      return {ActionOutcome::failed, action.name + " expects " + std::to_string(action.params.size()) +
                                         " argument(s) but was given " + std::to_string(request.args.size())};
    }
    std::array<docket_value, max_plugin_params> abi_args{};
    for (std::size_t i = 0; i < request.args.size(); ++i) {
      if (!value_to_abi(request.args[i], action.params[i], abi_args[i])) {
        return {ActionOutcome::failed, bad_argument(action.name, i, action.params[i], request.args[i])};
      }
    }
    docket_action_request abi_request{};
    abi_request.struct_size = sizeof abi_request;
    abi_request.args = abi_args.data();
    abi_request.arg_count = request.args.size();
    abi_request.idempotency_key = docket_string_view{request.idempotency_key.data(), request.idempotency_key.size()};
    abi_request.instance = request.instance;
    abi_request.attempt = request.attempt;
    CallScope scope(action.policy);
    const docket_status status = action.run(scope.context(), &abi_request);
    scope.finish();
    if (status == DOCKET_OK && !scope.state().failed) return {ActionOutcome::done, {}};
    // A cancelled delivery is worth another try; anything but RETRY/CANCELLED is permanent.
    const bool transient = status == DOCKET_RETRY || status == DOCKET_CANCELLED;
    return {transient ? ActionOutcome::retry : ActionOutcome::failed,
            scope.error_message(status == DOCKET_OK ? DOCKET_ERROR : status)};
  }
};

}  // namespace

ActionSignature signature_of(const StagedAction& action, const std::string& origin) {
  ActionSignature sig;
  sig.name = action.name;
  for (docket_type code : action.params) sig.params.push_back(type_from_abi(code).value_or(Type::error()));
  sig.origin = origin;
  sig.traits = action.policy.traits();
  return sig;
}

ActionHandler make_plugin_action(const StagedAction& action) {
  auto binding = std::make_shared<const ActionBinding>(ActionBinding{action});
  return [binding](const ActionRequest& request) { return binding->run(request); };
}

}  // namespace docket::plugin
