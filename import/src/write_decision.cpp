// Writes a DMN decision table as a docket table and a literal expression as a rule list.
#include "write_decision.hpp"

#include <fmt/format.h>

#include <map>

namespace docket::dmn {

namespace {

using Kind = DType::Kind;

[[noreturn]] void refuse(std::string reason, std::string feature) { throw Refused{std::move(reason), std::move(feature)}; }

// The names the decision's logic may use: its parameters and the decisions it requires, called.
Scope scope_of(const ModelContext& ctx, const Signature& sig) {
  Scope s;
  s.types = ctx.types;
  for (const std::string& id : sig.inputs) {
    const InputInfo& in = ctx.inputs.at(id);
    s.vars.push_back({in.input->name, in.param, in.type});
  }
  for (const std::string& id : sig.decision->required_decisions) {
    auto it = ctx.decisions.find(id);
    if (it == ctx.decisions.end()) continue;
    s.vars.push_back({it->second.decision->name, call_text(ctx, it->second), it->second.type});
  }
  return s;
}

std::string params_text(const ModelContext& ctx, const Signature& sig) {
  std::string out;
  for (const std::string& id : sig.inputs) {
    const InputInfo& in = ctx.inputs.at(id);
    out += fmt::format("{}{}: {}", out.empty() ? "" : ", ", in.param, in.type.docket());
  }
  return out;
}

std::string comment(const Decision& d) { return fmt::format("# DMN decision \"{}\" (line {})\n", d.name, d.line); }

std::string hit_words(const DecisionTable& t) {
  static const std::map<std::string, std::string> kHit = {
      {"UNIQUE", "unique"}, {"ANY", "any"},          {"PRIORITY", "priority"},         {"FIRST", "first"},
      {"COLLECT", "collect"}, {"RULE ORDER", "rule order"}, {"OUTPUT ORDER", "output order"}};
  auto it = kHit.find(t.hit_policy);
  if (it == kHit.end()) refuse(fmt::format("the hit policy `{}`", t.hit_policy), "hit policy");
  if (t.aggregation.empty()) return it->second;
  if (t.hit_policy != "COLLECT") refuse("an aggregation on a table whose hit policy is not COLLECT", "hit policy");
  if (t.aggregation == "SUM") return "collect sum";
  if (t.aggregation == "MIN") return "collect min";
  if (t.aggregation == "MAX") return "collect max";
  if (t.aggregation == "COUNT") return "collect count";
  refuse(fmt::format("the aggregation `{}`", t.aggregation), "hit policy");
}

// An output's type: its own typeRef, the decision's (one output) or the structure's component (several),
// else what its entries are.
DType output_type(const ModelContext& ctx, const Decision& d, const OutputClause& out, const Scope& scope, int& line) {
  std::optional<TypeRefusal> r;
  DType t = ctx.types->resolve(out.type_ref, r);
  if (!r && !t.known() && d.table.outputs.size() == 1) {
    t = ctx.types->resolve(d.type_ref, r);
    if (t.kind == Kind::list && !t.elem.empty()) t = t.elem.front();  // a collect's declared list
  }
  if (!r && !t.known() && d.table.outputs.size() > 1) {
    DType whole = ctx.types->resolve(d.type_ref, r);
    if (whole.kind == Kind::list && !whole.elem.empty()) whole = whole.elem.front();
    if (const RecordInfo* rec = whole.kind == Kind::record ? ctx.types->find_record(whole.name) : nullptr) {
      for (const FieldInfo& f : rec->fields) {
        if (f.dmn_name == out.name) t = f.type;
      }
    }
  }
  if (r) {
    line = out.line;
    refuse(r->reason, r->feature);
  }
  if (t.known()) return t;
  const std::size_t k = static_cast<std::size_t>(&out - d.table.outputs.data());
  for (const Rule& rule : d.table.rules) {
    if (k < rule.outputs.size()) {
      line = rule.outputs[k].line;
      return translate_expression(rule.outputs[k].text, scope, DType{}).type;
    }
  }
  return DType{Kind::text, {}, {}};
}

std::string write_table(ModelContext& ctx, Signature& sig, int& line) {
  const Decision& d = *sig.decision;
  const DecisionTable& t = d.table;
  line = t.line;
  const std::string hit = hit_words(t);
  if (t.outputs.empty()) refuse("a decision table without outputs", "decision table");
  const bool ranked = hit == "priority" || hit == "output order";
  const bool listed = hit == "collect" || hit == "rule order" || hit == "output order";
  const bool aggregated = hit.rfind("collect ", 0) == 0;
  if (aggregated && t.outputs.size() > 1) refuse("an aggregation over several outputs", "hit policy");
  const Scope scope = scope_of(ctx, sig);

  // Inputs: the header's expressions and their types.
  std::vector<Feel> columns;
  for (const InputClause& in : t.inputs) {
    line = in.line;
    std::optional<TypeRefusal> r;
    DType declared = ctx.types->resolve(in.type_ref, r);
    if (r) refuse(r->reason, r->feature);
    Feel col = translate_expression(in.expression, scope, DType{});
    if (!col.type.known()) col.type = declared;
    if (!col.type.known()) refuse(fmt::format("the input expression `{}` has no type", in.expression), "untyped value");
    columns.push_back(std::move(col));
  }

  // Outputs: names and types; ranked tables rank by an enum of the first output's listed values.
  std::vector<FieldInfo> outs;
  NameTable out_names;
  for (const OutputClause& out : t.outputs) {
    line = out.line;
    DType type = output_type(ctx, d, out, scope, line);
    if (ranked && &out == &t.outputs.front()) {
      std::optional<std::vector<std::string>> values = string_list(out.output_values);
      if (!values) {
        refuse("a priority or output order table whose first output lists no string values to rank by",
               "hit policy");
      }
      const EnumInfo* existing = type.kind == Kind::enumeration ? ctx.types->find_enum(type.name) : nullptr;
      bool same = existing != nullptr && existing->members.size() == values->size();
      for (std::size_t i = 0; same && i < values->size(); ++i) same = existing->members[i].first == (*values)[i];
      if (!same) {
        const std::string wanted = pascal_name(d.name + (t.outputs.size() > 1 ? " " + out.name : std::string()));
        const EnumInfo& e = ctx.types->add_enum(wanted, *values, *ctx.names, out.line,
                                                fmt::format("output values of decision \"{}\"", d.name));
        type = DType{Kind::enumeration, e.name, {}};
      }
    }
    const std::string wanted = t.outputs.size() == 1 && out.name.empty() ? snake_name(d.name) : snake_name(out.name);
    outs.push_back({out.name, out_names.claim(wanted), type});
  }
  if (hit == "collect count") outs.front().type = DType{Kind::number, {}, {}};

  // Rows.
  std::string rows;
  std::vector<std::vector<std::string>> row_outputs;
  for (const Rule& rule : t.rules) {
    line = rule.line;
    if (rule.inputs.size() != columns.size() || rule.outputs.size() != outs.size()) {
      refuse("a rule whose number of entries differs from the table's inputs and outputs", "decision table");
    }
    std::string row = "|";
    for (std::size_t i = 0; i < columns.size(); ++i) {
      line = rule.inputs[i].line;
      row += " " + translate_unary_tests(rule.inputs[i].text, scope, columns[i].type) + " |";
    }
    row += "|";
    std::vector<std::string> values;
    for (std::size_t i = 0; i < outs.size(); ++i) {
      line = rule.outputs[i].line;
      std::string v = hit == "collect count" ? std::string("1")
                                             : translate_expression(rule.outputs[i].text, scope, outs[i].type).text;
      values.push_back(v);
      row += " " + v + " |";
    }
    row_outputs.push_back(std::move(values));
    rows += "  " + row + "\n";
  }
  if (ranked && outs.size() > 1) {
    for (std::size_t a = 0; a < row_outputs.size(); ++a) {
      for (std::size_t b = a + 1; b < row_outputs.size(); ++b) {
        if (row_outputs[a].front() == row_outputs[b].front() && row_outputs[a] != row_outputs[b]) {
          line = t.rules[b].line;
          refuse("rows tie on the first output and differ in the others: DMN ranks by every output's values in turn, "
                 "docket by the first output only",
                 "priority over several outputs");
        }
      }
    }
  }

  // The default output entries: `otherwise`.
  std::string otherwise;
  std::size_t defaults = 0;
  for (const OutputClause& out : t.outputs) defaults += out.has_default ? 1 : 0;
  if (defaults != 0) {
    line = t.outputs.front().line;
    if (listed) refuse("a default output on a collect, rule order or output order table", "default output");
    if (defaults != t.outputs.size()) {
      refuse("default output entries for some outputs only (the others would be null)", "null");
    }
    for (std::size_t i = 0; i < outs.size(); ++i) {
      line = t.outputs[i].line;
      otherwise += (otherwise.empty() ? "" : ", ") +
                   translate_expression(t.outputs[i].default_output, scope, outs[i].type).text;
    }
    otherwise = "  otherwise " + otherwise + "\n";
  }

  std::string result;
  DType row_type;
  if (outs.size() == 1) {
    result = outs.front().type.docket();
    row_type = outs.front().type;
  } else {
    for (const FieldInfo& f : outs) result += fmt::format("{}{}: {}", result.empty() ? "" : ", ", f.id, f.type.docket());
    result = "(" + result + ")";
    row_type = ctx.types->add_row_record(sig.id, outs);
  }
  if (hit == "collect count") result = "int";
  sig.type = listed ? list_of(row_type) : row_type;
  sig.outputs = outs.size() > 1 ? outs : std::vector<FieldInfo>{};

  std::string header = "|";
  for (const Feel& c : columns) header += " " + c.text + " |";
  header += "|";
  for (const FieldInfo& f : outs) header += " " + f.id + " |";
  return fmt::format("{}table {}({}) -> {} {{\n  hit {}\n  {}\n{}{}}}\n\n", comment(d), sig.id, params_text(ctx, sig),
                     result, hit, header, rows, otherwise);
}

std::string write_literal(ModelContext& ctx, Signature& sig, int& line) {
  const Decision& d = *sig.decision;
  line = d.logic_line;
  if (!d.literal_language.empty() && d.literal_language.find("FEEL") == std::string::npos) {
    refuse(fmt::format("a literal expression in `{}`", d.literal_language), "expression language");
  }
  const Scope scope = scope_of(ctx, sig);
  std::optional<TypeRefusal> r;
  DType declared = ctx.types->resolve(d.type_ref, r);
  if (r) refuse(r->reason, r->feature);
  std::vector<Branch> branches = translate_conditional(d.literal, scope, declared);
  DType type = declared.known() ? declared : branches.back().value.type;
  if (!type.known()) refuse(fmt::format("the type of `{}` is not known", d.literal), "untyped value");
  std::string rules;
  for (const Branch& b : branches) {
    if (!b.condition.empty()) rules += fmt::format("  rule when {} then {}\n", b.condition, b.value.text);
  }
  sig.type = type;
  return fmt::format("{}decision {}({}) -> {} {{\n  hit first\n{}  otherwise {}\n}}\n\n", comment(d), sig.id,
                     params_text(ctx, sig), type.docket(), rules, branches.back().value.text);
}

}  // namespace

std::string call_text(const ModelContext& ctx, const Signature& sig) {
  std::string args;
  for (const std::string& id : sig.inputs) args += (args.empty() ? "" : ", ") + ctx.inputs.at(id).param;
  return sig.id + "(" + args + ")";
}

std::string write_decision(ModelContext& ctx, Signature& sig, int& line) {
  const Decision& d = *sig.decision;
  line = d.line;
  if (!d.required_knowledge.empty()) {
    refuse("it invokes a business knowledge model (BKMs and invocations have no docket equivalent)", "BKM");
  }
  for (const std::string& id : sig.inputs) {
    const InputInfo& in = ctx.inputs.at(id);
    if (in.refused) {
      line = in.input->line;
      refuse(fmt::format("input data \"{}\": {}", in.input->name, in.refused->reason), in.refused->feature);
    }
  }
  for (const std::string& id : d.required_decisions) {
    auto it = ctx.decisions.find(id);
    if (it == ctx.decisions.end()) refuse(fmt::format("it requires `#{}`, which is not a decision of the model", id),
                                          "import");
    if (it->second.refused) {
      refuse(fmt::format("it requires decision \"{}\", which was refused", it->second.decision->name),
             it->second.refused->feature);
    }
  }
  switch (d.kind) {
    case LogicKind::table: return write_table(ctx, sig, line);
    case LogicKind::literal: return write_literal(ctx, sig, line);
    case LogicKind::other:
      line = d.logic_line;
      refuse(fmt::format("its logic is a <{}>", d.logic_element), d.logic_element == "context" ? "context"
                                                                      : d.logic_element == "invocation" ? "BKM"
                                                                                                        : "boxed expression");
    case LogicKind::none: break;
  }
  refuse("it has no decision logic", "no decision logic");
}

}  // namespace docket::dmn
