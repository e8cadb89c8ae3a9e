// The checker: resolves names and types in the parsed files and builds core's ir::Module.
//
// It runs in passes so that declaration order never matters: types, then decision signatures,
// then bodies. Every mistake is a diagnostic; checking goes on after one, using the error type
// to avoid a cascade of follow-on errors.
#pragma once

#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "docket/core/diagnostic.hpp"
#include "docket/core/functions.hpp"
#include "docket/core/ir.hpp"
#include "check/index_builder.hpp"
#include "parse/ast.hpp"

namespace docket::dsl {

// What names mean inside one decision or workflow body.
// "an int", "a number", "an Area": for messages.
std::string with_article(const std::string& noun);

// Where check_assignee writes: the assignee fields of a step or of an SLA action.
struct AssigneeRefs {
  ir::AssigneeKind& kind;
  ir::ExprPtr& role;
  std::string& action;
  std::vector<ir::ExprPtr>& args;
};

// `site.schedule_meter(app.id)` or `meter_install(app)`: a possibly dotted name called with
// arguments. False for any other expression.
bool split_call(const ast::Expr& target, std::string& name, const ast::CallArgs*& args);

// Whether a value of type `from` may stand where `to` is wanted (the same type; an int for a number;
// an error type either side, already reported).
bool assignable(Type from, Type to);
// Whether values of type `t` have an order (`<`, `min`, `max`): numbers, texts, durations, times,
// dates and times of day. Two values are ordered against each other when both are numbers or their
// types are equal.
bool orderable(Type t);
// The operator written `op_text` ("==", "and", "**").
ir::BinaryOp binary_op_of(const std::string& op_text);

// The parsed files of one program, checked together (the files stay where their parser left them).
using FileRefs = std::vector<std::reference_wrapper<const ast::File>>;

struct Scope {
  const std::vector<ir::Param>* params = nullptr;
  const ir::Workflow* workflow = nullptr;  // set inside a workflow: step outcomes are visible
  std::vector<bool>* params_used = nullptr;  // marked as parameters are read (unused → warning)
  std::uint32_t owner = kNoSymbol;           // the decision, table or workflow (symbol index only)
  // Inside a rule's answer: the parameters and field paths (parameter index, then field indexes) its
  // condition tested `!= none`, read there as definite (`rule when l.fee != none then l.fee * 2`).
  const std::vector<std::vector<std::uint32_t>>* narrowed = nullptr;
};

// The paths a condition proves not none: the `P != none` terms of its `and`s (docs/language.md "No value: none").
std::vector<std::vector<std::uint32_t>> narrowed_paths(const ir::Expr& condition);
// The path (parameter index, then field indexes) an expression reads, when it is a parameter or its fields.
std::optional<std::vector<std::uint32_t>> path_of_expr(const ir::Expr& e);

class Checker {
 public:
  Checker(const SourceSet& sources, const FunctionRegistry& functions, Diagnostics& diagnostics);

  void check(const FileRefs& files);
  ir::Module take_module() { return std::move(module_); }
  // Records symbols and occurrences into `index` while checking (dsl::analyze); null: none.
  void set_index(IndexBuilder* index) { index_ = index; }
  // Lets check() free each decision's and table's rules and rows once they are checked (the files
  // must be the ones passed to check(), in the same order): compile() owns its trees and needs only
  // the module, and a 200,000-line program's syntax tree is as big as its IR.
  void release_bodies(std::vector<ast::File>* files) { owned_files_ = files; }

  // ---- used by the per-construct files ----
  SourceRange range(const ast::Located& node) const { return {file_, node.begin, node.end}; }
  // The name at the end of a declaration such as `module customers`.
  SourceRange name_range(const ast::Located& decl, const std::string& name) const;
  void error(std::string code, SourceRange where, std::string message, std::string hint = {});
  void warning(std::string code, SourceRange where, std::string message, std::string hint = {});

  Type resolve_type(const ast::TypeRef& ref);
  // Checks an expression; `expected` (may be error) lets bare enum members resolve.
  ir::ExprPtr check_expr(const ast::Expr& e, const Scope& scope, Type expected = Type::error());
  ir::ExprPtr check_list_value(const ast::ListValue& l, const Scope& scope, Type expected);
  ir::ExprPtr check_record_value(const ast::RecordValue& v, const Scope& scope);
  // `l OP r` with both operands checked, OP as written ("+", "and"): typed, or D0303/D0313 (check_binary.cpp).
  ir::ExprPtr check_binary(const std::string& op_text, ir::ExprPtr l, ir::ExprPtr r);
  // A call of a built-in function whose arguments are checked (check_builtin.cpp).
  ir::ExprPtr check_builtin(ir::Builtin fn, std::vector<ir::ExprPtr> args, SourceRange args_range, SourceRange where);
  // Checks that `e` has type `want` (int widens to number); reports D0303 otherwise.
  bool expect_type(const ir::Expr& e, Type want, std::string_view what);
  // Evaluates a constant literal expression (for defaults and `within`), or reports an error.
  Value constant_value(const ir::Expr& e, std::string_view what);

  const std::deque<EnumDef>& module_enums() const { return module_.enums; }
  const EnumDef* find_enum(std::string_view name) const { return module_.find_enum(name); }
  const RecordDef* find_record(std::string_view name) const { return module_.find_record(name); }
  const std::deque<RecordDef>& module_records() const { return module_.records; }
  Type list_of(Type element) { return module_.list_of(element); }
  const std::vector<ir::Decision>& module_decisions() const { return module_.decisions; }
  std::optional<std::uint32_t> find_decision(std::string_view name) const;
  const FunctionRegistry& functions() const { return functions_; }
  // Records that a declared enum or record is used (unused ones get a warning).
  void note_type_use(Type t);
  // Warns about parameters of `what` that nothing reads.
  void warn_unused_params(const std::vector<ir::Param>& params, const std::vector<bool>& used, std::string_view what);
  // The source text of a range, e.g. a table column's header `c.voltage_kv`.
  std::string source_text(SourceRange r) const;
  // Reports a declaration of another module that the current file uses without importing it
  // (D0206), and marks the import that makes it visible as used.
  void note_visible(const std::string& name, SourceRange where);
  // Records that the decision being checked calls decision `callee` (for the cycle check).
  void note_call(std::uint32_t callee);
  // The symbol index being filled, or null (plain compile()).
  IndexBuilder* index() const { return index_; }
  // The index of workflow `w` in the module (it is checked in place there).
  std::size_t workflow_index(const ir::Workflow& w) const {
    return static_cast<std::size_t>(&w - module_.workflows.data());
  }

 private:
  ir::ExprPtr check_definite_builtin(ir::Builtin fn, std::vector<ir::ExprPtr> args, SourceRange args_range,
                                     SourceRange where);
  void declare_modules(const FileRefs& files);
  void release_body(ast::Declaration& d);  // frees a checked decision's rules or a table's rows
  void warn_unused_imports();
  void declare_types(const ast::File& file);
  void define_records(const ast::File& file);
  void declare_decisions(const ast::File& file);
  void check_decisions(const ast::File& file);
  void check_workflows(const ast::File& file);
  void check_decision_body(const ast::DecisionDecl& d, ir::Decision& out);
  void declare_table(const ast::TableDecl& t, ir::Decision& out);
  void check_table_body(const ast::TableDecl& t, ir::Decision& out);
  void check_table_otherwise(const ast::TableDecl& t, ir::Decision& out, Scope& scope);
  ir::Cell check_cell(const ast::CellDecl& c, const ir::InputColumn& column, const Scope& scope);
  void report_table_findings(const ir::Decision& table);
  void check_workflow(const ast::WorkflowDecl& w, ir::Workflow& out);
  void check_flow(const ast::FlowDecl& flow, ir::Workflow& out, std::vector<bool>& used);
  // `role EXPR` (a text) or `action name(args)`, for steps and SLA actions.
  void check_assignee(const std::string& kind, const ast::Expr& target, SourceRange where, const Scope& scope,
                      AssigneeRefs out);
  void check_sla(const ast::SlaDecl& sla, ir::Workflow& out, const Scope& scope);
  // `repeat every D for D` / `repeat every D times N` (check_repeat.cpp).
  void check_repeat(const ast::RepeatDecl& decl, ir::Workflow& out, const Scope& scope);
  // `target N workdays by HH:MM`: the minute of the day (D0524 when it cannot be one).
  std::uint16_t check_sla_by(const ast::SlaItem& item, const ir::Expr& target, const ir::Workflow& w);
  // One rung of the escalation ladder (`breach -> ...`, `breach after D -> ...`).
  void check_sla_breach(const ast::SlaItem& item, ir::Sla& sla, const Scope& scope);
  std::optional<std::uint32_t> sla_node(const ast::Identifier& id, const ir::Workflow& w, std::string_view role);
  ir::SlaAction check_sla_action(const ast::SlaAction& a, const Scope& scope);
  void check_flow_shape(ir::Workflow& out);
  void check_parallel(const ir::Node& node, const std::vector<const ir::Edge*>& outgoing);
  void check_flow_graph(const ir::Workflow& out, bool check_ends);
  void check_call_cycles();
  void check_tests(const ast::File& file);
  void check_test(const ast::TestDecl& t, ir::Test& out);
  void check_test_outcomes(const ast::TestStep& s, const ir::Node& node, ir::TestStep& step, std::uint32_t node_symbol);
  std::vector<ir::Param> check_params(const std::vector<ast::Param>& params, std::string_view what);
  bool claim_name(const std::string& name, SourceRange where, std::string_view kind);

  const SourceSet& sources_;
  const FunctionRegistry& functions_;
  Diagnostics& diagnostics_;
  ir::Module module_;
  std::uint32_t file_ = 0;                       // the file being checked
  std::map<std::string, SourceRange> globals_;   // every top-level name and where it was declared
  std::set<std::string> duplicates_;               // names declared more than once (D0202)
  std::map<std::string, std::string> owners_;    // every top-level name and the module declaring it
  struct FileModules {
    std::string module;                             // `module NAME` of the file ("main" without one)
    std::map<std::string, SourceRange> imports;     // module name -> where the file imports it
    std::set<std::string> used_imports;
  };
  std::map<std::uint32_t, FileModules> files_;    // by file id
  std::map<std::string, SourceRange> test_names_;
  std::set<const void*> used_types_;              // enums and records something refers to
  void warn_unused_types();
  std::size_t expr_level_ = 0;                      // check_expr calls under way (0: outside any expression)
  std::optional<std::uint32_t> current_decision_;   // set while checking a decision body
  std::vector<std::vector<std::uint32_t>> calls_;    // decision -> decisions it calls
  IndexBuilder* index_ = nullptr;
  std::vector<ast::File>* owned_files_ = nullptr;  // release_bodies()
  // Symbol index: the action a `by action` target names (`call`: it is written as a call to `called`).
  void note_action(const ast::Expr& target, const std::string& called, bool call);
  // Symbol index: declares the parameters of `owner` (one per checked parameter, in order).
  void index_params(std::uint32_t owner, const std::vector<ast::Param>& params, const std::vector<ir::Param>& checked);
};

}  // namespace docket::dsl
