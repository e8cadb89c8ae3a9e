// Delivery states of the outbox by name: how stores and the CLI write them.
#include "docket/core/store.hpp"

namespace docket {

const char* delivery_state_name(DeliveryState s) noexcept {
  switch (s) {
    case DeliveryState::pending: return "pending";
    case DeliveryState::failed: return "failed";
    case DeliveryState::delivered: return "delivered";
    case DeliveryState::dead: return "dead";
  }
  return "pending";
}

std::optional<DeliveryState> delivery_state_from_name(std::string_view name) noexcept {
  for (DeliveryState s : {DeliveryState::pending, DeliveryState::failed, DeliveryState::delivered, DeliveryState::dead}) {
    if (name == delivery_state_name(s)) return s;
  }
  return std::nullopt;
}

}  // namespace docket
