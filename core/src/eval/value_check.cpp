// Run-time type checks of values against docket types.
#include "eval/value_check.hpp"

namespace docket::detail {

std::optional<Value> conform(const Value& value, const Type& type) {
  if (value.empty()) return type.may_be_none() ? std::optional<Value>(value) : std::nullopt;
  switch (type.kind()) {
    case TypeKind::error:
    case TypeKind::none: return std::nullopt;
    case TypeKind::boolean:
      if (value.holds<bool>()) return value;
      return std::nullopt;
    case TypeKind::integer:
      if (value.holds<std::int64_t>()) return value;
      return std::nullopt;
    case TypeKind::number:
      if (value.holds<double>()) return value;
      if (value.holds<std::int64_t>()) return Value(value.as_number());
      return std::nullopt;
    case TypeKind::text:
      if (value.holds<std::string>()) return value;
      return std::nullopt;
    case TypeKind::duration:
      if (value.holds<Duration>()) return value;
      return std::nullopt;
    case TypeKind::time:
      if (value.holds<Instant>()) return value;
      return std::nullopt;
    case TypeKind::date:
      if (value.holds<Date>()) return value;
      return std::nullopt;
    case TypeKind::time_of_day:
      if (value.holds<TimeOfDay>()) return value;
      return std::nullopt;
    case TypeKind::enumeration:
      if (value.holds<EnumValue>() && value.as_enum().def == type.enum_def() &&
          value.as_enum().index < type.enum_def()->members.size()) {
        return value;
      }
      return std::nullopt;
    case TypeKind::record:
      if (value.holds<Value::Record>() && value.as_record().def == type.record_def()) return value;
      return std::nullopt;
    case TypeKind::list: {
      if (!value.holds<Value::List>()) return std::nullopt;
      auto items = std::make_shared<std::vector<Value>>();
      for (const Value& item : value.as_list()) {
        std::optional<Value> ok = conform(item, type.list_def()->element);
        if (!ok) return std::nullopt;
        items->push_back(std::move(*ok));
      }
      return Value(Value::List(std::move(items)));
    }
  }
  return std::nullopt;
}

Value widen(Value v, const Type& type) {
  if (type.kind() == TypeKind::number && v.holds<std::int64_t>()) return Value(v.as_number());
  return v;
}

std::string value_type_name(const Value& value) {
  if (value.empty()) return "none";
  if (value.holds<bool>()) return "bool";
  if (value.holds<std::int64_t>()) return "int";
  if (value.holds<double>()) return "number";
  if (value.holds<std::string>()) return "text";
  if (value.holds<Duration>()) return "duration";
  if (value.holds<Instant>()) return "time";
  if (value.holds<Date>()) return "date";
  if (value.holds<TimeOfDay>()) return "time of day";
  if (value.holds<EnumValue>()) {
    const EnumDef* def = value.as_enum().def;
    return def ? def->name : "enum";
  }
  if (value.holds<Value::List>()) return "list";
  const RecordDef* def = value.as_record().def;
  return def ? def->name : "record";
}

}  // namespace docket::detail
