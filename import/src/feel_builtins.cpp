// FEEL's functions that docket has built in: their docket types, or a refusal naming the FEEL function.
#include "feel_builtins.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <string_view>
#include <vector>

namespace docket::dmn {

namespace {

using Kind = DType::Kind;

DType of(Kind k) { return DType{k, {}, {}}; }

}  // namespace

bool is_feel_builtin(const std::string& name) {
  static constexpr std::array<std::string_view, 9> kBuiltins = {"min",   "max",     "sum",     "count", "abs",
                                                                "floor", "ceiling", "decimal", "string"};
  return std::find(kBuiltins.begin(), kBuiltins.end(), name) != kBuiltins.end();
}

DType builtin_type(const std::string& name, std::span<const Feel> args) {
  auto no = [&](std::string_view why) -> DType {
    refuse(fmt::format("`{}()` {}", name, why), "FEEL function");
  };
  for (const Feel& a : args) {
    if (!a.type.known()) no(fmt::format("of `{}`, whose type is not known", a.text));
  }
  const bool one_list = args.size() == 1 && args[0].type.kind == Kind::list;
  if (name == "min" || name == "max" || name == "sum") {
    std::vector<DType> items;
    if (one_list) {
      items = args[0].type.elem;
    } else {
      for (const Feel& a : args) items.push_back(a.type);
    }
    if (items.empty() || (args.size() == 1 && !one_list && name != "sum")) no("needs a list or two or more values");
    bool all_numeric = true;
    bool any_number = false;
    for (const DType& t : items) {
      all_numeric = all_numeric && numeric(t);
      any_number = any_number || t.kind == Kind::number;
    }
    if (all_numeric) return of(any_number ? Kind::number : Kind::integer);
    if (name != "sum" && std::all_of(items.begin(), items.end(), [&](const DType& t) {
          return t == items.front() && t.kind == Kind::text;
        })) {
      return items.front();
    }
    no("over values that are not all numbers (or all texts)");
  }
  if (name == "count") {
    if (!one_list) no("needs one list");
    return of(Kind::integer);
  }
  if (args.size() != (name == "decimal" ? 2U : 1U)) no("has the wrong number of arguments (FEEL gives null)");
  if (name == "string") {
    if (args[0].type.kind == Kind::list || args[0].type.kind == Kind::record) no("of a list or a structure");
    // docket writes the member's name, which may have been renamed from the DMN text ("VERY HIGH").
    if (args[0].type.kind == Kind::enumeration) no("of a value held as an enum member (docket would give the member's name)");
    return of(Kind::text);
  }
  if (!numeric(args[0].type)) no(fmt::format("of `{}`, a {} (FEEL gives null)", args[0].text, args[0].type.docket()));
  if (name == "abs") return args[0].type;
  if (name == "decimal") {
    if (args[1].type.kind != Kind::integer) no("with a scale that is not a whole number");
    return of(Kind::number);
  }
  return of(Kind::integer);  // floor, ceiling
}

}  // namespace docket::dmn
