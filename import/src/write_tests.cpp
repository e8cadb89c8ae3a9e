// TCK test cases to `test` blocks: input values as literals of the parameters' types, expectations per output.
#include "write_tests.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "feel_temporal.hpp"

namespace docket::dmn {

namespace {

using Kind = DType::Kind;

bool plain_number(const std::string& s) {
  std::size_t i = s.empty() || s[0] != '-' ? 0 : 1;
  bool digits = false;
  bool dot = false;
  for (; i < s.size(); ++i) {
    if (s[i] >= '0' && s[i] <= '9') {
      digits = true;
    } else if (s[i] == '.' && !dot) {
      dot = true;
    } else {
      return false;
    }
  }
  return digits && s.back() != '.';
}

std::string literal(const TckValue& v, const DType& t, const TypeTable& types) {
  using VK = TckValue::Kind;
  if (v.kind == VK::nil) refuse("a null value: docket has no absent value", "null");
  if (v.kind == VK::scalar) {
    const std::string& x = v.xsd_type;
    if (x == "date" || x == "time" || x == "dateTime" || x == "duration") {
      DType written;
      std::string text = temporal_literal(x == "dateTime" ? "date and time" : x, v.text, written);
      if (t.known() && !(written == t)) {
        refuse(fmt::format("an xsd:{} value where a {} is expected", x, t.docket()), "type");
      }
      return text;
    }
    switch (t.kind) {
      case Kind::integer:
      case Kind::number: {
        std::string n = v.text;
        while (!n.empty() && n.back() == ' ') n.pop_back();
        if (!plain_number(n)) refuse(fmt::format("the number `{}`", v.text), "number format");
        if (t.kind == Kind::integer && n.find('.') != std::string::npos) {
          refuse(fmt::format("`{}` where a whole number is expected", n), "type");
        }
        return n;
      }
      case Kind::boolean:
        if (v.text != "true" && v.text != "false") refuse(fmt::format("`{}` as a boolean", v.text), "type");
        return v.text;
      case Kind::text: return text_literal(v.text);
      case Kind::enumeration: {
        const EnumInfo* e = types.find_enum(t.name);
        const std::string* m = e == nullptr ? nullptr : e->member(v.text);
        if (m == nullptr) refuse(fmt::format("\"{}\" is not one of the values of `{}` (DMN: null)", v.text, t.name), "null");
        return t.name + "." + *m;
      }
      default: break;
    }
    refuse(fmt::format("a {} value where a {} is expected", x.empty() ? "scalar" : x, t.docket()), "type");
  }
  if (v.kind == VK::list) {
    if (t.kind != Kind::list || t.elem.empty()) refuse(fmt::format("a list where a {} is expected", t.docket()), "type");
    std::string out;
    for (const TckValue& i : v.items) out += (out.empty() ? "" : ", ") + literal(i, t.elem.front(), types);
    return "[" + out + "]";
  }
  const RecordInfo* rec = t.kind == Kind::record ? types.find_record(t.name) : nullptr;
  if (rec == nullptr) refuse(fmt::format("a structure where a {} is expected", t.docket()), "type");
  // A multi-output table's row ("NAME row" here) is written with the table's name: `name { ... }`.
  const std::string_view row_suffix = " row";
  const bool row = rec->name.size() > row_suffix.size() && rec->name.ends_with(row_suffix);
  if (!row && rec->name.find(' ') != std::string::npos) {
    refuse(fmt::format("a structure where a {} is expected", t.docket()), "type");
  }
  std::string out;
  for (const FieldInfo& f : rec->fields) {
    const TckValue* found = nullptr;
    for (const auto& [name, value] : v.components) found = name == f.dmn_name ? &value : found;
    if (found == nullptr) refuse(fmt::format("component `{}` is not given (DMN: null)", f.dmn_name), "null");
    out += fmt::format("{}{}: {}", out.empty() ? "" : ", ", f.id, literal(*found, f.type, types));
  }
  return (row ? rec->name.substr(0, rec->name.size() - row_suffix.size()) : rec->name) + " { " + out + " }";
}

std::string expectations(const ModelContext& ctx, const Signature& sig, const TckCase& tc, const TckResult& res) {
  if (!tc.invocable.empty()) refuse(fmt::format("it invokes the decision service `{}`", tc.invocable), "decision service");
  if (res.error_result) refuse("the TCK expects an evaluation error", "error result");
  std::string args;
  for (const std::string& id : sig.inputs) {
    const InputInfo& in = ctx.inputs.at(id);
    const TckValue* value = nullptr;
    for (const auto& [name, v] : tc.inputs) value = name == in.input->name ? &v : value;
    if (value == nullptr) refuse(fmt::format("input \"{}\" is not given (DMN: null)", in.input->name), "null");
    args += (args.empty() ? "" : ", ") + literal(*value, in.type, *ctx.types);
  }
  const std::string call = sig.id + "(" + args + ")";
  if (res.expected.kind == TckValue::Kind::nil) {
    if (sig.outputs.empty() && sig.type.or_none) return fmt::format("  expect {} == none\n", call);
    refuse("the expected result is null, and the decision's answer cannot be none", "null");
  }
  if (sig.outputs.empty() && numeric(sig.type)) {
    // FEEL computes in 34-digit decimals, docket in doubles (15 to 17 digits): a number written with more
    // digits than a double keeps is expected within 1e-12 of its size.
    const std::string n = literal(res.expected, sig.type, *ctx.types);
    std::size_t digits = 0;
    for (char c : n) digits += (c >= '0' && c <= '9') ? 1U : 0U;
    if (digits > 15) {
      const double tolerance = std::max(std::fabs(std::stod(n)), 1.0) * 1e-12;
      return fmt::format("  expect abs({} - {}) <= {:.20f}\n", call, n, tolerance);
    }
  }
  if (sig.outputs.empty()) return fmt::format("  expect {} == {}\n", call, literal(res.expected, sig.type, *ctx.types));
  if (sig.type.kind == Kind::list) {  // the rows of a multi-output table, written as `name { ... }`
    return fmt::format("  expect {} == {}\n", call, literal(res.expected, sig.type, *ctx.types));
  }
  if (res.expected.kind != TckValue::Kind::structure) refuse("a table with several outputs expected as one value", "type");
  std::string out;
  for (const FieldInfo& f : sig.outputs) {
    const TckValue* found = nullptr;
    for (const auto& [name, value] : res.expected.components) found = name == f.dmn_name ? &value : found;
    if (found == nullptr) refuse(fmt::format("output `{}` has no expected value (DMN: null)", f.dmn_name), "null");
    out += fmt::format("  expect {}.{} == {}\n", call, f.id, literal(*found, f.type, *ctx.types));
  }
  return out;
}

}  // namespace

std::string write_tests(const ModelContext& ctx, const std::vector<TckCase>& cases, const std::string& file,
                        std::vector<ImportProblem>& problems, int& written) {
  std::string text;
  for (const TckCase& tc : cases) {
    for (const TckResult& res : tc.results) {
      const std::string element = fmt::format("testCase {} resultNode \"{}\"", tc.id, res.name);
      const Signature* sig = nullptr;
      for (const auto& [id, s] : ctx.decisions) sig = s.decision->name == res.name ? &s : sig;
      try {
        if (sig == nullptr) refuse(fmt::format("the model has no decision \"{}\"", res.name), "not a decision");
        if (sig->refused) {
          refuse(fmt::format("decision \"{}\" was refused: {}", res.name, sig->refused->reason), sig->refused->feature);
        }
        const std::string body = expectations(ctx, *sig, tc, res);
        text += fmt::format("test {} {{\n{}}}\n\n", text_literal(fmt::format("{} {}", tc.id, res.name)), body);
        ++written;
      } catch (const Refused& r) {
        problems.push_back({file, res.line, element, r.reason, r.feature});
      }
    }
  }
  return text;
}

}  // namespace docket::dmn
