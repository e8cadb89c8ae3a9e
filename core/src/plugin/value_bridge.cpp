// Conversions between docket::Value and docket_value.
#include "plugin/value_bridge.hpp"

#include <cstring>
#include <string>

namespace docket::plugin {

bool value_to_abi(const Value& v, docket_type declared, docket_value& out) noexcept {
  out = docket_value{};
  out.kind = declared;
  switch (declared) {
    case DOCKET_TYPE_BOOL:
      if (!v.holds<bool>()) return false;
      out.boolean = v.as_bool();
      return true;
    case DOCKET_TYPE_INT:
      if (!v.holds<std::int64_t>()) return false;
      out.integer = v.as_int();
      return true;
    case DOCKET_TYPE_NUMBER:
      if (v.holds<double>()) {
        out.number = v.as_number();
      } else if (v.holds<std::int64_t>()) {
        out.number = static_cast<double>(v.as_int());
      } else {
        return false;
      }
      return true;
    case DOCKET_TYPE_TEXT:
      if (!v.holds<std::string>()) return false;
      out.text.data = v.as_text().data();
      out.text.size = v.as_text().size();
      return true;
    default:
      return false;
  }
}

std::optional<Value> value_from_abi(const docket_value& v, docket_type declared) {
  if (v.kind != declared) return std::nullopt;
  switch (declared) {
    case DOCKET_TYPE_BOOL: {
      // Read the byte rather than the bool, so a C plugin that stored 2 cannot cause undefined
      // behaviour in the host.
      unsigned char byte = 0;
      std::memcpy(&byte, &v.boolean, 1);
      return Value(byte != 0);
    }
    case DOCKET_TYPE_INT: return Value(static_cast<std::int64_t>(v.integer));
    case DOCKET_TYPE_NUMBER: return Value(v.number);
    case DOCKET_TYPE_TEXT:
      if (v.text.size == 0) return Value(std::string());
      if (v.text.data == nullptr) return std::nullopt;
      return Value(std::string(v.text.data, v.text.size));
    default: return std::nullopt;
  }
}

}  // namespace docket::plugin
