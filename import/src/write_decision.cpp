// Writes a DMN decision table as a docket table and a literal expression as a rule list.
#include "write_decision.hpp"

#include <fmt/format.h>

#include <regex>
#include <set>

#include <map>

namespace docket::dmn {

namespace {

using Kind = DType::Kind;

// The names the decision's logic may use: its parameters, the decisions it requires (called) and the
// business knowledge models it requires (functions).
Scope scope_of(const ModelContext& ctx, const Signature& sig) {
  Scope s;
  s.types = ctx.types;
  s.vars = sig.params;
  for (const std::string& id : sig.inputs) {
    const InputInfo& in = ctx.inputs.at(id);
    s.vars.push_back({in.input->name, in.param, in.type});
  }
  for (const std::string& id : sig.decision->required_decisions) {
    auto it = ctx.decisions.find(id);
    if (it == ctx.decisions.end()) continue;
    s.vars.push_back({it->second.decision->name, call_text(ctx, it->second), it->second.type});
  }
  for (const std::string& id : sig.decision->required_knowledge) {
    auto it = ctx.bkms.find(id);
    if (it == ctx.bkms.end() || !it->second.written) continue;
    Function f{it->second.decision->name, it->second.id, {}, it->second.type};
    for (const Variable& p : it->second.params) f.params.push_back(p.type);
    s.functions.push_back(std::move(f));
  }
  return s;
}

std::string params_text(const ModelContext& ctx, const Signature& sig) {
  std::string out;
  for (const Variable& p : sig.params) out += fmt::format("{}{}: {}", out.empty() ? "" : ", ", p.text, p.type.docket());
  for (const std::string& id : sig.inputs) {
    const InputInfo& in = ctx.inputs.at(id);
    out += fmt::format("{}{}: {}", out.empty() ? "" : ", ", in.param, in.type.docket());
  }
  return out;
}

std::string comment(const Decision& d) {
  return fmt::format("# DMN {} \"{}\" (line {})\n", d.bkm ? "businessKnowledgeModel" : "decision", comment_text(d.name),
                     d.line);
}

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
DType output_type(const ModelContext& ctx, const Signature& sig, const OutputClause& out, const Scope& scope,
                  int& line) {
  const Decision& d = *sig.decision;
  std::optional<TypeRefusal> r;
  DType t = ctx.types->resolve(out.type_ref, r);
  if (!r && !t.known() && d.table.outputs.size() == 1) {
    t = ctx.types->resolve(d.type_ref.empty() ? sig.type_hint : d.type_ref, r);
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
      return widened(translate_expression(rule.outputs[k].text, scope, DType{}).type);
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
  if (t.inputs.empty()) refuse("a decision table without inputs (docket's tables have at least one column)",
                               "decision table");
  if (t.rules.empty()) refuse("a decision table without rules", "decision table");
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

  // Outputs: names and types. Ranked tables rank by the first output's listed values, then by each
  // later output's listed values in turn: those outputs become enums (outputs without listed values
  // have no order, in DMN as in docket).
  std::vector<FieldInfo> outs;
  NameTable out_names;
  for (const OutputClause& out : t.outputs) {
    line = out.line;
    DType type = output_type(ctx, sig, out, scope, line);
    std::optional<std::vector<std::string>> values;
    if (ranked) values = string_list(out.output_values);
    if (ranked && &out != &t.outputs.front() && !values && !out.output_values.empty()) {
      refuse("a later output lists values that are not texts: DMN ranks by them, docket ranks by enum outputs only",
             "priority over several outputs");
    }
    if (ranked && (&out == &t.outputs.front() || values)) {
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
  if (hit == "collect count") outs.front().type = DType{Kind::integer, {}, {}};
  const DType& first = outs.front().type;
  if (hit == "collect sum" && !numeric(first)) refuse("`collect sum` over outputs that are not numbers", "null");
  if ((hit == "collect min" || hit == "collect max") && !numeric(first) && first.kind != Kind::text) {
    refuse("`collect min`/`max` over outputs that have no order", "null");
  }

  // Rows.
  std::string rows;
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
    for (std::size_t i = 0; i < outs.size(); ++i) {
      line = rule.outputs[i].line;
      std::string v = hit == "collect count" ? std::string("1")
                                             : translate_expression(rule.outputs[i].text, scope, outs[i].type).text;
      row += " " + v + " |";
    }
    rows += "  " + row + "\n";
  }

  // The default output entries: `otherwise`.
  std::string otherwise;
  std::size_t defaults = 0;
  for (const OutputClause& out : t.outputs) defaults += out.has_default ? 1 : 0;
  if (defaults != 0) {
    line = t.outputs.front().line;
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

std::string rule_list(const Signature& sig, const ModelContext& ctx, const DType& type, const std::string& rules,
                      const std::string& answer) {
  return fmt::format("{}decision {}({}) -> {} {{\n  hit first\n{}  otherwise {}\n}}\n\n", comment(*sig.decision), sig.id,
                     params_text(ctx, sig), type.docket(), rules, answer);
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
  DType type = declared.known() ? declared : widened(branches.back().value.type);
  if (!type.known()) refuse(fmt::format("the type of `{}` is not known", d.literal), "untyped value");
  std::string rules;
  for (const Branch& b : branches) {
    if (!b.condition.empty()) rules += fmt::format("  rule when {} then {}\n", b.condition, b.value.text);
  }
  sig.type = type;
  // A condition as a rule, not an answer: docket's compiled evaluator makes rule conditions bitsets, while an
  // `otherwise` expression is evaluated row by row (13 % slower on bench/classify.dmn's `escalate`).
  const std::string& last = branches.back().value.text;
  if (branches.size() == 1 && type.kind == Kind::boolean && last != "true" && last != "false") {
    return rule_list(sig, ctx, type, fmt::format("  rule when {} then true\n", last), "false");
  }
  return fmt::format("{}decision {}({}) -> {} {{\n  hit first\n{}  otherwise {}\n}}\n\n", comment(d), sig.id,
                     params_text(ctx, sig), type.docket(), rules, branches.back().value.text);
}

// A call of the business knowledge model `invoked` with `bindings` in its parameters' order.
Feel invocation_value(const ModelContext& ctx, const Scope& scope, const std::string& written,
                      const std::vector<Binding>& bindings, int& line) {
  std::string invoked = written;
  while (!invoked.empty() && (invoked.back() == ' ' || invoked.back() == '\n')) invoked.pop_back();
  while (!invoked.empty() && (invoked.front() == ' ' || invoked.front() == '\n')) invoked.erase(invoked.begin());
  const Function* f = nullptr;
  for (const Function& fn : scope.functions) f = fn.dmn_name == invoked ? &fn : f;
  if (f == nullptr) refuse(fmt::format("it invokes `{}`, which is not a business knowledge model it requires", invoked), "BKM");
  const Signature* target = nullptr;
  for (const auto& [id, b] : ctx.bkms) target = b.id == f->id ? &b : target;
  std::string args;
  DType result = f->result;
  for (std::size_t i = 0; i < f->params.size(); ++i) {
    const std::string& name = target->params[i].dmn_name;
    const Binding* found = nullptr;
    for (const Binding& b : bindings) found = b.parameter == name ? &b : found;
    if (found == nullptr || found->text.empty()) {
      refuse(fmt::format("parameter `{}` of `{}` is not bound to a literal expression (FEEL gives null)", name, invoked),
             "null");
    }
    line = found->line;
    const Feel arg = translate_expression(found->text, scope, f->params[i]);
    result.or_none = result.or_none || (arg.type.or_none && !f->params[i].or_none);  // not called on none
    args += (args.empty() ? "" : ", ") + arg.text;
  }
  return Feel{f->id + "(" + args + ")", result, 8, {}};
}

// The declared type, when there is one, must be what the value is.
DType fitted(const ModelContext& ctx, const std::string& type_ref, const Feel& value) {
  std::optional<TypeRefusal> r;
  DType declared = ctx.types->resolve(type_ref, r);
  if (r) refuse(r->reason, r->feature);
  if (!fits(value.type, declared)) {
    refuse(fmt::format("`{}` is a {}, declared a {}", value.text, value.type.docket(), declared.docket()), "type");
  }
  DType type = declared.known() ? declared : widened(value.type);
  type.or_none = type.or_none || value.type.or_none;  // every FEEL type holds null: docket says so where it can reach
  return type;
}

// A decision (or BKM) that invokes a business knowledge model: a call with the bindings in parameter order.
std::string write_invocation(ModelContext& ctx, Signature& sig, int& line) {
  const Decision& d = *sig.decision;
  line = d.logic_line;
  const Scope scope = scope_of(ctx, sig);
  Feel value = invocation_value(ctx, scope, d.invoked, d.bindings, line);
  sig.type = fitted(ctx, d.type_ref, value);
  return rule_list(sig, ctx, sig.type, "", value.text);
}

// An `if` inside a value: only `if C then true else false` (and the reverse) say something docket can.
Feel single_value(std::vector<Branch> branches) {
  if (branches.size() == 1) return std::move(branches.front().value);
  if (branches.size() == 2 && branches[0].value.text == "true" && branches[1].value.text == "false") {
    return Feel{branches[0].condition, DType{Kind::boolean, {}, {}}, 1, {}};
  }
  if (branches.size() == 2 && branches[0].value.text == "false" && branches[1].value.text == "true") {
    return Feel{"not (" + branches[0].condition + ")", DType{Kind::boolean, {}, {}}, 3, {}};
  }
  refuse("`if ... then ... else` inside a context entry: docket has it only as a decision's rules", "if-then-else");
}

// Whether single_value() says `branches` as one value.
bool one_value(const std::vector<Branch>& branches) {
  if (branches.size() == 1) return true;
  if (branches.size() != 2) return false;
  const std::string& a = branches[0].value.text;
  const std::string& b = branches[1].value.text;
  return (a == "true" && b == "false") || (a == "false" && b == "true");
}

// An `if ... then ... else` context entry as a decision of its own (docket has `if` only as rules), over the
// parameters it reads, written to `helpers`; the entry's value is a call of it.
Feel hoisted(ModelContext& ctx, const Signature& sig, const ContextEntry& e, const DType& declared,
             const std::vector<Branch>& branches, std::string& helpers) {
  DType type = declared.known() ? declared : widened(branches.back().value.type);
  for (const Branch& b : branches) type.or_none = type.or_none || b.value.type.or_none;
  if (!type.known()) refuse(fmt::format("the type of context entry `{}` is not known", e.name), "untyped value");
  std::string rules;
  for (const Branch& b : branches) {
    if (!b.condition.empty()) rules += fmt::format("  rule when {} then {}\n", b.condition, b.value.text);
  }
  std::vector<std::pair<std::string, std::string>> params;  // identifier, type
  for (const Variable& p : sig.params) params.emplace_back(p.text, p.type.docket());
  for (const std::string& id : sig.inputs) params.emplace_back(ctx.inputs.at(id).param, ctx.inputs.at(id).type.docket());
  const std::regex word("[A-Za-z_][A-Za-z0-9_]*");
  std::set<std::string> read;
  for (const Branch& b : branches) {
    for (const std::string* text : {&b.condition, &b.value.text}) {
      for (auto it = std::sregex_iterator(text->begin(), text->end(), word); it != std::sregex_iterator(); ++it) {
        read.insert(it->str());
      }
    }
  }
  std::string declared_params;
  std::string args;
  for (const auto& [name, t] : params) {
    if (read.count(name) == 0) continue;
    declared_params += fmt::format("{}{}: {}", declared_params.empty() ? "" : ", ", name, t);
    args += (args.empty() ? "" : ", ") + name;
  }
  const std::string id = ctx.names->claim(sig.id + "_" + snake_name(e.name));
  helpers += fmt::format("# DMN context entry \"{}\" of \"{}\" (line {})\ndecision {}({}) -> {} {{\n  hit first\n{}  otherwise {}\n}}\n\n",
                         comment_text(e.name), comment_text(sig.decision->name), e.line, id, declared_params,
                         type.docket(), rules, branches.back().value.text);
  return Feel{id + "(" + args + ")", type, 9, {}};
}

// A context of literal expressions and invocations with a final result: each entry's value is put where
// later entries name it (docket has no local names), and the result is the decision's answer.
std::string write_context(ModelContext& ctx, Signature& sig, int& line) {
  const Decision& d = *sig.decision;
  line = d.logic_line;
  Scope scope = scope_of(ctx, sig);
  std::string helpers;
  for (const ContextEntry& e : d.context) {
    line = e.line;
    std::optional<TypeRefusal> r;
    const DType declared = ctx.types->resolve(e.type_ref, r);
    if (r) refuse(r->reason, r->feature);
    Feel value;
    if (e.kind == LogicKind::literal) {
      std::vector<Branch> branches = translate_conditional(e.text, scope, declared);
      value = one_value(branches) || e.name.empty() ? single_value(std::move(branches))
                                                     : hoisted(ctx, sig, e, declared, branches, helpers);
    } else if (e.kind == LogicKind::invocation) {
      value = invocation_value(ctx, scope, e.invoked, e.bindings, line);
    } else {
      refuse(fmt::format("a context entry that is a <{}>", e.element), "context");
    }
    DType type = fitted(ctx, e.type_ref, value);
    if (e.name.empty()) {
      sig.type = fitted(ctx, d.type_ref, value);
      return helpers + rule_list(sig, ctx, sig.type, "", value.text);
    }
    scope.vars.push_back({e.name, value.prec == 8 ? value.text : "(" + value.text + ")", type});
  }
  refuse("a context without a final result entry (its value is a structure)", "context");
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
  for (const std::string& id : d.required_knowledge) {
    auto it = ctx.bkms.find(id);
    if (it == ctx.bkms.end()) {
      refuse(fmt::format("it requires `#{}`, which is not a business knowledge model of the model", id), "import");
    }
    if (it->second.refused) {
      refuse(fmt::format("it requires business knowledge model \"{}\", which was refused", it->second.decision->name),
             it->second.refused->feature);
    }
  }
  for (Variable& p : sig.params) {
    if (p.type.known()) continue;
    std::optional<TypeRefusal> r;
    for (const FormalParameter& f : d.parameters) {
      if (f.name == p.dmn_name) p.type = ctx.types->resolve(f.type_ref, r);
    }
    if (r) refuse(fmt::format("parameter `{}`: {}", p.dmn_name, r->reason), r->feature);
    if (!p.type.known()) refuse(fmt::format("parameter `{}` has no type (FEEL's Any)", p.dmn_name), "untyped value");
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
    case LogicKind::invocation: return write_invocation(ctx, sig, line);
    case LogicKind::context: return write_context(ctx, sig, line);
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
