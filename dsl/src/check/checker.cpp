// The checker's passes over declarations: module, enums, records, decision signatures and bodies.
#include "check/checker.hpp"

#include <fmt/format.h>

#include "check/cost.hpp"
#include "docket/core/suggest.hpp"

namespace docket::dsl {

namespace {

template <class T>
const T* as(const ast::Declaration& d) {
  return boost::get<T>(&d.get());
}

const std::map<std::string, Type, std::less<>>& builtin_types() {
  static const std::map<std::string, Type, std::less<>> types = {
      {"bool", Type::boolean()}, {"int", Type::integer()},       {"number", Type::number()},
      {"text", Type::text()},    {"duration", Type::duration()}, {"time", Type::time()},
      {"date", Type::date()},    {"time of day", Type::time_of_day()}};
  return types;
}

}  // namespace

std::string with_article(const std::string& noun) {
  bool vowel = !noun.empty() && std::string_view("aeiouAEIOU").find(noun[0]) != std::string_view::npos;
  return (vowel ? "an " : "a ") + noun;
}

Checker::Checker(const SourceSet& sources, const FunctionRegistry& functions, Diagnostics& diagnostics)
    : sources_(sources), functions_(functions), diagnostics_(diagnostics) {}

std::string Checker::source_text(SourceRange r) const {
  const std::string& text = sources_.file(r.file).text();
  return text.substr(r.begin, r.end - r.begin);
}

void Checker::error(std::string code, SourceRange where, std::string message, std::string hint) {
  diagnostics_.error(std::move(code), where, std::move(message), std::move(hint));
}

void Checker::warning(std::string code, SourceRange where, std::string message, std::string hint) {
  diagnostics_.warning(std::move(code), where, std::move(message), std::move(hint));
}

void Checker::check(const FileRefs& files) {
  const std::size_t errors_at_start = diagnostics_.error_count();  // syntax errors, if any
  declare_modules(files);
  for (const ast::File& f : files) declare_types(f);
  for (const ast::File& f : files) define_records(f);
  for (const ast::File& f : files) declare_decisions(f);
  std::size_t decision = 0;
  calls_.assign(module_.decisions.size(), {});
  for (std::size_t fi = 0; fi < files.size(); ++fi) {
    const ast::File& f = files[fi];
    file_ = f.file_id;
    for (std::size_t di = 0; di < f.declarations.size(); ++di) {
      const ast::Declaration& d = f.declarations[di];
      const auto* dd = as<ast::DecisionDecl>(d);
      const auto* td = as<ast::TableDecl>(d);
      if (dd == nullptr && td == nullptr) continue;
      current_decision_ = static_cast<std::uint32_t>(decision);
      if (dd != nullptr) {
        check_decision_body(*dd, module_.decisions[decision++]);
      } else {
        std::size_t errors_before = diagnostics_.error_count();
        ir::Decision& table = module_.decisions[decision++];
        check_table_body(*td, table);
        // Only a table that checked clean is analysed: its cells then have the columns' types.
        if (diagnostics_.error_count() == errors_before && !table.rows.empty()) report_table_findings(table);
      }
      current_decision_.reset();
      if (owned_files_ != nullptr) release_body((*owned_files_)[fi].declarations[di]);
    }
  }
  check_call_cycles();
  check_decision_bounds(module_, diagnostics_);
  const bool syntax_errors = errors_at_start > 0;  // compile() parses every file first
  for (const ast::File& f : files) check_workflows(f);
  for (const ast::File& f : files) check_tests(f);
  // After a syntax error some declarations are missing, so "never used" could be wrong.
  if (!syntax_errors) {
    warn_unused_types();
    warn_unused_imports();
  }
  if (module_.name.empty()) module_.name = "main";
}

void Checker::release_body(ast::Declaration& d) {
  // Swapping with empty containers frees their memory (clear() would keep the capacity).
  if (auto* dd = boost::get<ast::DecisionDecl>(&d.get())) {
    std::vector<ast::RuleDecl>().swap(dd->rules);
    dd->otherwise.reset();
  } else if (auto* td = boost::get<ast::TableDecl>(&d.get())) {
    std::vector<ast::RowDecl>().swap(td->rows);
    std::vector<ast::Expr>().swap(td->otherwise);
  }
}

void Checker::note_type_use(Type t) {
  if (t.enum_def() != nullptr) used_types_.insert(t.enum_def());
  if (t.record_def() != nullptr) used_types_.insert(t.record_def());
}

void Checker::warn_unused_types() {
  auto warn = [&](const std::string& name, const void* def, std::string_view kind) {
    auto where = globals_.find(name);
    // A name declared twice already has its error; which of the two is unused is not clear.
    if (used_types_.count(def) != 0 || where == globals_.end() || duplicates_.count(name) != 0) return;
    warning("D0210", where->second, fmt::format("{} `{}` is never used", kind, name),
            "remove it, or use it as the type of a field or parameter");
  };
  for (const EnumDef& e : module_.enums) warn(e.name, &e, "enum");
  for (const RecordDef& r : module_.records) warn(r.name, &r, "record");
}

void Checker::warn_unused_params(const std::vector<ir::Param>& params, const std::vector<bool>& used,
                                 std::string_view what) {
  for (std::size_t i = 0; i < params.size(); ++i) {
    if (used[i]) continue;
    warning("D0211", params[i].range, fmt::format("parameter `{}` of {} is never used", params[i].name, what),
            "remove it, or read it in a rule");
  }
}

bool Checker::claim_name(const std::string& name, SourceRange where, std::string_view kind) {
  auto [it, fresh] = globals_.try_emplace(name, where);
  if (fresh) {
    owners_[name] = files_[file_].module;
    return true;
  }
  duplicates_.insert(name);
  error("D0202", where, fmt::format("{} `{}` is declared twice", kind, name),
        "rename one of them; names of enums, records, decisions, tables and workflows share one namespace");
  diagnostics_.report({Severity::note, "D0202", "first declared here", it->second, {}});
  return false;
}

void Checker::declare_types(const ast::File& file) {
  file_ = file.file_id;
  for (const ast::Declaration& d : file.declarations) {
    if (const auto* e = as<ast::EnumDecl>(d)) {
      claim_name(e->name.name, range(e->name), "enum");
      EnumDef& def = module_.enums.emplace_back();
      def.name = e->name.name;
      const std::uint32_t symbol =
          index_ ? index_->declare(SymbolKind::enumeration, def.name, kNoSymbol, Type(&def), range(e->name), range(*e))
                 : kNoSymbol;
      if (index_) index_->bind(&def, symbol);
      for (const ast::Identifier& m2 : e->members) {
        if (def.find(m2.name)) {
          error("D0204", range(m2), fmt::format("enum {} lists `{}` twice", def.name, m2.name), "remove one");
          continue;
        }
        def.members.push_back(m2.name);
        if (index_) {
          index_->add_child(&def, index_->declare(SymbolKind::member, m2.name, symbol, Type(&def), range(m2), range(m2)));
        }
      }
    } else if (const auto* r = as<ast::RecordDecl>(d)) {
      claim_name(r->name.name, range(r->name), "record");
      RecordDef& def = module_.records.emplace_back();
      def.name = r->name.name;
      if (index_) {
        index_->bind(&def, index_->declare(SymbolKind::record, def.name, kNoSymbol, Type(&def), range(r->name), range(*r)));
      }
    }
  }
}

Type Checker::resolve_type(const ast::TypeRef& ref) {
  // Names of several words ("list of text", "time of day") as written, blanks and line breaks
  // between the words read as one space.
  std::string name;
  for (char c : ref.name) {
    const bool blank = c == ' ' || c == '\t' || c == '\n' || c == '\r';
    if (!blank) name += c;
    else if (!name.empty() && name.back() != ' ') name += ' ';
  }
  if (name.size() > 8 && name.compare(name.size() - 8, 8, " or none") == 0) {
    ast::TypeRef base = ref;  // `number or none`: the type before `or`, whose values may also be none
    std::size_t cut = ref.name.rfind("or");
    while (cut > 0 && (ref.name[cut - 1] == ' ' || ref.name[cut - 1] == '\t' || ref.name[cut - 1] == '\n' ||
                       ref.name[cut - 1] == '\r')) {
      --cut;
    }
    base.name = ref.name.substr(0, cut);
    base.end = ref.begin + static_cast<std::uint32_t>(cut);
    return resolve_type(base).or_none();
  }
  if (name.rfind("list of ", 0) == 0) {
    ast::TypeRef element = ref;  // "list of text", "list of time of day": the element follows "of"
    element.name = name.substr(8);
    element.begin = ref.end - std::min(ref.end - ref.begin, static_cast<std::uint32_t>(element.name.size()));
    Type t = resolve_type(element);
    return t.is_error() ? t : module_.list_of(t);
  }
  if (auto it = builtin_types().find(name); it != builtin_types().end()) {
    if (index_) index_->unresolved(range(ref), SlotKind::type);
    return it->second;
  }
  if (const EnumDef* e = module_.find_enum(ref.name)) {
    note_type_use(Type(e));
    note_visible(ref.name, range(ref));
    if (index_) index_->use(index_->symbol_of(e), range(ref), SlotKind::type);
    return Type(e);
  }
  if (const RecordDef* r = module_.find_record(ref.name)) {
    note_type_use(Type(r));
    note_visible(ref.name, range(ref));
    if (index_) index_->use(index_->symbol_of(r), range(ref), SlotKind::type);
    return Type(r);
  }
  if (index_) index_->unresolved(range(ref), SlotKind::type);
  std::vector<std::string> names;
  for (const auto& [n, t] : builtin_types()) names.push_back(n);
  for (const EnumDef& e : module_.enums) names.push_back(e.name);
  for (const RecordDef& r : module_.records) names.push_back(r.name);
  error("D0203", range(ref), fmt::format("unknown type `{}`", ref.name),
        suggestion_hint(ref.name, names, "use bool, int, number, text, duration, time, or a declared enum or record"));
  return Type::error();
}

void Checker::define_records(const ast::File& file) {
  file_ = file.file_id;
  for (const ast::Declaration& d : file.declarations) {
    const auto* r = as<ast::RecordDecl>(d);
    if (r == nullptr) continue;
    // The first record of this name; a duplicate was already reported and is checked in place.
    RecordDef* def = nullptr;
    for (RecordDef& candidate : module_.records) {
      if (candidate.name == r->name.name && candidate.fields.empty()) {
        def = &candidate;
        break;
      }
    }
    if (def == nullptr) continue;
    Scope no_names;
    for (const ast::FieldDecl& f : r->fields) {
      if (def->find(f.name.name)) {
        error("D0204", range(f.name), fmt::format("record {} has two fields named `{}`", def->name, f.name.name),
              "rename or remove one");
        continue;
      }
      RecordField field{f.name.name, resolve_type(f.type), {}};
      if (index_) {
        const std::uint32_t record = index_->symbol_of(def);
        index_->add_child(def, index_->declare(SymbolKind::field, field.name, record, field.type, range(f.name), range(f)));
      }
      if (f.default_value) {
        ir::ExprPtr e = check_expr(*f.default_value, no_names, field.type);
        if (expect_type(*e, field.type, fmt::format("the default of `{}`", field.name))) {
          field.default_value = constant_value(*e, fmt::format("the default of `{}`", field.name));
          if (field.type.kind() == TypeKind::number && field.default_value.holds<std::int64_t>()) {
            field.default_value = Value(field.default_value.as_number());
          }
        }
      }
      def->fields.push_back(std::move(field));
    }
  }
}

void Checker::index_params(std::uint32_t owner, const std::vector<ast::Param>& params,
                           const std::vector<ir::Param>& checked) {
  if (index_ == nullptr) return;
  for (std::size_t i = 0; i < params.size() && i < checked.size(); ++i) {
    index_->add_param(owner, index_->declare(SymbolKind::parameter, params[i].name.name, owner, checked[i].type,
                                             range(params[i].name), range(params[i])));
  }
}

std::vector<ir::Param> Checker::check_params(const std::vector<ast::Param>& params, std::string_view what) {
  std::vector<ir::Param> out;
  for (const ast::Param& p : params) {
    for (const ir::Param& seen : out) {
      if (seen.name == p.name.name) {
        error("D0204", range(p.name), fmt::format("{} has two parameters named `{}`", what, p.name.name),
              "rename one");
      }
    }
    out.push_back({p.name.name, resolve_type(p.type), range(p)});
  }
  return out;
}

void Checker::declare_decisions(const ast::File& file) {
  file_ = file.file_id;
  for (const ast::Declaration& d : file.declarations) {
    if (const auto* td = as<ast::TableDecl>(d)) {
      claim_name(td->name.name, range(td->name), "table");
      if (index_) {
        index_->set_decision(module_.decisions.size(), index_->declare(SymbolKind::table, td->name.name, kNoSymbol,
                                                                       Type::error(), range(td->name), range(*td)));
      }
      declare_table(*td, module_.decisions.emplace_back());
      continue;
    }
    const auto* dd = as<ast::DecisionDecl>(d);
    if (dd == nullptr) continue;
    claim_name(dd->name.name, range(dd->name), "decision");
    const std::uint32_t symbol =
        index_ ? index_->declare(SymbolKind::decision, dd->name.name, kNoSymbol, Type::error(), range(dd->name), range(*dd))
               : kNoSymbol;
    if (index_) index_->set_decision(module_.decisions.size(), symbol);
    ir::Decision& out = module_.decisions.emplace_back();
    out.name = dd->name.name;
    out.params = check_params(dd->params, fmt::format("decision `{}`", out.name));
    index_params(symbol, dd->params, out.params);
    out.result = resolve_type(dd->result);
    if (index_) index_->set_type(symbol, out.result);
    out.range = range(dd->name);
  }
}

void Checker::check_decision_body(const ast::DecisionDecl& d, ir::Decision& out) {
  if (d.hit.name != "first") {
    error("D0401", range(d.hit), fmt::format("a rule list cannot use hit policy `{}`", d.hit.name),
          "a rule list uses `hit first`: the first rule that holds gives the answer; write a `table` for other policies");
  }
  std::vector<bool> used(out.params.size(), false);
  Scope scope{&out.params, nullptr, &used, index_ && current_decision_ ? index_->decision(*current_decision_) : kNoSymbol};
  for (const ast::RuleDecl& r : d.rules) {
    ir::Rule rule;
    if (r.label) rule.label = r.label->value;
    rule.range = range(r);
    rule.condition = check_expr(r.condition, scope);
    // A condition that is none does not hold (DMN): `rule when fee > 10 then ...` with `fee: number or none`.
    if (!(rule.condition->type.may_be_none() && rule.condition->type.kind() == TypeKind::boolean)) {
      expect_type(*rule.condition, Type::boolean(), "a rule's condition");
    }
    const std::vector<std::vector<std::uint32_t>> narrowed = narrowed_paths(*rule.condition);
    Scope answer_scope = scope;
    answer_scope.narrowed = &narrowed;
    rule.result = check_expr(r.result, answer_scope, out.result);
    expect_type(*rule.result, out.result, fmt::format("the answer of decision `{}`", out.name));
    out.rules.push_back(std::move(rule));
  }
  if (d.otherwise) {
    out.otherwise = check_expr(*d.otherwise, scope, out.result);
    expect_type(*out.otherwise, out.result, fmt::format("the answer of decision `{}`", out.name));
  } else {
    error("D0402", range(d.name), fmt::format("decision `{}` has no `otherwise`", out.name),
          "add `otherwise <answer>` as its last line, so that every input gets an answer");
  }
  warn_unused_params(out.params, used, fmt::format("decision `{}`", out.name));
}

std::optional<std::uint32_t> Checker::find_decision(std::string_view name) const {
  for (std::size_t i = 0; i < module_.decisions.size(); ++i) {
    if (module_.decisions[i].name == name) return static_cast<std::uint32_t>(i);
  }
  return std::nullopt;
}

void Checker::note_call(std::uint32_t callee) {
  if (current_decision_ && *current_decision_ < calls_.size()) calls_[*current_decision_].push_back(callee);
}

void Checker::check_call_cycles() {
  // Depth-first search with colours, on an explicit stack (a chain of 100,000 decisions must not
  // overflow the machine's): `path` is the grey path, `next[k]` the next callee of path[k] to visit.
  enum class Colour { white, grey, black };
  std::vector<Colour> colour(calls_.size(), Colour::white);
  std::vector<std::uint32_t> path;
  std::vector<std::size_t> next;
  for (std::uint32_t root = 0; root < calls_.size(); ++root) {
    if (colour[root] != Colour::white) continue;
    colour[root] = Colour::grey;
    path.assign(1, root);
    next.assign(1, 0);
    while (!path.empty()) {
      const std::uint32_t d = path.back();
      if (next.back() == calls_[d].size()) {
        colour[d] = Colour::black;
        path.pop_back();
        next.pop_back();
        continue;
      }
      const std::uint32_t callee = calls_[d][next.back()++];
      if (colour[callee] == Colour::grey) {
        std::string cycle;
        auto from = std::find(path.begin(), path.end(), callee);
        for (auto it = from; it != path.end(); ++it) cycle += module_.decisions[*it].name + " -> ";
        cycle += module_.decisions[callee].name;
        error("D0309", module_.decisions[callee].range, fmt::format("decisions call each other in a cycle: {}", cycle),
              "a decision may not depend on itself; break the cycle");
      } else if (colour[callee] == Colour::white) {
        colour[callee] = Colour::grey;
        path.push_back(callee);
        next.push_back(0);
      }
    }
  }
}

}  // namespace docket::dsl
