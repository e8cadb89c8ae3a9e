// Item definitions to enums and records; FEEL's built-in type names to docket's.
#include "type_map.hpp"

#include <fmt/format.h>

#include <functional>
#include <set>

#include "feel_lexer.hpp"

namespace docket::dmn {

namespace {

std::string strip_prefix(const std::string& type_ref) {
  for (const char* p : {"feel:", "FEEL:", "xsd:", "xs:"}) {
    const std::string prefix(p);
    if (type_ref.rfind(prefix, 0) == 0) return type_ref.substr(prefix.size());
  }
  return type_ref;
}

std::optional<DType> builtin(const std::string& name, std::optional<TypeRefusal>& refusal) {
  if (name == "string") return DType{DType::Kind::text, {}, {}};
  if (name == "number" || name == "decimal" || name == "double" || name == "float") return DType{DType::Kind::number, {}, {}};
  // XML Schema's whole numbers (DMN 1.1's typeLanguage, and tools that keep them): docket's int.
  if (name == "integer" || name == "int" || name == "long" || name == "short") return DType{DType::Kind::integer, {}, {}};
  if (name == "boolean") return DType{DType::Kind::boolean, {}, {}};
  if (name == "date") return DType{DType::Kind::date, {}, {}};
  if (name == "time") return DType{DType::Kind::time_of_day, {}, {}};
  if (name == "dateTime" || name == "date and time") return DType{DType::Kind::instant, {}, {}};
  // Both of FEEL's durations are docket's `duration`: clock time, or calendar months.
  if (name == "dayTimeDuration" || name == "days and time duration" || name == "yearMonthDuration" ||
      name == "years and months duration" || name == "duration") {
    return DType{DType::Kind::duration, {}, {}};
  }
  if (name == "Any" || name == "context" || name == "function" || name == "list") {
    refusal = TypeRefusal{fmt::format("the FEEL type `{}`: docket types every value", name), "untyped value"};
    return DType{};
  }
  return std::nullopt;
}

}  // namespace

std::string DType::docket() const {
  if (or_none) {
    DType definite = *this;
    definite.or_none = false;
    return definite.docket() + " or none";
  }
  switch (kind) {
    case Kind::boolean: return "bool";
    case Kind::integer: return "int";
    case Kind::number: return "number";
    case Kind::text: return "text";
    case Kind::enumeration:
    case Kind::record: return name;
    case Kind::list: return "list of " + (elem.empty() ? std::string("text") : elem.front().docket());
    case Kind::date: return "date";
    case Kind::time_of_day: return "time of day";
    case Kind::instant: return "time";
    case Kind::duration: return "duration";
    case Kind::unknown: break;
  }
  return "?";
}

DType list_of(DType elem) {
  DType t;
  t.kind = DType::Kind::list;
  t.elem.push_back(std::move(elem));
  return t;
}

const std::string* EnumInfo::member(const std::string& value) const {
  for (const auto& [v, id] : members) {
    if (v == value) return &id;
  }
  return nullptr;
}

std::optional<std::vector<std::string>> string_list(const std::string& unary_tests) {
  FeelLexer lex(unary_tests);
  std::vector<std::string> out;
  const std::vector<std::string> none;
  while (!lex.at_end()) {
    Token t = lex.peek(none);
    if (t.kind != Tok::string) return std::nullopt;
    out.push_back(t.text);
    lex.advance(t);
    Token comma = lex.peek(none);
    if (comma.kind == Tok::end) break;
    if (comma.kind != Tok::punct || comma.text != ",") return std::nullopt;
    lex.advance(comma);
  }
  if (out.empty()) return std::nullopt;
  return out;
}

const EnumInfo& TypeTable::add_enum(const std::string& wanted, const std::vector<std::string>& values,
                                    NameTable& names, int line, const std::string& origin) {
  EnumInfo e;
  e.name = names.claim(wanted);
  NameTable members;
  std::string list;
  for (const std::string& v : values) {
    if (e.member(v) != nullptr) continue;
    e.members.emplace_back(v, members.claim(member_name(v)));
    list += (list.empty() ? "" : ", ") + e.members.back().second;
  }
  text_ += fmt::format("# DMN {} (line {})\nenum {} {{ {} }}\n\n", comment_text(origin), line, e.name, list);
  return enums_[e.name] = std::move(e);
}

void TypeTable::add_items(const std::vector<ItemDefinition>& items, NameTable& names) {
  std::map<std::string, const ItemDefinition*> pending;
  for (const ItemDefinition& i : items) pending[i.name] = &i;
  std::set<std::string> visiting;
  std::function<void(const ItemDefinition&)> ensure = [&](const ItemDefinition& item) {
    if (by_dmn_.count(item.name) != 0 || refused_.count(item.name) != 0) return;
    if (!visiting.insert(item.name).second) {
      refused_[item.name] = {fmt::format("item definition `{}` refers to itself", item.name), "recursive type"};
      return;
    }
    // Declare the item definitions this one names first, wherever they are in the file.
    std::function<void(const ItemDefinition&)> deps = [&](const ItemDefinition& d) {
      auto it = pending.find(d.type_ref);
      if (it != pending.end() && it->second != &d) ensure(*it->second);
      for (const ItemDefinition& c : d.components) deps(c);
    };
    deps(item);
    declare(item, names, "");
    visiting.erase(item.name);
  };
  for (const ItemDefinition& i : items) ensure(i);
}

void TypeTable::declare(const ItemDefinition& item, NameTable& names, const std::string& prefix) {
  const std::string key = prefix.empty() ? item.name : prefix;
  auto refuse = [&](TypeRefusal r) { refused_[key] = std::move(r); };
  if (!item.unsupported.empty()) {
    refuse({fmt::format("item definition `{}` is a <{}>", item.name, item.unsupported), "function type"});
    return;
  }
  DType t;
  if (!item.components.empty()) {
    RecordInfo rec;
    rec.name = names.claim(pascal_name(prefix.empty() ? item.name : prefix));
    NameTable fields;
    std::string body;
    for (const ItemDefinition& c : item.components) {
      DType ft;
      if (!c.components.empty()) {
        const std::string nested = key + "." + c.name;
        declare(c, names, nested);
        std::optional<TypeRefusal> r;
        ft = resolve(nested, r);
        if (r) {
          refuse(*r);
          return;
        }
      } else {
        std::optional<TypeRefusal> r;
        ft = resolve(c.type_ref, r);
        if (r || !ft.known()) {
          // Left out of the record; a decision that reads it is refused with this reason.
          rec.dropped.emplace_back(c.name, r ? *r
                                             : TypeRefusal{fmt::format("component `{}` of `{}` has no type", c.name,
                                                                       item.name),
                                                           "untyped value"});
          body += fmt::format("  # {}: left out ({})\n", comment_text(c.name), rec.dropped.back().second.feature);
          continue;
        }
        if (c.is_collection) ft = list_of(ft);
      }
      const std::string id = fields.claim(snake_name(c.name));
      body += fmt::format("  {}: {}{}\n", id, ft.docket(), c.name == id ? "" : "  # " + comment_text(c.name));
      rec.fields.push_back({c.name, id, ft});
    }
    if (rec.fields.empty()) {
      refuse(rec.dropped.empty() ? TypeRefusal{fmt::format("item definition `{}` has no components", item.name),
                                               "untyped value"}
                                 : rec.dropped.front().second);
      return;
    }
    text_ += fmt::format("# DMN itemDefinition \"{}\" (line {})\nrecord {} {{\n{}}}\n\n", comment_text(key), item.line,
                         rec.name, body);
    t.kind = DType::Kind::record;
    t.name = rec.name;
    records_[rec.name] = std::move(rec);
  } else {
    std::optional<TypeRefusal> r;
    t = resolve(item.type_ref, r);
    if (r || !t.known()) {
      refuse(r ? *r : TypeRefusal{fmt::format("item definition `{}` has no type", item.name), "untyped value"});
      return;
    }
    if (t.kind == DType::Kind::text && !item.allowed_values.empty()) {
      if (std::optional<std::vector<std::string>> values = string_list(item.allowed_values)) {
        const EnumInfo& e = add_enum(pascal_name(item.name), *values, names, item.line,
                                     fmt::format("itemDefinition \"{}\"", item.name));
        t = DType{DType::Kind::enumeration, e.name, {}};
      }
    }
  }
  if (item.is_collection && item.components.empty()) t = list_of(t);
  if (item.is_collection && !item.components.empty()) t = list_of(t);
  by_dmn_[key] = t;
}

DType TypeTable::resolve(const std::string& type_ref, std::optional<TypeRefusal>& refusal) const {
  if (type_ref.empty()) return {};
  auto it = by_dmn_.find(type_ref);
  if (it != by_dmn_.end()) return it->second;
  auto r = refused_.find(type_ref);
  if (r != refused_.end()) {
    refusal = r->second;
    return {};
  }
  const std::string plain = strip_prefix(type_ref);
  if (std::optional<DType> b = builtin(plain, refusal)) return *b;
  it = by_dmn_.find(plain);
  if (it != by_dmn_.end()) return it->second;
  refusal = TypeRefusal{fmt::format("the type `{}` is not defined in the model", type_ref), "unknown type"};
  return {};
}

DType TypeTable::add_row_record(const std::string& table, const std::vector<FieldInfo>& fields) {
  RecordInfo rec{table + " row", fields, {}};
  DType t{DType::Kind::record, rec.name, {}};
  records_[rec.name] = std::move(rec);
  return t;
}

const EnumInfo* TypeTable::find_enum(const std::string& name) const {
  auto it = enums_.find(name);
  return it == enums_.end() ? nullptr : &it->second;
}

const RecordInfo* TypeTable::find_record(const std::string& name) const {
  auto it = records_.find(name);
  return it == records_.end() ? nullptr : &it->second;
}

}  // namespace docket::dmn
