// Slots: which kind holds a type, and converting between Values and Scalars.
#include "eval/compiled/scalar.hpp"

#include <cmath>

namespace docket::detail {

namespace {
// Integers up to this magnitude convert to double exactly, so comparing them as numbers
// agrees with comparing them as ints.
constexpr std::int64_t kExactInDouble = std::int64_t{1} << 53;
}  // namespace

SlotKind slot_kind_of(const Type& type) noexcept {
  if (type.may_be_none()) return SlotKind::value;  // a `T or none`: a Value, which may be empty
  switch (type.kind()) {
    case TypeKind::boolean: return SlotKind::boolean;
    case TypeKind::integer: return SlotKind::integer;
    case TypeKind::number: return SlotKind::number;
    case TypeKind::enumeration: return SlotKind::enumeration;
    case TypeKind::text: return SlotKind::text;
    case TypeKind::duration: return SlotKind::duration;
    case TypeKind::time: return SlotKind::time;
    default: return SlotKind::value;
  }
}

bool scalar_from_value(const Value& v, SlotKind kind, const Type& type, Scalar& out) {
  switch (kind) {
    case SlotKind::boolean:
      if (!v.holds<bool>()) return false;
      out.b = v.as_bool();
      return true;
    case SlotKind::integer:
      if (!v.holds<std::int64_t>()) return false;
      out.i = v.as_int();
      return true;
    case SlotKind::number:
      if (v.holds<double>()) {
        out.d = v.as_number();
        return !std::isnan(out.d);
      }
      if (v.holds<std::int64_t>()) {
        const std::int64_t i = v.as_int();
        out.d = static_cast<double>(i);
        return i > -kExactInDouble && i < kExactInDouble;
      }
      return false;
    case SlotKind::enumeration:
      if (!v.holds<EnumValue>() || v.as_enum().def != type.enum_def() ||
          v.as_enum().index >= type.enum_def()->members.size()) {
        return false;
      }
      out.e = v.as_enum().index;
      return true;
    case SlotKind::text:
      if (!v.holds<std::string>()) return false;
      out.p = v.as_text().data();
      out.n = v.as_text().size();
      return true;
    case SlotKind::duration:
      if (!v.holds<Duration>()) return false;
      out.i = v.as_duration().amount;
      out.n = static_cast<std::uint64_t>(v.as_duration().unit);
      return true;
    case SlotKind::time:
      if (!v.holds<Instant>()) return false;
      out.i = v.as_time().time_since_epoch().count();
      return true;
    case SlotKind::value:
      if (v.empty()) return false;
      if (type.kind() == TypeKind::record && (!v.holds<Value::Record>() || v.as_record().def != type.record_def())) {
        return false;
      }
      if (type.kind() == TypeKind::list && !v.holds<Value::List>()) return false;
      out.v = &v;
      return true;
  }
  return false;
}

Value value_of(const Scalar& s, SlotKind kind, const Type& type) {
  switch (kind) {
    case SlotKind::boolean: return s.b;
    case SlotKind::integer: return s.i;
    case SlotKind::number: return s.d;
    case SlotKind::enumeration: return EnumValue{type.enum_def(), s.e};
    case SlotKind::text: return std::string(s.text());
    case SlotKind::duration: return Duration{s.i, static_cast<DurationUnit>(s.n)};
    case SlotKind::time: return Instant(std::chrono::seconds(s.i));
    case SlotKind::value: return *s.v;
  }
  return {};
}

}  // namespace docket::detail
