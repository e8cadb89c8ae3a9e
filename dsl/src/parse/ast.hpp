// The syntax tree of a .dkt file as parsed: positions as byte offsets, nothing resolved yet.
//
// Private to dsl/ (it uses Spirit X3's variant). The checker turns it into docket::ir.
#pragma once

#include <boost/optional.hpp>
#include <boost/spirit/home/x3/support/ast/variant.hpp>
#include <cstdint>
#include <string>
#include <type_traits>
#include <vector>

namespace docket::dsl::ast {

namespace x3 = boost::spirit::x3;

// Every node that diagnostics can point at records its byte range in the file.
struct Located {
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
};

struct Identifier : Located {
  std::string name;
};

// ---- expressions -------------------------------------------------------------------------

struct Nil {};
struct BoolLit : Located {
  std::string word;  // "true" or "false"
  bool value() const { return word == "true"; }
};
struct IntLit : Located {
  std::int64_t value = 0;
};
struct NumberLit : Located {
  double value = 0;
};
struct TextLit : Located {
  std::string value;
};
struct DurationLit : Located {
  std::int64_t amount = 0;
  std::string unit;  // min, h, s, d, workday(s), workhour(s), month(s)
};
struct NameRef : Located {
  std::string name;
};
// `2025-09-26T16:00 Asia/Shanghai`: the local date and time as written, and the zone (an IANA
// name, `Z`, or an offset such as `+08:00`).
struct TimeLit : Located {
  std::string stamp;
  std::string zone;
};
// A date or a time of day without a zone, as written: `2018-07-30`, `16:30`, `16:30:15`.
struct CivilLit : Located {
  std::string text;
};

struct Unary;
struct Chain;
struct Postfix;
struct ListLit;
struct RangeLit;
struct ListValue;
struct RecordValue;

using Expr = x3::variant<Nil, BoolLit, IntLit, NumberLit, TextLit, DurationLit, NameRef, TimeLit, CivilLit,
                         x3::forward_ast<Unary>, x3::forward_ast<Chain>, x3::forward_ast<Postfix>,
                         x3::forward_ast<ListLit>, x3::forward_ast<RangeLit>, x3::forward_ast<ListValue>,
                         x3::forward_ast<RecordValue>>;

// `[a, b]`: a list value anywhere an expression goes (`[]` where the list's type is known).
struct ListValue : Located {
  std::vector<Expr> items;
};

// `name: value` inside a record value.
struct FieldValue : Located {
  Identifier name;
  Expr value;
};

// `Customer { id: "C1", area: rural }`: fields by name; the others take their defaults.
struct RecordValue : Located {
  Identifier type;
  std::vector<FieldValue> fields;
};

// `(a, b, c)` after `in`.
struct ListLit : Located {
  std::vector<Expr> items;
};

// `[90..95)` after `in`: brackets close the end, parentheses leave it open.
struct RangeLit : Located {
  std::string open;
  Expr low;
  Expr high;
  std::string close;
};

struct Unary : Located {
  std::string op;  // "not" or "-"
  Expr operand;
};

// first op1 x1 op2 x2 ...: one precedence level, folded left by the checker. Never empty: a level
// whose operand no operator follows passes the operand up as it is (likewise a Postfix has ops).
struct ChainLink : Located {
  std::string op;
  Expr operand;
};
struct Chain : Located {
  Expr first;
  std::vector<ChainLink> rest;
};

struct FieldAccess : Located {
  std::string name;
};
struct CallArgs : Located {
  std::vector<Expr> args;
};
using PostfixOp = x3::variant<FieldAccess, CallArgs>;
struct Postfix : Located {
  Expr base;
  std::vector<PostfixOp> ops;
};

// Whether an optional expression was left out.
inline bool is_nil(const Expr& e) { return e.get().which() == 0; }

// Where an expression starts in the file (0 for Nil), and where a postfix operation ends.
inline std::uint32_t begin_of(const Expr& e) {
  return boost::apply_visitor(
      [](const auto& node) -> std::uint32_t {
        using T = std::decay_t<decltype(node)>;
        if constexpr (std::is_same_v<T, Nil>) {
          return 0;
        } else if constexpr (std::is_base_of_v<Located, T>) {
          return node.begin;
        } else {
          return node.get().begin;
        }
      },
      e);
}
inline std::uint32_t end_of(const PostfixOp& op) {
  return boost::apply_visitor([](const auto& node) -> std::uint32_t { return node.end; }, op);
}

// ---- declarations ------------------------------------------------------------------------

struct TypeRef : Located {
  std::string name;
};

struct ModuleDecl : Located {
  std::string name;
};

// `import customers`: the file may use the declarations of module `customers`.
struct ImportDecl : Located {
  std::string name;
};

struct EnumDecl : Located {
  Identifier name;
  std::vector<Identifier> members;
};

struct FieldDecl : Located {
  Identifier name;
  TypeRef type;
  boost::optional<Expr> default_value;
};

struct RecordDecl : Located {
  Identifier name;
  std::vector<FieldDecl> fields;
};

struct Param : Located {
  Identifier name;
  TypeRef type;
};

struct RuleDecl : Located {
  boost::optional<TextLit> label;
  Expr condition;
  Expr result;
};

struct DecisionDecl : Located {
  Identifier name;
  std::vector<Param> params;
  TypeRef result;
  Identifier hit;
  std::vector<RuleDecl> rules;
  boost::optional<Expr> otherwise;
};

// ---- decision tables ---------------------------------------------------------------------

// `-> Type` (one output) or `-> (name: Type, ...)` (several).
struct TableResult : Located {
  std::vector<Param> outputs;  // several outputs; empty for one
  TypeRef single;              // one output; empty name for several
};

// `| c.voltage_kv | c.area || segment | limit |`
struct TableHeader : Located {
  std::vector<Expr> inputs;
  std::vector<Identifier> outputs;
};

// One test of an input entry: `>= 95`, `[90..95)`, or a value (`rural`, `"critical"`, `5`).
struct CellTest : Located {
  std::string kind;            // "compare", "range", "value"
  std::string op;              // compare: "==", "!=", "<", "<=", ">", ">="; range: the opening bracket
  std::vector<Expr> operands;  // compare: 1; range: 2; value: 1
  std::string close;           // range: the closing bracket
};

// One input entry: `-`, or tests separated by commas, any of which may hold (`rural, remote`,
// `< 18, >= 60`), or such a list inside `not(...)`, which holds when none of them does.
struct CellDecl : Located {
  std::string kind;              // "any", "tests" or "not"
  std::vector<CellTest> tests;   // empty for "any"
};

struct RowDecl : Located {
  std::vector<CellDecl> inputs;
  std::vector<Expr> outputs;
};

struct TableDecl : Located {
  Identifier name;
  std::vector<Param> params;
  TableResult result;
  std::vector<Identifier> hit;   // "collect", "sum": the words of the hit policy
  TableHeader header;
  std::vector<RowDecl> rows;
  // `otherwise 0` (one output) or `otherwise 7 workdays, 4` (one per output, in header order): the
  // answer when no row matches (DMN's default output entries); empty when the table has none.
  std::vector<Expr> otherwise;
};

// `label "..."` or `calendar "..."` inside a workflow.
struct Setting : Located {
  std::string key;
  TextLit value;
};

struct Assignee : Located {
  std::string kind;  // "role" or "action"
  Expr target;       // a text expression for a role, a call for an action
};

// `step`, `wait`, `parallel` or `join`.
struct NodeDecl : Located {
  std::string kind;
  Identifier name;
  boost::optional<TextLit> label;
  boost::optional<Assignee> by;
  boost::optional<Expr> within;
  std::vector<Param> outcomes;
};

struct EndDecl : Located {
  std::string keyword;  // "end"
  std::vector<Identifier> names;
};

// `when EXPR`, `otherwise`, or `on EVENT` after a chain of arrows.
struct Guard : Located {
  std::string kind;
  Expr condition;    // when
  Identifier event;  // on
};

struct FlowChain : Located {
  std::vector<Identifier> nodes;
  boost::optional<Guard> guard;
};

struct FlowDecl : Located {
  std::string keyword;  // "flow"
  std::vector<FlowChain> chains;
};

// `notify role "team_lead"`, `escalate level 2 to role "district_manager"`,
// `supervise action sms.send(app.id)`.
struct SlaAction : Located {
  std::string verb;                     // notify, supervise, escalate
  boost::optional<std::int64_t> level;  // escalate level N
  std::string kind;                     // "role" or "action"
  Expr target;
};

// One line of an `sla` block. Which members are set depends on `kind`:
//   target EXPR [by HH:MM]           value, unit (the time of day, when given)
//   from NODE until NODE, ...        nodes (the first is the start)
//   pause while NODE, ...            nodes
//   cancel at NODE, ...              nodes
//   reset at NODE, ...               nodes
//   warn at 50% -> ACTION            value (an int), unit "%", action
//   warn at 2h before -> ACTION      value (a duration), unit "before", action
//   breach -> ACTION                 action
//   breach after EXPR -> ACTION      value (a duration), unit "after", action
struct SlaItem : Located {
  std::string kind;
  Expr value;
  std::string unit;
  std::vector<Identifier> nodes;
  boost::optional<SlaAction> action;
};

struct SlaDecl : Located {
  std::string keyword;  // "sla"
  Identifier name;
  std::vector<SlaItem> items;
};

// `repeat every EXPR for EXPR` or `repeat every EXPR times EXPR` inside a workflow.
struct RepeatDecl : Located {
  std::string keyword;  // "repeat"
  Expr every;
  std::string bound;    // "for" or "times"
  Expr limit;
};

using WorkflowItem = x3::variant<Setting, SlaDecl, NodeDecl, EndDecl, FlowDecl, RepeatDecl>;

struct WorkflowDecl : Located {
  Identifier name;
  std::vector<Param> params;
  std::vector<WorkflowItem> items;
};

// One line of a `test` block. Which members are set depends on `verb` and `what`:
//   expect EXPR                            value (a bool)
//   expect active NODE, ...                what "active", names
//   expect ended END                       what "ended", names (one)
//   expect escalated [SLA] level N [at T]  what "escalated", names (none or the SLA), value (an int), when
//   expect due|warned|breached SLA at T    what "due"/"warned"/"breached", names (the SLA), when
//   expect action NAME [to role R] [at T]  what "action", names (the dotted name's parts), role, when
//   at TIME                                value
//   start WORKFLOW(args)                   value (a call)
//   complete STEP [with o: v]              names (one), outcomes
//   signal EVENT                           names (one)
//   advance DURATION                       value
//   advance to TIME                        what "to", value
// Expressions not given are Nil.
struct TestStep : Located {
  std::string verb;
  std::string what;
  std::vector<Identifier> names;
  Expr value;
  std::vector<FieldValue> outcomes;
  Expr role;
  Expr when;
};

// `test "name" { ... }`: an analyst's example, run by `docket test`.
struct TestDecl : Located {
  TextLit name;
  std::vector<TestStep> steps;
};

using Declaration = x3::variant<ModuleDecl, ImportDecl, EnumDecl, RecordDecl, DecisionDecl, TableDecl, WorkflowDecl,
                                TestDecl>;

// One parsed file: its id in the SourceSet and its declarations in order.
struct File {
  std::uint32_t file_id = 0;
  std::vector<Declaration> declarations;
  // With line recovery (editors): declarations that parsed only after their broken lines were
  // blanked out, as byte ranges. Their syntax errors are reported; the rest of them is kept.
  std::vector<Located> repaired;
};

}  // namespace docket::dsl::ast
