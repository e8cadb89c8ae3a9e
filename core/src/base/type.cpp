// Type names and enum member lookup.
#include "docket/core/type.hpp"

#include "docket/core/value.hpp"

namespace docket {

std::string Type::name() const {
  if (or_none_) return definite().name() + " or none";
  switch (kind_) {
    case TypeKind::error: return "<error>";
    case TypeKind::boolean: return "bool";
    case TypeKind::integer: return "int";
    case TypeKind::number: return "number";
    case TypeKind::text: return "text";
    case TypeKind::duration: return "duration";
    case TypeKind::time: return "time";
    case TypeKind::date: return "date";
    case TypeKind::time_of_day: return "time of day";
    case TypeKind::enumeration: return enum_def()->name;
    case TypeKind::record: return record_def()->name;
    case TypeKind::list: return "list of " + list_def()->element.name();
    case TypeKind::none: return "none";
  }
  return "<error>";
}

std::optional<std::uint32_t> EnumDef::find(std::string_view member) const {
  for (std::size_t i = 0; i < members.size(); ++i) {
    if (members[i] == member) return static_cast<std::uint32_t>(i);
  }
  return std::nullopt;
}

std::optional<std::uint32_t> RecordDef::find(std::string_view field) const {
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (fields[i].name == field) return static_cast<std::uint32_t>(i);
  }
  return std::nullopt;
}

}  // namespace docket
