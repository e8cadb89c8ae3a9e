// Docket values as JSON: the inverse of value_from_json for the types a program declares.
#include "cli/value_json.hpp"

namespace docket::cli {

nlohmann::ordered_json value_to_json(const Value& v) {
  if (v.empty()) return nullptr;
  if (v.holds<bool>()) return v.as_bool();
  if (v.holds<std::int64_t>()) return v.as_int();
  if (v.holds<double>()) return v.as_number();
  if (v.holds<std::string>()) return v.as_text();
  if (v.holds<EnumValue>()) {
    const EnumValue& e = v.as_enum();
    if (e.def != nullptr && e.index < e.def->members.size()) return e.def->members[e.index];
    return to_string(v);
  }
  if (v.holds<Value::Record>()) {
    nlohmann::ordered_json object = nlohmann::ordered_json::object();
    const RecordValue& r = v.as_record();
    for (std::size_t i = 0; i < r.fields.size(); ++i) {
      const bool named = r.def != nullptr && i < r.def->fields.size();
      object[named ? r.def->fields[i].name : "#" + std::to_string(i + 1)] = value_to_json(r.fields[i]);
    }
    return object;
  }
  if (v.holds<Value::List>()) {
    nlohmann::ordered_json array = nlohmann::ordered_json::array();
    for (const Value& item : v.as_list()) array.push_back(value_to_json(item));
    return array;
  }
  return to_string(v);  // durations and times, in the form value_from_json reads back
}

}  // namespace docket::cli
