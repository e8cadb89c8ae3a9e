// Reading one input field (CSV text or a JSON member) as a docket value of its declared type.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/classify/field_parse.hpp"
#include "docket/core/compiled_decision.hpp"
#include "docket/core/type.hpp"
#include "docket/core/value.hpp"

namespace docket::cli {

// Built once per column, then used by every worker thread (read-only, so thread-safe).
// Text forms: bool `true`/`false` (also `1`/`0`); int and number as decimal numbers (std::from_chars);
// enums by member name (a prebuilt map); durations and times as value_from_json reads them.
// Spaces around a non-text field are ignored. An empty field takes the field's default, if any.
class FieldReader {
 public:
  FieldReader(Type type, Value default_value);

  // Sets `out`, or returns false and sets `why` (e.g. `unknown member "indstrial" (did you mean
  // industrial?)`), without the field's name.
  bool read(std::string_view text, Value& out, std::string& why) const;
  bool read_json(const nlohmann::json& j, Value& out, std::string& why) const;
  // The same, straight into input `input` of row `row` of a batch (no Value for the common types).
  // Inline for the common forms (a short int, a simple decimal, a bool, a member's name); the rest,
  // and every field that does not read, go to read_into_slow.
  [[gnu::always_inline]] bool read_into(std::string_view raw, InputBatch& batch, std::size_t input, std::size_t row,
                                        std::string& why) const {
    const std::string_view text = kind_ == TypeKind::text ? raw : field_parse::trimmed(raw);
    switch (kind_) {
      case TypeKind::integer: {
        std::int64_t i = 0;
        if (!field_parse::short_int(text, i)) break;
        batch.set_int(input, row, i);
        return true;
      }
      case TypeKind::number: {
        double d = 0;
        if (!field_parse::simple_decimal(text, d)) break;
        batch.set_number(input, row, d);
        return true;
      }
      case TypeKind::enumeration: {
        std::uint32_t index = 0;
        if (!find_member(text, index)) break;
        batch.set_enum(input, row, index);
        return true;
      }
      case TypeKind::boolean: {
        bool b = false;
        if (!field_parse::bool_word(text, b)) break;
        batch.set_bool(input, row, b);
        return true;
      }
      default: break;
    }
    return read_into_slow(raw, batch, input, row, why);
  }
  // Only whether `text` reads (the same messages as read), for a column the decision does not read.
  bool check(std::string_view raw, std::string& why) const {
    std::int64_t i = 0;
    if (kind_ == TypeKind::integer && field_parse::short_int(field_parse::trimmed(raw), i)) return true;
    return check_slow(raw, why);
  }
  [[nodiscard]] Type type() const noexcept { return type_; }

 private:
  [[gnu::noinline]] bool read_into_slow(std::string_view raw, InputBatch& batch, std::size_t input, std::size_t row,
                                        std::string& why) const;
  bool check_slow(std::string_view raw, std::string& why) const;
  // An enum member by its exact name (no message when there is none).
  bool find_member(std::string_view text, std::uint32_t& out) const {
    if (by_length_.empty()) {
      auto it = members_.find(text);
      if (it == members_.end()) return false;
      out = it->second;
      return true;
    }
    if (text.size() >= by_length_.size()) return false;
    for (const std::uint32_t i : by_length_[text.size()]) {
      if (field_parse::same_bytes((*names_)[i].data(), text.data(), text.size())) {
        out = i;
        return true;
      }
    }
    return false;
  }
  static bool parse_bool(std::string_view text, bool& out, std::string& why);
  static bool parse_int(std::string_view text, std::int64_t& out, std::string& why);
  static bool parse_number(std::string_view text, double& out, std::string& why);
  bool parse_enum(std::string_view text, std::uint32_t& out, std::string& why) const;
  bool valid_text(std::string_view text, std::string& why) const;
  bool empty_field(Value& out, std::string& why) const;  // the default, or an error

  Type type_;
  TypeKind kind_;
  Value default_;
  // Enum members by the length of their name (a name is then one memcmp or two away); an enum with
  // many names of one length is looked up in `members_` instead.
  std::vector<std::vector<std::uint32_t>> by_length_;
  std::unordered_map<std::string_view, std::uint32_t> members_;  // views into the EnumDef's names
  const std::vector<std::string>* names_ = nullptr;              // the EnumDef's names
};

}  // namespace docket::cli
