// DMN types to docket types: FEEL's built-in types, and item definitions as enums and records.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "dmn_model.hpp"
#include "names.hpp"

namespace docket::dmn {

// A docket type as the import tracks it while translating.
struct DType {
  // instant: docket's `time` (FEEL's date and time, always with a zone); duration: FEEL's two kinds.
  enum class Kind { unknown, boolean, integer, number, text, enumeration, record, list, date, time_of_day, instant, duration };
  Kind kind = Kind::unknown;
  std::string name;         // the enum's or record's docket name
  std::vector<DType> elem;  // a list's element type (one)
  bool or_none = false;     // FEEL's null can reach it: docket's `T or none` (not part of ==)

  [[nodiscard]] std::string docket() const;  // `number`, `list of Customer`, ...
  [[nodiscard]] bool known() const { return kind != Kind::unknown; }
  friend bool operator==(const DType& a, const DType& b) {
    return a.kind == b.kind && a.name == b.name && a.elem == b.elem;
  }
};

[[nodiscard]] DType list_of(DType elem);

// What an undeclared value is declared as: FEEL's numbers are `number`, even when a literal is whole.
[[nodiscard]] inline DType widened(DType t) {
  if (t.kind == DType::Kind::integer) t.kind = DType::Kind::number;
  return t;
}

// `number` or `int`.
[[nodiscard]] inline bool numeric(const DType& t) { return t.kind == DType::Kind::number || t.kind == DType::Kind::integer; }
// A value of type `value` may stand where `expected` is wanted (either unknown; the same; an int for a number).
[[nodiscard]] inline bool fits(const DType& value, const DType& expected) {
  return !value.known() || !expected.known() || value == expected ||
         (expected.kind == DType::Kind::number && value.kind == DType::Kind::integer);
}

struct EnumInfo {
  std::string name;
  std::vector<std::pair<std::string, std::string>> members;  // the DMN value, the member's identifier
  [[nodiscard]] const std::string* member(const std::string& value) const;
};

struct FieldInfo {
  std::string dmn_name;
  std::string id;
  DType type;
};

// Why a type has no docket equivalent.
struct TypeRefusal {
  std::string reason;
  std::string feature;
};

struct RecordInfo {
  std::string name;
  std::vector<FieldInfo> fields;
  // Components left out because their type has no equivalent (a date in a structure): a use refuses.
  std::vector<std::pair<std::string, TypeRefusal>> dropped;
};

// The item definitions of one model as docket declarations, and the type references resolved against them.
class TypeTable {
 public:
  // Declares every item definition it can (enums, records; plain aliases resolve to what they name); the
  // ones it cannot are remembered with their reason and refuse whoever uses them.
  void add_items(const std::vector<ItemDefinition>& items, NameTable& names);
  // An enum made for a decision's output values (`priority` needs an enum to rank by), named `wanted`.
  const EnumInfo& add_enum(const std::string& wanted, const std::vector<std::string>& values, NameTable& names,
                           int line, const std::string& origin);

  // The answer of a table with several outputs (a record docket makes; nothing is declared).
  DType add_row_record(const std::string& table, const std::vector<FieldInfo>& fields);

  // `string`, `number`, `boolean`, an item definition's name; "" is unknown. Refusals for date, time,
  // durations, Any, context, function and item definitions that could not be declared.
  [[nodiscard]] DType resolve(const std::string& type_ref, std::optional<TypeRefusal>& refusal) const;

  [[nodiscard]] const EnumInfo* find_enum(const std::string& name) const;
  [[nodiscard]] const RecordInfo* find_record(const std::string& name) const;
  // The .dkt declarations, in order, each with a comment naming its DMN origin.
  [[nodiscard]] const std::string& declarations() const { return text_; }

 private:
  void declare(const ItemDefinition& item, NameTable& names, const std::string& prefix);

  std::map<std::string, DType> by_dmn_;
  std::map<std::string, TypeRefusal> refused_;
  std::map<std::string, EnumInfo> enums_;
  std::map<std::string, RecordInfo> records_;
  std::string text_;
};

// The values listed in an <allowedValues>/<outputValues> text when it is only string literals (`"a", "b"`).
[[nodiscard]] std::optional<std::vector<std::string>> string_list(const std::string& unary_tests);

}  // namespace docket::dmn
