// Mapping between the plugin ABI's type codes and docket types.
#include "plugin/abi_v1.hpp"

namespace docket::plugin {

std::optional<Type> type_from_abi(docket_type code) noexcept {
  switch (code) {
    case DOCKET_TYPE_BOOL: return Type::boolean();
    case DOCKET_TYPE_INT: return Type::integer();
    case DOCKET_TYPE_NUMBER: return Type::number();
    case DOCKET_TYPE_TEXT: return Type::text();
    default: return std::nullopt;
  }
}

std::string abi_type_name(docket_type code) {
  if (auto type = type_from_abi(code)) return type->name();
  return "type code " + std::to_string(code);
}

}  // namespace docket::plugin
