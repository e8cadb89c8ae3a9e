// The .dkt grammar in Spirit X3: rule bodies and BOOST_SPIRIT_DEFINE (included by grammar.cpp only).
#pragma once

#include <boost/spirit/home/x3.hpp>
#include <type_traits>

#include "parse/ast.hpp"
#include "parse/ast_adapted.hpp"
#include "parse/config.hpp"
#include "parse/reserved_words.hpp"

namespace docket::dsl::parser {

// ASCII letters and digits as explicit sets: see the skipper in config.hpp for why.
inline const auto alnum = x3::char_("a-zA-Z0-9");
inline const auto alpha = x3::char_("a-zA-Z");
using x3::attr;
using x3::char_;
using x3::lexeme;
using x3::lit;

// Rule classes mix this in: on success, the node records its byte range in the file.
struct annotate_position {
  template <typename Iterator, typename Attribute, typename Context>
  void on_success(Iterator const& first, Iterator const& last, Attribute& node, Context const& context) {
    if constexpr (std::is_base_of_v<ast::Located, Attribute>) {
      const PositionBase& base = x3::get<position_base_tag>(context).get();
      node.begin = static_cast<std::uint32_t>(first - base.begin);
      node.end = static_cast<std::uint32_t>(last - base.begin);
    }
  }
};

// `nest[p]`: p is an expression inside an expression. Counts the levels in the PositionBase and
// throws NestingTooDeep past kMaxParseNesting, so that 10,000 `(` give a diagnostic, not a stack
// overflow. The count is restored when p returns or fails, so backtracking keeps it right.
template <typename Subject>
struct nest_directive : x3::unary_parser<Subject, nest_directive<Subject>> {
  using base_type = x3::unary_parser<Subject, nest_directive<Subject>>;
  static bool const is_pass_through_unary = true;
  static bool const handles_container = Subject::handles_container;
  constexpr explicit nest_directive(Subject const& inner) : base_type(inner) {}

  template <typename Iterator, typename Context, typename RContext, typename Attribute>
  bool parse(Iterator& first, Iterator const& last, Context const& context, RContext& rcontext, Attribute& out) const {
    PositionBase& base = x3::get<position_base_tag>(context).get();
    if (base.nesting >= kMaxParseNesting) {
      Iterator at = first;
      x3::skip_over(at, last, context);
      throw NestingTooDeep{at};
    }
    ++base.nesting;
    struct Leave {
      std::size_t& nesting;
      ~Leave() { --nesting; }
    } leave{base.nesting};
    return this->subject.parse(first, last, context, rcontext, out);
  }
};
struct nest_gen {
  template <typename Subject>
  constexpr nest_directive<typename x3::extension::as_parser<Subject>::value_type> operator[](Subject const& s) const {
    return nest_directive<typename x3::extension::as_parser<Subject>::value_type>(x3::as_parser(s));
  }
};
inline constexpr nest_gen nest{};

// `range_ahead`: looks (without consuming) at a `(` or `[` and succeeds when `..` follows at its
// own bracket level before it closes. Ranges and lists both start with a bracket and an
// expression; without this look, `x in (x in (x in ...))` parsed each level twice (2^n).
struct range_ahead_parser : x3::parser<range_ahead_parser> {
  using attribute_type = x3::unused_type;
  static bool const has_attribute = false;

  template <typename Iterator, typename Context, typename RContext, typename Attribute>
  bool parse(Iterator& first, Iterator const& last, Context const& context, RContext&, Attribute&) const {
    Iterator p = first;
    x3::skip_over(p, last, context);
    if (p == last || (*p != '(' && *p != '[')) return false;
    std::size_t depth = 0;
    for (; p != last; ++p) {
      const char c = *p;
      if (c == '"') {  // a text: to its closing quote (escapes skipped) or the end of the line
        for (++p; p != last && *p != '"' && *p != '\n'; ++p) {
          if (*p == '\\' && p + 1 != last) ++p;
        }
        if (p == last) return false;
      } else if (c == '#') {  // a comment: to the end of the line
        while (p + 1 != last && p[1] != '\n') ++p;
      } else if (c == '(' || c == '[' || c == '{') {
        ++depth;
      } else if (c == ')' || c == ']' || c == '}') {
        if (--depth == 0) return false;
      } else if (c == '.' && depth == 1 && p + 1 != last && p[1] == '.') {
        return true;
      }
    }
    return false;
  }
};
inline constexpr range_ahead_parser range_ahead{};

// ---- words -------------------------------------------------------------------------------

inline const auto word_end = !(alnum | char_('_'));

struct keyword_symbols : x3::symbols<x3::unused_type> {
  keyword_symbols() {
    for (const char* k : kReservedWords) add(k);
  }
};
inline const keyword_symbols keywords;

struct keyword_class;
// A whole word with no attribute; named after the word so errors say "expected `then`". Whether
// the word is reserved is decided by `keywords` above, not here.
inline auto kw(const char* word) { return x3::rule<keyword_class>{word} = lexeme[lit(word) >> word_end]; }
// A reserved word whose text is the attribute.
inline auto kw_str(const char* word) {
  return x3::rule<keyword_class, std::string>{word} = lexeme[x3::string(word) >> word_end];
}

// ---- rule declarations -------------------------------------------------------------------

#define DOCKET_RULE(name, attribute, description)            \
  struct name##_class : annotate_position {};                \
  const x3::rule<name##_class, attribute> name = description;

DOCKET_RULE(name_string, std::string, "a name")
DOCKET_RULE(identifier, ast::Identifier, "a name")
DOCKET_RULE(type_ref, ast::TypeRef, "a type name")
DOCKET_RULE(text_string, std::string, "a text in double quotes")
DOCKET_RULE(text_lit, ast::TextLit, "a text in double quotes")
DOCKET_RULE(bool_lit, ast::BoolLit, "true or false")
DOCKET_RULE(int_lit, ast::IntLit, "a whole number")
DOCKET_RULE(number_lit, ast::NumberLit, "a number")
DOCKET_RULE(duration_lit, ast::DurationLit, "a duration")
DOCKET_RULE(name_ref, ast::NameRef, "a name")
DOCKET_RULE(none_lit, ast::NameRef, "none")
DOCKET_RULE(time_stamp, std::string, "a date and time such as `2025-09-26T16:00`")
DOCKET_RULE(time_zone, std::string, "a time zone such as `Asia/Shanghai`, `+08:00` or `Z`")
DOCKET_RULE(time_lit, ast::TimeLit, "a date and time such as `2025-09-26T16:00 Asia/Shanghai`")
DOCKET_RULE(civil_stamp, std::string, "a date such as `2018-07-30` or a time of day such as `16:30`")
DOCKET_RULE(civil_lit, ast::CivilLit, "a date such as `2018-07-30` or a time of day such as `16:30`")
DOCKET_RULE(list_value_items, std::vector<ast::Expr>, "a list such as `[a, b]`")
DOCKET_RULE(list_value, ast::ListValue, "a list such as `[a, b]`")
DOCKET_RULE(field_value, ast::FieldValue, "a field value (`name: value`)")
DOCKET_RULE(record_value, ast::RecordValue, "a record value such as `Customer { id: \"C1\" }`")
DOCKET_RULE(expr, ast::Expr, "an expression")
DOCKET_RULE(or_links, std::vector<ast::ChainLink>, "an expression")
DOCKET_RULE(and_links, std::vector<ast::ChainLink>, "an expression")
DOCKET_RULE(comparison_links, std::vector<ast::ChainLink>, "an expression")
DOCKET_RULE(additive_links, std::vector<ast::ChainLink>, "an expression")
DOCKET_RULE(multiplicative_links, std::vector<ast::ChainLink>, "an expression")
DOCKET_RULE(power_links, std::vector<ast::ChainLink>, "an expression")
DOCKET_RULE(postfix_ops, std::vector<ast::PostfixOp>, "a value")
DOCKET_RULE(or_expr, ast::Expr, "an expression")
DOCKET_RULE(or_link, ast::ChainLink, "an expression after `or`")
DOCKET_RULE(and_expr, ast::Expr, "an expression")
DOCKET_RULE(and_link, ast::ChainLink, "an expression after `and`")
DOCKET_RULE(not_expr, ast::Expr, "an expression")
DOCKET_RULE(unary_not, ast::Unary, "an expression after `not`")
DOCKET_RULE(comparison, ast::Expr, "an expression")
DOCKET_RULE(comparison_link, ast::ChainLink, "a value to compare with")
DOCKET_RULE(in_link, ast::ChainLink, "a list `(a, b)`, a range `[1..5)` or a list value after `in`")
DOCKET_RULE(in_rhs, ast::Expr, "a list `(a, b)`, a range `[1..5)` or a list value after `in`")
DOCKET_RULE(list_items, std::vector<ast::Expr>, "a list such as `(a, b)`")
DOCKET_RULE(list_lit, ast::ListLit, "a list such as `(a, b)`")
DOCKET_RULE(range_lit, ast::RangeLit, "a range such as `[90..95)`")
DOCKET_RULE(list_type, std::string, "`list of` a type")
DOCKET_RULE(additive, ast::Expr, "an expression")
DOCKET_RULE(additive_link, ast::ChainLink, "a value")
DOCKET_RULE(multiplicative, ast::Expr, "an expression")
DOCKET_RULE(multiplicative_link, ast::ChainLink, "a value")
DOCKET_RULE(power, ast::Expr, "an expression")
DOCKET_RULE(power_link, ast::ChainLink, "a value after `**`")
DOCKET_RULE(unary, ast::Expr, "a value")
DOCKET_RULE(negation, ast::Unary, "a value after `-`")
DOCKET_RULE(postfix, ast::Expr, "a value")
DOCKET_RULE(field_access, ast::FieldAccess, "a field name after `.`")
DOCKET_RULE(call_args, ast::CallArgs, "arguments in parentheses")
DOCKET_RULE(primary, ast::Expr, "a value (a number, text, name or parenthesised expression)")
DOCKET_RULE(module_decl, ast::ModuleDecl, "a module declaration")
DOCKET_RULE(import_decl, ast::ImportDecl, "an import (`import customers`)")
DOCKET_RULE(enum_decl, ast::EnumDecl, "an enum declaration")
DOCKET_RULE(field_decl, ast::FieldDecl, "a field (`name : type`)")
DOCKET_RULE(record_decl, ast::RecordDecl, "a record declaration")
DOCKET_RULE(param, ast::Param, "a parameter (`name : type`)")
DOCKET_RULE(rule_decl, ast::RuleDecl, "a rule")
DOCKET_RULE(decision_decl, ast::DecisionDecl, "a decision")
DOCKET_RULE(hit_word_string, std::string, "a hit policy such as `unique`, `first` or `collect sum`")
DOCKET_RULE(hit_word, ast::Identifier, "a hit policy such as `unique`, `first` or `collect sum`")
DOCKET_RULE(table_result, ast::TableResult, "the table's output type, or `(name: Type, ...)`")
DOCKET_RULE(table_header, ast::TableHeader, "the table's header row (`| input | ... || output |`)")
DOCKET_RULE(range_bounds, std::vector<ast::Expr>, "a range such as `[90..95)`")
DOCKET_RULE(cell_test, ast::CellTest, "a test (a value, `>= 95` or `[90..95)`)")
DOCKET_RULE(cell, ast::CellDecl, "a cell (`-`, a value, `>= 95`, `[90..95)`, `a, b` or `not(a, b)`)")
DOCKET_RULE(table_row, ast::RowDecl, "a table row (`| cell | ... || output |`)")
DOCKET_RULE(table_decl, ast::TableDecl, "a table")
DOCKET_RULE(setting, ast::Setting, "a workflow setting")
DOCKET_RULE(sla_action, ast::SlaAction, "what to do (`notify role ...`, `supervise role ...`, `escalate level N to role ...`)")
DOCKET_RULE(sla_nodes, std::vector<ast::Identifier>, "step names")
DOCKET_RULE(sla_span, std::vector<ast::Identifier>, "`from STEP until STEP`")
DOCKET_RULE(sla_item, ast::SlaItem, "an SLA line (target, from, pause, cancel, reset, warn or breach)")
DOCKET_RULE(sla_decl, ast::SlaDecl, "an SLA block")
DOCKET_RULE(assignee, ast::Assignee, "who does the step (`by role ...` or `by action ...`)")
DOCKET_RULE(node_decl, ast::NodeDecl, "a step, wait, parallel or join")
DOCKET_RULE(end_decl, ast::EndDecl, "end names")
DOCKET_RULE(guard, ast::Guard, "a guard")
DOCKET_RULE(node_path, std::vector<ast::Identifier>, "a flow (`a -> b`)")
DOCKET_RULE(flow_chain, ast::FlowChain, "a flow line (`a -> b`)")
DOCKET_RULE(flow_decl, ast::FlowDecl, "a flow block")
DOCKET_RULE(repeat_decl, ast::RepeatDecl, "`repeat every DURATION for DURATION` (or `times N`)")
DOCKET_RULE(workflow_item,
            ast::WorkflowItem, "a workflow item (label, calendar, repeat, sla, step, wait, parallel, join, end or flow)")
DOCKET_RULE(workflow_decl, ast::WorkflowDecl, "a workflow")
DOCKET_RULE(test_names, std::vector<ast::Identifier>, "step names")
DOCKET_RULE(test_outcomes, std::vector<ast::FieldValue>, "outcomes (`with feasible: true`)")
DOCKET_RULE(test_at, ast::Expr, "`at` and a time")
DOCKET_RULE(test_sla, ast::Identifier, "an SLA's name")
DOCKET_RULE(test_role, ast::Expr, "`to role` and a role")
DOCKET_RULE(test_step, ast::TestStep,
            "a test line (expect, at, start, complete, signal or advance)")
DOCKET_RULE(test_decl, ast::TestDecl, "a test")
DOCKET_RULE(declaration, ast::Declaration,
            "a declaration (module, import, enum, record, decision, table, workflow or test)")

#undef DOCKET_RULE

// ---- rule bodies -------------------------------------------------------------------------

inline const auto raw_name = lexeme[(alpha | char_('_')) >> *(alnum | char_('_'))];
inline const auto name_string_def = !lexeme[keywords >> word_end] >> raw_name;
inline const auto identifier_def = name_string;
// `list of text`: the attribute is the text as written, resolved by the checker.
// `time of day` is the one built-in type of several words (`time` alone is an instant).
struct time_of_day_type_class;
inline const auto time_of_day_type = x3::rule<time_of_day_type_class, std::string>{"`time of day`"} =
    x3::raw[kw("time") >> kw("of") >> kw("day")];
inline const auto list_type_def = x3::raw[kw("list") >> kw("of") >> (time_of_day_type | name_string)];
// `number or none`: a type whose values may also be none (the whole type: `list of int or none` is a
// list, or none).
struct type_text_class;
inline const auto type_text = x3::rule<type_text_class, std::string>{"a type name"} =
    x3::raw[(list_type | time_of_day_type | name_string) >> -(kw("or") >> kw("none"))];
inline const auto type_ref_def = type_text;

inline const auto escaped = lit('\\') >> (char_('"') | char_('\\') | (lit('n') >> attr('\n')) |
                                          (lit('t') >> attr('\t')));
inline const auto text_lit_def = text_string;
inline const auto text_string_def = lexeme['"' > *(escaped | (char_ - '"' - '\\' - x3::eol)) > '"'];
inline const auto bool_lit_def = kw_str("true") | kw_str("false");
inline const auto int_lit_def = lexeme[x3::int64 >> word_end];
// Digits on both sides of the point, so that `90..95` reads as a range and not as `90.` `.95`.
struct number_policies : x3::strict_real_policies<double> {
  static bool const allow_leading_dot = false;
  static bool const allow_trailing_dot = false;
};
inline const auto number_lit_def = lexeme[x3::real_parser<double, number_policies>{} >> word_end];
// Clock units are written against the number (`45min`, `24h`); business units and calendar
// months after a space (`5 workdays`, `2 months`), so that a record field named `d` after a
// number is never read as a unit (and `m` never has to choose between minutes and months).
inline const auto clock_unit = x3::string("min") | x3::string("h") | x3::string("s") | x3::string("d");
inline const auto business_unit = lexeme[(x3::string("workdays") | x3::string("workday") |
                                          x3::string("workhours") | x3::string("workhour") |
                                          x3::string("months") | x3::string("month")) >>
                                         word_end];
inline const auto duration_lit_def = lexeme[x3::int64 >> clock_unit >> word_end] | (x3::int64 >> business_unit);
inline const auto name_ref_def = name_string;
// Dates and times are one word (`2025-09-26T16:00`, seconds optional) followed by a zone: `Z`, an
// offset, or an IANA name after a space. The checker resolves the zone.
inline const auto digits2 = x3::repeat(2)[x3::char_("0-9")];
inline const auto digits4 = x3::repeat(4)[x3::char_("0-9")];
inline const auto time_stamp_def = x3::raw[lexeme[digits4 >> '-' >> digits2 >> '-' >> digits2 >> 'T' >> digits2 >> ':' >>
                                                  digits2 >> -(':' >> digits2) >> !x3::char_("0-9")]];
inline const auto zone_word = +(alnum | char_('_') | char_('-') | char_('+'));
inline const auto time_zone_def =
    x3::raw[lexeme[(char_('+') | char_('-')) >> digits2 >> ':' >> digits2 >> word_end]] |
    x3::raw[lexeme[alpha >> *(alnum | char_('_')) >> +('/' >> zone_word)]] |
    x3::raw[lexeme[(lit("UTC") | lit('Z')) >> word_end]];
inline const auto time_lit_def = time_stamp > time_zone;
// A date or a time of day without a zone is one word: `2018-07-30` (never 2018 minus 7 minus 30),
// `16:30`, `16:30:15`. The checker reads it.
inline const auto civil_end = !(alnum | char_('_') | char_(':'));
inline const auto civil_stamp_def =
    x3::raw[lexeme[digits4 >> '-' >> digits2 >> '-' >> digits2 >> civil_end]] |
    x3::raw[lexeme[digits2 >> ':' >> digits2 >> -(':' >> digits2) >> civil_end]];
inline const auto civil_lit_def = civil_stamp;
inline const auto list_value_items_def = '[' >> -(expr % ',') >> ']';
inline const auto list_value_def = list_value_items;
inline const auto field_value_def = identifier >> ':' > expr;
inline const auto record_value_def = identifier >> '{' > *(field_value >> -lit(',')) > '}';

// Each precedence level builds a Chain (or a Postfix) only when an operator follows its first
// operand; otherwise the operand passes up as it is. A literal used to cost five Chains and a
// Postfix on the heap; now it costs none.
inline const auto take_first = [](auto& ctx) { x3::_val(ctx) = std::move(x3::_attr(ctx)); };
inline const auto wrap_links = [](auto& ctx) {
  auto& links = x3::_attr(ctx);
  if (links.empty()) return;
  ast::Chain chain;
  chain.first = std::move(x3::_val(ctx));
  chain.begin = ast::begin_of(chain.first);
  chain.end = links.back().end;
  chain.rest = std::move(links);
  x3::_val(ctx) = std::move(chain);
};
inline const auto wrap_ops = [](auto& ctx) {
  auto& ops = x3::_attr(ctx);
  if (ops.empty()) return;
  ast::Postfix node;
  node.base = std::move(x3::_val(ctx));
  node.begin = ast::begin_of(node.base);
  node.end = ast::end_of(ops.back());
  node.ops = std::move(ops);
  x3::_val(ctx) = std::move(node);
};

inline const auto expr_def = nest[or_expr];
inline const auto or_expr_def = and_expr[take_first] >> or_links[wrap_links];
inline const auto or_links_def = *or_link;
inline const auto or_link_def = kw_str("or") > and_expr;
inline const auto and_expr_def = not_expr[take_first] >> and_links[wrap_links];
inline const auto and_links_def = *and_link;
inline const auto and_link_def = kw_str("and") > not_expr;
inline const auto not_expr_def = unary_not | comparison;
inline const auto unary_not_def = kw_str("not") > nest[not_expr];
inline const auto comparison_op = x3::string("==") | x3::string("!=") | x3::string("<=") |
                                  x3::string(">=") | x3::string("<") | x3::string(">");
inline const auto comparison_def = additive[take_first] >> comparison_links[wrap_links];
inline const auto comparison_links_def = *(comparison_link | in_link);
inline const auto in_link_def = kw_str("in") > in_rhs;
inline const auto in_rhs_def = range_lit | list_lit | additive;
inline const auto list_items_def = '(' >> (expr % ',') >> ')';
inline const auto list_lit_def = list_items;
inline const auto range_lit_def = &range_ahead >> (x3::string("[") | x3::string("(")) >> expr >> ".." > expr >
                                  (x3::string("]") | x3::string(")"));
inline const auto comparison_link_def = comparison_op > additive;
inline const auto additive_def = multiplicative[take_first] >> additive_links[wrap_links];
inline const auto additive_links_def = *additive_link;
inline const auto additive_link_def = (x3::string("+") | (x3::string("-") >> !lit('>'))) > multiplicative;
inline const auto multiplicative_def = power[take_first] >> multiplicative_links[wrap_links];
inline const auto multiplicative_links_def = *multiplicative_link;
inline const auto multiplicative_link_def = ((x3::string("*") >> !lit('*')) | x3::string("/")) > power;
// `**` binds tighter than `*` and looser than a minus sign, left to right (DMN's FEEL): `-2 ** 2` is
// 4 and `(1 + r) ** -n` needs no parentheses around `-n`.
inline const auto power_def = unary[take_first] >> power_links[wrap_links];
inline const auto power_links_def = *power_link;
inline const auto power_link_def = x3::string("**") > unary;
inline const auto unary_def = negation | postfix;
inline const auto negation_def = (x3::string("-") >> !lit('>')) > nest[unary];
inline const auto postfix_def = primary[take_first] >> postfix_ops[wrap_ops];
inline const auto postfix_ops_def = *(field_access | call_args);
inline const auto field_access_def = (lit('.') >> !lit('.')) > name_string;
inline const auto call_args_def = '(' > -(expr % ',') > ')';
// `none` (no value) reaches the checker as the name `none`, which no declaration can take.
inline const auto none_lit_def = kw_str("none");
inline const auto primary_def = time_lit | civil_lit | duration_lit | number_lit | int_lit | text_lit | bool_lit | none_lit |
                                record_value |
                                name_ref | list_value | ('(' > expr > ')');

inline const auto module_decl_def = kw("module") > name_string;
inline const auto import_decl_def = kw("import") > name_string;
inline const auto enum_decl_def = kw("enum") > identifier > '{' > (identifier % ',') > -lit(',') > '}';
inline const auto field_decl_def = identifier > ':' > type_ref > -('=' > expr) > -lit(',');
inline const auto record_decl_def = kw("record") > identifier > '{' > *field_decl > '}';
inline const auto param_def = identifier > ':' > type_ref;
inline const auto params = '(' > -(param % ',') > ')';
inline const auto rule_decl_def = kw("rule") > -text_lit > kw("when") > expr > kw("then") > expr;
inline const auto decision_decl_def = kw("decision") > identifier > params > "->" > type_ref > '{' > kw("hit") >
                                      identifier > *rule_decl > -(kw("otherwise") > expr) > '}';

// `| a | b || x |`: a single bar separates cells, a double bar inputs from outputs. `-` is a
// cell that matches anything only when the bar follows it, so `-5` is still a number.
inline const auto bar = lit('|') >> !lit('|');
inline const auto table_result_def = ('(' > (param % ',') > ')' > attr(ast::TypeRef{})) |
                                     (attr(std::vector<ast::Param>{}) >> type_ref);
inline const auto table_header_def = bar > (expr % bar) > "||" > (identifier % '|') > '|';
inline const auto range_bounds_def = expr >> ".." > expr;
inline const auto cell_test_def =
    (attr(std::string("range")) >> &range_ahead >> (x3::string("[") | x3::string("(")) >> range_bounds >>
     (x3::string("]") | x3::string(")"))) |
    (attr(std::string("compare")) >> comparison_op >> x3::repeat(1)[expr] >> attr(std::string())) |
    (attr(std::string("value")) >> attr(std::string()) >> x3::repeat(1)[expr] >> attr(std::string()));
// `not(` starts a negated list (DMN's `not("a", "b")`); `not x` without the bracket is still an expression.
inline const auto cell_def =
    (attr(std::string("any")) >> (lit('-') >> &lit('|')) >> attr(std::vector<ast::CellTest>{})) |
    (attr(std::string("not")) >> (kw("not") >> '(') > (cell_test % ',') > ')') |
    (attr(std::string("tests")) >> (cell_test % ','));
inline const auto table_row_def = bar >> (cell % bar) > "||" > (expr % '|') > '|';
// Hit policy words may be reserved elsewhere (`rule order`); the header's `|` ends them.
inline const auto hit_word_string_def = raw_name;
inline const auto hit_word_def = hit_word_string;
inline const auto table_decl_def = kw("table") > identifier > params > "->" > table_result > '{' > kw("hit") >
                                   +hit_word > table_header > *table_row > -(kw("otherwise") > (expr % ',')) > '}';

inline const auto setting_def = lexeme[(x3::string("label") | x3::string("calendar")) >> word_end] > text_lit;
inline const auto assignee_kind = x3::rule<keyword_class, std::string>{"`role` or `action`"} =
    lexeme[(x3::string("role") | x3::string("action")) >> word_end];
inline const auto assignee_def = kw("by") > assignee_kind > expr;
// `parallel` and `join` are contextual: a step may still be named `join`.
inline const auto node_decl_def = (kw_str("step") | kw_str("wait") | kw_str("parallel") | kw_str("join")) > identifier > -text_lit > -assignee >
                                  -(kw("within") > expr) > -(kw("outcome") > (param % ','));
inline const auto end_decl_def = kw_str("end") > (identifier % ',');
inline const auto guard_def = (kw_str("when") > expr > attr(ast::Identifier{})) |
                              (kw_str("otherwise") > attr(ast::Expr{}) > attr(ast::Identifier{})) |
                              (kw_str("on") > attr(ast::Expr{}) > identifier);
inline const auto node_path_def = identifier >> +(lit("->") > identifier);
inline const auto flow_chain_def = node_path >> -guard;
inline const auto flow_decl_def = kw_str("flow") > '{' > *flow_chain > '}';
// SLA words are contextual: kw() matches a whole word, but only the `keywords` table reserves
// one, and SLA words are not in it, so fields may still be named `level` or `target`.
inline const auto sla_action_def = (kw_str("notify") | kw_str("supervise") | kw_str("escalate")) >>
                                   -(kw("level") > x3::int64) >> -kw("to") > assignee_kind > expr;
inline const auto sla_nodes_def = identifier % ',';
inline const auto sla_span_def = identifier > kw("until") > sla_nodes;
// `by 16:00`: the time of day is kept as written; the checker reads it.
struct clock_time_class;
inline const auto clock_time = x3::rule<clock_time_class, std::string>{"a time of day (HH:MM)"} =
    x3::raw[lexeme[digits2 >> ':' >> digits2 >> !x3::char_("0-9")]];
struct sla_by_class;
inline const auto sla_by = x3::rule<sla_by_class, std::string>{"`by HH:MM`"} =
    (kw("by") > clock_time) | attr(std::string());
inline const auto sla_item_def =
    (kw_str("target") > expr > sla_by >
     attr(std::vector<ast::Identifier>{}) > attr(boost::optional<ast::SlaAction>{})) |
    (kw_str("from") > attr(ast::Expr{}) > attr(std::string()) > sla_span > attr(boost::optional<ast::SlaAction>{})) |
    (kw_str("pause") > kw("while") > attr(ast::Expr{}) > attr(std::string()) > sla_nodes >
     attr(boost::optional<ast::SlaAction>{})) |
    ((kw_str("cancel") | kw_str("reset")) > kw("at") > attr(ast::Expr{}) > attr(std::string()) > sla_nodes >
     attr(boost::optional<ast::SlaAction>{})) |
    // A failed alternative would leave its words in `kind`: look ahead before taking the word.
    (&(kw("warn") >> kw("at") >> int_lit >> '%') >> kw_str("warn") > kw("at") > int_lit > x3::string("%") >
     attr(std::vector<ast::Identifier>{}) > "->" > sla_action) |
    (kw_str("warn") > kw("at") > expr > kw_str("before") > attr(std::vector<ast::Identifier>{}) > "->" >
     sla_action) |
    (&(kw("breach") >> kw("after")) >> kw_str("breach") > kw("after") > expr > attr(std::string("after")) >
     attr(std::vector<ast::Identifier>{}) > "->" > sla_action) |
    (kw_str("breach") > attr(ast::Expr{}) > attr(std::string()) > attr(std::vector<ast::Identifier>{}) > "->" >
     sla_action);
inline const auto sla_decl_def = kw_str("sla") > identifier > '{' > *sla_item > '}';
// `repeat` is contextual like the SLA words: `repeat every 7d for 3 months`, `repeat every 1 month times 3`.
struct repeat_bound_class;
inline const auto repeat_bound = x3::rule<repeat_bound_class, std::string>{"`for` or `times`"} =
    kw_str("for") | kw_str("times");
inline const auto repeat_decl_def = kw_str("repeat") > kw("every") > expr > repeat_bound > expr;
inline const auto workflow_item_def = setting | repeat_decl | sla_decl | node_decl | end_decl | flow_decl;
inline const auto workflow_decl_def = kw("workflow") > identifier > params > '{' > *workflow_item > '}';

// Test words are contextual, like SLA words: only `test` itself is reserved. The `expect` forms
// look ahead before taking a word: X3 does not undo a string attribute a failed alternative wrote.
inline const auto no_names = attr(std::vector<ast::Identifier>{});
inline const auto no_outcomes = attr(std::vector<ast::FieldValue>{});
inline const auto no_word = attr(std::string());
inline const auto test_names_def = identifier % ',';
inline const auto test_outcomes_def = (kw("with") > (field_value % ',')) | no_outcomes;
inline const auto no_expr = attr(ast::Expr{});
inline const auto test_at_def = (kw("at") > expr) | no_expr;
inline const auto test_sla_def = !kw("level") >> identifier;
inline const auto test_role_def = (kw("to") > kw("role") > expr) | no_expr;
inline const auto sla_mark = kw_str("due") | kw_str("warned") | kw_str("breached");
inline const auto test_step_def =
    (&(kw("expect") >> kw("active")) >> kw_str("expect") > kw_str("active") > test_names > no_expr > no_outcomes >
     no_expr > no_expr) |
    (&(kw("expect") >> kw("ended")) >> kw_str("expect") > kw_str("ended") > x3::repeat(1)[identifier] > no_expr >
     no_outcomes > no_expr > no_expr) |
    (&(kw("expect") >> kw("escalated")) >> kw_str("expect") > kw_str("escalated") >
     x3::repeat(0, 1)[test_sla] > kw("level") > expr > no_outcomes > no_expr > test_at) |
    (&(kw("expect") >> sla_mark >> identifier) >> kw_str("expect") > sla_mark > x3::repeat(1)[identifier] > no_expr >
     no_outcomes > no_expr > kw("at") > expr) |
    (&(kw("expect") >> kw("action") >> identifier) >> kw_str("expect") > kw_str("action") > (identifier % '.') >
     no_expr > no_outcomes > test_role > test_at) |
    // `expect started visit at TIME`, `expect started visit 13 times`: instances of the test's
    // workflow, the ones its `repeat` started included.
    (&(kw("expect") >> kw("started") >> identifier >> kw("at")) >> kw_str("expect") > kw_str("started") >
     x3::repeat(1)[identifier] > no_expr > no_outcomes > no_expr > kw("at") > expr) |
    (&(kw("expect") >> kw("started") >> identifier) >> kw_str("expect") > kw_str("started") >
     x3::repeat(1)[identifier] > expr > no_outcomes > no_expr > no_expr > kw("times")) |
    (kw_str("expect") > no_word > no_names > expr > no_outcomes > no_expr > no_expr) |
    (&(kw("advance") >> kw("to")) >> kw_str("advance") > kw_str("to") > no_names > expr > no_outcomes > no_expr >
     no_expr) |
    ((kw_str("at") | kw_str("start") | kw_str("advance")) > no_word > no_names > expr > no_outcomes > no_expr >
     no_expr) |
    (kw_str("complete") > no_word > x3::repeat(1)[identifier] > no_expr > test_outcomes > no_expr > no_expr) |
    (kw_str("signal") > no_word > x3::repeat(1)[identifier] > no_expr > no_outcomes > no_expr > no_expr);
inline const auto test_decl_def = kw("test") > text_lit > '{' > *test_step > '}';

inline const auto declaration_def =
    module_decl | import_decl | enum_decl | record_decl | decision_decl | table_decl | workflow_decl | test_decl;

// Several calls: one would pass the preprocessor's limit on macro arguments.
BOOST_SPIRIT_DEFINE(name_string, identifier, type_ref, none_lit, text_string, text_lit, bool_lit, int_lit, number_lit,
                    duration_lit, name_ref, time_stamp, time_zone, time_lit, civil_stamp, civil_lit, list_value_items, list_value,
                    field_value, record_value, expr, or_expr, or_link, and_expr, and_link, not_expr, unary_not,
                    comparison, comparison_link, in_link, in_rhs, list_items, list_lit, range_lit, list_type,
                    additive, additive_link, multiplicative, multiplicative_link, power, power_link, unary, negation,
                    postfix, field_access)
BOOST_SPIRIT_DEFINE(call_args, primary, module_decl, import_decl, enum_decl, field_decl, record_decl, param, rule_decl,
                    decision_decl, table_result, table_header, range_bounds, cell_test, cell, table_row,
                    hit_word_string, hit_word, table_decl, setting, sla_action, sla_nodes, sla_span,
                    sla_item, sla_decl, assignee, node_decl, end_decl, guard, node_path, flow_chain,
                    flow_decl, repeat_decl, workflow_item, workflow_decl, declaration)
BOOST_SPIRIT_DEFINE(test_names, test_outcomes, test_at, test_sla, test_role, test_step, test_decl)
BOOST_SPIRIT_DEFINE(or_links, and_links, comparison_links, additive_links, multiplicative_links, power_links,
                    postfix_ops)

}  // namespace docket::dsl::parser
