// Mapping between the plugin ABI's type codes and docket types.
#include "plugin/abi_v1.hpp"

#include <fmt/format.h>

#include <cstring>

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

std::string describe_abi_result(const docket_value& v) {
  switch (v.kind) {
    case DOCKET_TYPE_BOOL: {
      unsigned char byte = 0;  // the byte, not the bool: a C plugin may have stored 2
      std::memcpy(&byte, &v.boolean, 1);
      return std::string("a bool (") + (byte != 0 ? "true" : "false") + ")";
    }
    case DOCKET_TYPE_INT: return "an int (" + std::to_string(v.integer) + ")";
    case DOCKET_TYPE_NUMBER: return "a number (" + fmt::format("{}", v.number) + ")";
    case DOCKET_TYPE_TEXT:
      // The bytes are not read: the view may be as broken as the kind.
      if (v.text.data == nullptr && v.text.size != 0) {
        return "a text whose data pointer is NULL but whose size is " + std::to_string(v.text.size) + " bytes";
      }
      return "a text of " + std::to_string(v.text.size) + " bytes";
    case DOCKET_TYPE_INVALID: return "no value (its kind is 0: the result was never set)";
    default: return "a value of unknown type code " + std::to_string(v.kind);
  }
}

}  // namespace docket::plugin

namespace docket::plugin {

std::string bad_argument(const std::string& callee, std::size_t index, docket_type declared, const Value& given) {
  return callee + ": argument " + std::to_string(index + 1) + " should be " + abi_type_name(declared) + " but is " +
         to_string(given);
}

}  // namespace docket::plugin
