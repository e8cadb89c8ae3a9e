// Field values from text: numbers with std::from_chars, enums through a map built once, strict messages.
#include "cli/classify/field_reader.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <cstring>

#include "docket/core/json_value.hpp"
#include "docket/core/suggest.hpp"
#include "docket/core/utf8.hpp"

namespace docket::cli {

using field_parse::same_bytes;
using field_parse::simple_decimal;
using field_parse::trimmed;

namespace {

std::string shown(std::string_view text) {
  if (text.size() > 40) return fmt::format("\"{}...\"", text.substr(0, 37));
  return fmt::format("\"{}\"", text);
}

// Durations, times, dates and times of day: read from their text as value_from_json reads them.
bool read_as_json_text(TypeKind k) {
  return k == TypeKind::duration || k == TypeKind::time || k == TypeKind::date || k == TypeKind::time_of_day;
}

}  // namespace

FieldReader::FieldReader(Type type, Value default_value)
    : type_(type), kind_(type.kind()), default_(std::move(default_value)) {
  if (const EnumDef* def = type.enum_def()) {
    constexpr std::size_t kMostOfOneLength = 8;
    constexpr std::size_t kLongest = 256;
    for (std::uint32_t i = 0; i < def->members.size(); ++i) {
      const std::string& name = def->members[i];
      if (name.size() >= kLongest) {
        by_length_.clear();
        break;
      }
      if (by_length_.size() <= name.size()) by_length_.resize(name.size() + 1);
      by_length_[name.size()].push_back(i);
      if (by_length_[name.size()].size() > kMostOfOneLength) {
        by_length_.clear();
        break;
      }
    }
    if (by_length_.empty()) {
      for (std::uint32_t i = 0; i < def->members.size(); ++i) members_.emplace(def->members[i], i);
    }
    names_ = &def->members;
  }
}

bool FieldReader::parse_bool(std::string_view text, bool& out, std::string& why) {
  if (text == "true" || text == "1") {
    out = true;
  } else if (text == "false" || text == "0") {
    out = false;
  } else {
    why = fmt::format("expected true or false, got {}", shown(text));
    return false;
  }
  return true;
}

bool FieldReader::parse_int(std::string_view text, std::int64_t& out, std::string& why) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  if (ec == std::errc() && end == text.data() + text.size()) return true;
  why = fmt::format("expected a whole number (int), got {}", shown(text));
  return false;
}

bool FieldReader::parse_number(std::string_view text, double& out, std::string& why) {
  if (simple_decimal(text, out)) return true;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  if (ec == std::errc() && end == text.data() + text.size() && std::isfinite(out)) return true;
  why = fmt::format("expected a number, got {}", shown(text));
  return false;
}

bool FieldReader::parse_enum(std::string_view text, std::uint32_t& out, std::string& why) const {
  if (find_member(text, out)) return true;
  const EnumDef& def = *type_.enum_def();
  if (std::optional<std::string> near = closest_name(text, def.members)) {
    why = fmt::format("unknown member {} (did you mean {}?)", shown(text), *near);
  } else {
    why = fmt::format("unknown member {} ({} is one of: {})", shown(text), def.name, join_names(def.members));
  }
  return false;
}

bool FieldReader::empty_field(Value& out, std::string& why) const {
  if (!default_.empty()) {
    out = default_;
    return true;
  }
  if (type_.may_be_none()) {
    out = Value();  // `T or none`: an empty field is none
    return true;
  }
  why = fmt::format("empty, and the field has no default (expected {}; a field that may be empty is declared `{} or none`)",
                    type_.name(), type_.name());
  return false;
}


// Texts (and durations and times, read from text) must be UTF-8: a value that is not would make
// the JSON output invalid. Other kinds reject bad bytes anyway (not a number, not a member).
bool FieldReader::valid_text(std::string_view text, std::string& why) const {
  const TypeKind k = type_.kind();
  if (k != TypeKind::text && !read_as_json_text(k)) return true;
  const std::optional<std::size_t> bad = first_invalid_utf8(text);
  if (!bad) return true;
  why = fmt::format("not valid UTF-8: byte 0x{:02X} after {} byte{} (save the file as UTF-8)",
                    static_cast<unsigned>(static_cast<unsigned char>(text[*bad])), *bad, *bad == 1 ? "" : "s");
  return false;
}

bool FieldReader::read(std::string_view raw, Value& out, std::string& why) const {
  const std::string_view text = type_.kind() == TypeKind::text ? raw : trimmed(raw);
  if (!valid_text(text, why)) return false;
  if (text.empty() && (type_.kind() != TypeKind::text || type_.may_be_none())) return empty_field(out, why);
  switch (type_.kind()) {
    case TypeKind::boolean: {
      bool b = false;
      if (!parse_bool(text, b, why)) return false;
      out = b;
      return true;
    }
    case TypeKind::integer: {
      std::int64_t i = 0;
      if (!parse_int(text, i, why)) return false;
      out = i;
      return true;
    }
    case TypeKind::number: {
      double d = 0;
      if (!parse_number(text, d, why)) return false;
      out = d;
      return true;
    }
    case TypeKind::text: out = std::string(text); return true;
    case TypeKind::enumeration: {
      std::uint32_t index = 0;
      if (!parse_enum(text, index, why)) return false;
      out = EnumValue{type_.enum_def(), index};
      return true;
    }
    case TypeKind::duration:
    case TypeKind::time:
    case TypeKind::date:
    case TypeKind::time_of_day:
      try {
        out = value_from_json(nlohmann::json(std::string(text)).dump(), type_, "");
        return true;
      } catch (const ValueError& e) {
        std::string_view message = e.what();
        if (message.rfind(": ", 0) == 0) message.remove_prefix(2);  // value_from_json's empty root
        why = std::string(message);
        return false;
      }
    default:
      why = fmt::format("a {} cannot be read from one field (give its fields as columns)", type_.name());
      return false;
  }
}

bool FieldReader::read_into_slow(std::string_view raw, InputBatch& batch, std::size_t input, std::size_t row,
                                 std::string& why) const {
  const std::string_view text = type_.kind() == TypeKind::text ? raw : trimmed(raw);
  switch (text.empty() ? TypeKind::error : type_.kind()) {
    case TypeKind::boolean: {
      bool b = false;
      if (!parse_bool(text, b, why)) return false;
      batch.set_bool(input, row, b);
      return true;
    }
    case TypeKind::integer: {
      std::int64_t i = 0;
      if (!parse_int(text, i, why)) return false;
      batch.set_int(input, row, i);
      return true;
    }
    case TypeKind::number: {
      double d = 0;
      if (!parse_number(text, d, why)) return false;
      batch.set_number(input, row, d);
      return true;
    }
    case TypeKind::enumeration: {
      std::uint32_t index = 0;
      if (!parse_enum(text, index, why)) return false;
      batch.set_enum(input, row, index);
      return true;
    }
    case TypeKind::text:
      if (!valid_text(text, why)) return false;
      batch.set_text(input, row, text);
      return true;
    default: {
      Value v;  // empty fields (defaults), durations, times
      if (!read(raw, v, why)) return false;
      if (batch.set_value(input, row, v)) return true;
      why = fmt::format("{} does not fit the decision's input", to_string(v));
      return false;
    }
  }
}

bool FieldReader::check_slow(std::string_view raw, std::string& why) const {
  const std::string_view text = type_.kind() == TypeKind::text ? raw : trimmed(raw);
  switch (text.empty() ? TypeKind::error : type_.kind()) {
    case TypeKind::boolean: {
      bool b = false;
      return parse_bool(text, b, why);
    }
    case TypeKind::integer: {
      std::int64_t i = 0;
      return parse_int(text, i, why);
    }
    case TypeKind::number: {
      double d = 0;
      return parse_number(text, d, why);
    }
    case TypeKind::enumeration: {
      std::uint32_t index = 0;
      return parse_enum(text, index, why);
    }
    case TypeKind::text: return valid_text(text, why);
    default: {
      Value v;
      return read(raw, v, why);
    }
  }
}

bool FieldReader::read_json(const nlohmann::json& j, Value& out, std::string& why) const {
  if (j.is_string()) {
    if (type_.kind() == TypeKind::text || type_.kind() == TypeKind::enumeration || read_as_json_text(type_.kind())) {
      return read(j.get_ref<const std::string&>(), out, why);
    }
    why = fmt::format("expected {}, got the string {}", type_.name(), j.dump());
    return false;
  }
  if (j.is_null()) {
    if (!default_.empty() || type_.may_be_none()) {
      out = default_;  // none when the type may be none and there is no default
      return true;
    }
    why = fmt::format("null, and the field has no default (expected {})", type_.name());
    return false;
  }
  try {
    out = value_from_json(j.dump(), type_, "");
    return true;
  } catch (const ValueError& e) {
    std::string_view message = e.what();
    if (message.rfind(": ", 0) == 0) message.remove_prefix(2);
    why = std::string(message);
    return false;
  }
}

}  // namespace docket::cli
