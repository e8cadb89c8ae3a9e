// The types of docket values: primitives, and the enums and records a program declares.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace docket {

// `date` and `time_of_day` come last so that the numbers of the older kinds do not move; then `none`,
// the type of the literal `none` alone (it fits every `T or none`).
enum class TypeKind : std::uint8_t {
  error, boolean, integer, number, text, duration, time, enumeration, record, list, date, time_of_day, none
};

struct EnumDef;
struct RecordDef;
struct ListDef;

// A small value type: a kind plus, for enums and records, the definition it names.
// Definitions are owned by the ir::Module and outlive every Type that points at them.
class Type {
 public:
  constexpr Type() noexcept = default;
  constexpr explicit Type(TypeKind k) noexcept : kind_(k) {}
  explicit Type(const EnumDef* e) noexcept : kind_(TypeKind::enumeration), def_(e) {}
  explicit Type(const RecordDef* r) noexcept : kind_(TypeKind::record), def_(r) {}
  explicit Type(const ListDef* l) noexcept : kind_(TypeKind::list), def_(l) {}

  static constexpr Type error() noexcept { return Type(TypeKind::error); }
  static constexpr Type boolean() noexcept { return Type(TypeKind::boolean); }
  static constexpr Type integer() noexcept { return Type(TypeKind::integer); }
  static constexpr Type number() noexcept { return Type(TypeKind::number); }
  static constexpr Type text() noexcept { return Type(TypeKind::text); }
  static constexpr Type duration() noexcept { return Type(TypeKind::duration); }
  static constexpr Type time() noexcept { return Type(TypeKind::time); }
  static constexpr Type date() noexcept { return Type(TypeKind::date); }
  static constexpr Type time_of_day() noexcept { return Type(TypeKind::time_of_day); }
  static constexpr Type none() noexcept { return Type(TypeKind::none); }

  // `T or none`: the same type, whose values may also be none (docs/language.md "No value: none").
  [[nodiscard]] Type or_none() const noexcept {
    Type t = *this;
    t.or_none_ = kind_ != TypeKind::error && kind_ != TypeKind::none;
    return t;
  }
  // The type without `or none`.
  [[nodiscard]] Type definite() const noexcept {
    Type t = *this;
    t.or_none_ = false;
    return t;
  }
  // Whether a value of this type may be none: `T or none`, or the type of the literal `none`.
  [[nodiscard]] bool may_be_none() const noexcept { return or_none_ || kind_ == TypeKind::none; }

  [[nodiscard]] TypeKind kind() const noexcept { return kind_; }
  [[nodiscard]] bool is_error() const noexcept { return kind_ == TypeKind::error; }
  [[nodiscard]] bool is_numeric() const noexcept {
    return kind_ == TypeKind::integer || kind_ == TypeKind::number;
  }
  [[nodiscard]] const EnumDef* enum_def() const noexcept {
    return kind_ == TypeKind::enumeration ? static_cast<const EnumDef*>(def_) : nullptr;
  }
  [[nodiscard]] const RecordDef* record_def() const noexcept {
    return kind_ == TypeKind::record ? static_cast<const RecordDef*>(def_) : nullptr;
  }
  [[nodiscard]] const ListDef* list_def() const noexcept {
    return kind_ == TypeKind::list ? static_cast<const ListDef*>(def_) : nullptr;
  }
  // The name as an analyst writes it: "number", "Tariff", "Customer", "list of text", "number or none".
  [[nodiscard]] std::string name() const;

  friend bool operator==(const Type&, const Type&) noexcept = default;

 private:
  TypeKind kind_ = TypeKind::error;
  bool or_none_ = false;
  const void* def_ = nullptr;
};

struct EnumDef {
  std::string name;
  std::vector<std::string> members;

  // Index of a member, or nullopt.
  [[nodiscard]] std::optional<std::uint32_t> find(std::string_view member) const;
};

// A list type. Interned per program (ir::Module::list_of), so equal element types give the same
// ListDef and Types compare equal by pointer.
struct ListDef {
  Type element;
};

}  // namespace docket
