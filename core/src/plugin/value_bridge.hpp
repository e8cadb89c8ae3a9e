// Converts docket values to and from the plugin ABI's docket_value, by declared type.
#pragma once

#include <cstring>
#include <optional>
#include <string>

#include "docket/core/value.hpp"
#include "docket/plugin.h"

namespace docket::plugin {

// Inline: they sit on every plugin call (issue 6 budgets 10 ns over a built-in call).

// Fills `out` with a view of `v` as the declared parameter type (an int widens to a number).
// Text is borrowed: `out` is valid only while `v` is. False when `v` does not hold that type.
[[nodiscard]] inline bool value_to_abi(const Value& v, docket_type declared, docket_value& out) noexcept;

// True when a plugin's result has the declared kind and, for text, a well-formed view (not NULL
// data with a non-zero size).
[[nodiscard]] inline bool abi_result_ok(const docket_value& v, docket_type declared) noexcept;

// Copies a result that abi_result_ok accepted into a Value (returned in place: no variant moves).
[[nodiscard]] inline Value value_from_abi(const docket_value& v);

inline bool value_to_abi(const Value& v, docket_type declared, docket_value& out) noexcept {
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

inline bool abi_result_ok(const docket_value& v, docket_type declared) noexcept {
  if (v.kind != declared) return false;
  switch (declared) {
    case DOCKET_TYPE_BOOL:
    case DOCKET_TYPE_INT:
    case DOCKET_TYPE_NUMBER: return true;
    case DOCKET_TYPE_TEXT: return v.text.size == 0 || v.text.data != nullptr;
    default: return false;
  }
}

inline Value value_from_abi(const docket_value& v) {
  switch (v.kind) {
    case DOCKET_TYPE_BOOL: {
      // Read the byte rather than the bool, so a C plugin that stored 2 cannot cause undefined
      // behaviour in the host.
      unsigned char byte = 0;
      std::memcpy(&byte, &v.boolean, 1);
      return Value(byte != 0);
    }
    case DOCKET_TYPE_INT: return Value(static_cast<std::int64_t>(v.integer));
    case DOCKET_TYPE_NUMBER: return Value(v.number);
    default: return Value(v.text.size == 0 ? std::string() : std::string(v.text.data, v.text.size));
  }
}


}  // namespace docket::plugin
