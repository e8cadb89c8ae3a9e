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

// Copies a plugin's result into `out`. False (and `out` untouched) when its kind is not the
// declared type or a text view is malformed (NULL data with a non-zero size).
[[nodiscard]] inline bool value_from_abi(const docket_value& v, docket_type declared, Value& out);

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

inline bool value_from_abi(const docket_value& v, docket_type declared, Value& out) {
  if (v.kind != declared) return false;
  switch (declared) {
    case DOCKET_TYPE_BOOL: {
      // Read the byte rather than the bool, so a C plugin that stored 2 cannot cause undefined
      // behaviour in the host.
      unsigned char byte = 0;
      std::memcpy(&byte, &v.boolean, 1);
      out = Value(byte != 0);
      return true;
    }
    case DOCKET_TYPE_INT: out = Value(static_cast<std::int64_t>(v.integer)); return true;
    case DOCKET_TYPE_NUMBER: out = Value(v.number); return true;
    case DOCKET_TYPE_TEXT:
      if (v.text.size > 0 && v.text.data == nullptr) return false;
      out = Value(v.text.size == 0 ? std::string() : std::string(v.text.data, v.text.size));
      return true;
    default: return false;
  }
}


}  // namespace docket::plugin
