// The FEEL subset docket can say: literals, names and fields, arithmetic, comparisons, and/or/not, `in`,
// `between`, list literals, if-then-else at the top of a literal expression, unary tests, and the FEEL
// functions docket has built in (min, max, sum, count, abs, floor, ceiling, decimal, string).
#include "feel_translate.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "feel_builtins.hpp"
#include "feel_lexer.hpp"
#include "feel_temporal.hpp"

namespace docket::dmn {

namespace {

using Kind = DType::Kind;

DType of(Kind k) { return DType{k, {}, {}}; }

std::string wrap(const Feel& f, int prec) { return f.prec < prec ? "(" + f.text + ")" : f.text; }

// Types `<` and ranges work on in docket: numbers, texts, dates, times of day, instants and durations
// (enums and booleans have no order).
bool ordered(const DType& t) {
  return !t.known() || numeric(t) || t.kind == Kind::text || t.kind == Kind::date || t.kind == Kind::time_of_day ||
         t.kind == Kind::instant || t.kind == Kind::duration;
}

bool is_date_function(const std::string& name) {
  static constexpr std::array<std::string_view, 7> kDates = {"date", "time", "date and time", "duration",
                                                             "years and months duration", "now", "today"};
  for (std::string_view d : kDates) {
    if (d == name) return true;
  }
  return false;
}

class Parser {
 public:
  Parser(std::string_view text, const Scope& scope) : lex_(text), scope_(scope) {
    for (const Variable& v : scope.vars) names_.push_back(v.dmn_name);
    for (const Function& f : scope.functions) names_.push_back(f.dmn_name);
    // FEEL's built-in names of several words, read whole so that `date and time(...)` is one call.
    names_.emplace_back("date and time");
    names_.emplace_back("years and months duration");
  }

  Token peek() const { return lex_.peek(names_); }
  bool word(std::string_view w) const {
    Token t = peek();
    return t.kind == Tok::name && t.text == w;
  }
  bool punct(std::string_view p) const {
    Token t = peek();
    return t.kind == Tok::punct && t.text == p;
  }
  void take() { lex_.advance(peek()); }
  void expect(std::string_view p) {
    if (!punct(p)) syntax(fmt::format("`{}` expected", p));
    take();
  }
  [[noreturn]] void syntax(const std::string& what) const {
    Token t = peek();
    if (t.kind == Tok::error) refuse(fmt::format("FEEL text with {}", t.text), "FEEL syntax");
    refuse(fmt::format("{} at `{}` in `{}`", what, t.kind == Tok::end ? std::string("the end") : t.text,
                       std::string(lex_.text())),
           "FEEL syntax");
  }
  bool at_end() const { return lex_.at_end(); }
  std::size_t position() const { return lex_.position(); }
  void finish() {
    if (!at_end()) syntax("unexpected text");
  }

  Feel expression() {
    if (word("if")) refuse("`if ... then ... else` inside an expression: docket has it only as a decision's rules",
                           "if-then-else");
    if (word("for") || word("some") || word("every")) {
      refuse(fmt::format("the FEEL iteration `{}`", peek().text), "iteration");
    }
    if (word("function")) refuse("a FEEL function definition", "FEEL function");
    return disjunction();
  }

  Feel disjunction() {
    Feel l = conjunction();
    while (word("or")) {
      take();
      Feel r = conjunction();
      l = logical(l, r, "or", 1);
    }
    return l;
  }
  Feel conjunction() {
    Feel l = comparison();
    while (word("and")) {
      take();
      Feel r = comparison();
      l = logical(l, r, "and", 2);
    }
    return l;
  }
  Feel logical(const Feel& l, const Feel& r, const char* op, int prec) {
    check_bool(l);
    check_bool(r);
    return Feel{fmt::format("{} {} {}", wrap(l, prec), op, wrap(r, prec + 1)), maybe(of(Kind::boolean), l, r), prec, {}};
  }
  // FEEL's null propagation, as docket types it: an operand that may be none makes the answer `or none`.
  static DType maybe(DType t, const Feel& l, const Feel& r) {
    t.or_none = l.type.or_none || r.type.or_none;
    return t;
  }
  void check_bool(const Feel& f) {
    if (f.type.known() && f.type.kind != Kind::boolean) {
      refuse(fmt::format("`{}` is a {}, not a boolean (FEEL gives null)", f.text, f.type.docket()), "null");
    }
  }

  Feel comparison() {
    Feel l = additive();
    static constexpr std::array<std::string_view, 6> kOps = {"=", "!=", "<", "<=", ">", ">="};
    for (std::string_view op : kOps) {
      if (!punct(op)) continue;
      take();
      Feel r = additive();
      meet(l, r);
      if (op != "=" && op != "!=" && (!ordered(l.type) || !ordered(r.type))) {
        refuse(fmt::format("`{}` {} ...: docket orders numbers and texts only", l.text, op), "ordered enum");
      }
      const bool equality = op == "=" || op == "!=";
      return Feel{fmt::format("{} {} {}", wrap(l, 5), op == "=" ? "==" : std::string(op), wrap(r, 5)),
                  equality ? of(Kind::boolean) : maybe(of(Kind::boolean), l, r), 4, {}};
    }
    if (word("between")) {
      take();
      Feel lo = additive();
      if (!word("and")) syntax("`and` expected");
      take();
      Feel hi = additive();
      meet(l, lo);
      meet(l, hi);
      if (!ordered(l.type)) refuse(fmt::format("`{}` between ...: docket orders numbers and texts only", l.text), "ordered enum");
      return Feel{fmt::format("{} in [{}..{}]", wrap(l, 5), lo.text, hi.text), of(Kind::boolean), 4, {}};
    }
    if (word("in")) {
      take();
      const DType column = l.type;
      std::string tests;
      if (punct("(")) {
        take();
        tests = positive_tests(column, true);
        expect(")");
      } else {
        tests = positive_tests(column, false);
      }
      if (tests.find_first_of("<>!") != std::string::npos) {
        refuse("`in` with comparisons (docket's `in` takes values, a range or a list)", "unary test");
      }
      const bool range = !tests.empty() && (tests.front() == '[' || tests.front() == '(') &&
                         tests.find("..") != std::string::npos;
      return Feel{fmt::format("{} in {}", wrap(l, 5), range ? tests : "(" + tests + ")"), of(Kind::boolean), 4, {}};
    }
    if (word("instance")) refuse("`instance of`", "instance of");
    return l;
  }

  // Both sides of a comparison: a string literal meeting an enum becomes its member.
  void meet(Feel& l, Feel& r) {
    if (l.type.kind == Kind::enumeration) r = coerce(std::move(r), l.type, *scope_.types);
    if (r.type.kind == Kind::enumeration) l = coerce(std::move(l), r.type, *scope_.types);
    if (l.type.known() && r.type.known() && !(numeric(l.type) && numeric(r.type)) && !(l.type == r.type)) {
      refuse(fmt::format("`{}` ({}) compared with `{}` ({}): FEEL gives null", l.text, l.type.docket(), r.text,
                         r.type.docket()),
             "null");
    }
  }

  Feel additive() {
    Feel l = multiplicative();
    while (punct("+") || punct("-")) {
      const std::string op = peek().text;
      take();
      Feel r = multiplicative();
      l = arithmetic(l, r, op, 5);
    }
    return l;
  }
  Feel multiplicative() {
    Feel l = power();
    while (punct("*") || punct("/")) {
      const std::string op = peek().text;
      take();
      Feel r = power();
      l = arithmetic(l, r, op, 6);
    }
    return l;
  }
  // `**` binds tighter than `*` and looser than a minus sign, left to right, as in docket.
  Feel power() {
    Feel l = unary();
    while (punct("**")) {
      take();
      Feel r = unary();
      l = arithmetic(l, r, "**", 7);
    }
    return l;
  }
  Feel arithmetic(const Feel& l, const Feel& r, const std::string& op, int prec) {
    if (op == "+" && l.type.kind == Kind::text && r.type.kind == Kind::text) {  // concatenation, as in docket
      return Feel{fmt::format("{} + {}", wrap(l, prec), wrap(r, prec + 1)), of(Kind::text), prec, {}};
    }
    for (const Feel* f : {&l, &r}) {
      if (f->type.kind == Kind::text) {
        refuse(fmt::format("`{}` {} `{}`: FEEL gives null (only `+` joins two texts)", l.text, op, r.text), "null");
      }
      if (f->type.known() && !numeric(f->type)) {
        refuse(fmt::format("arithmetic on `{}`, a {} (FEEL gives null)", f->text, f->type.docket()), "null");
      }
    }
    // int with int stays int, but `/` and `**` give a number (as docket's do).
    const bool whole = l.type.kind == Kind::integer && r.type.kind == Kind::integer && op != "/" && op != "**";
    return Feel{fmt::format("{} {} {}", wrap(l, prec), op, wrap(r, prec + 1)),
                maybe(of(whole ? Kind::integer : Kind::number), l, r), prec, {}};
  }

  Feel unary() {
    if (punct("-")) {
      take();
      Feel v = unary();
      if (v.type.known() && !numeric(v.type)) refuse("`-` on a value that is not a number", "null");
      return Feel{"-" + wrap(v, 8), v.type.known() ? v.type : of(Kind::number), 8, {}};
    }
    return postfix();
  }

  Feel postfix() {
    Feel v = primary();
    for (;;) {
      if (punct(".")) {
        take();
        if (v.type.kind != Kind::record) {
          refuse(fmt::format("a field of `{}`, which is not a structure", v.text), "path expression");
        }
        const RecordInfo* rec = scope_.types->find_record(v.type.name);
        std::vector<std::string> fields;
        for (const FieldInfo& f : rec->fields) fields.push_back(f.dmn_name);
        Token t = lex_.peek(fields);
        const FieldInfo* found = nullptr;
        for (const FieldInfo& f : rec->fields) found = found != nullptr ? found : (f.dmn_name == t.text ? &f : nullptr);
        for (const auto& [name, why] : rec->dropped) {
          if (found == nullptr && t.kind == Tok::name && lex_.peek(std::vector<std::string>{name}).text == name) {
            refuse(fmt::format("field `{}` of `{}`: {}", name, v.text, why.reason), why.feature);
          }
        }
        if (t.kind != Tok::name || found == nullptr) {
          refuse(fmt::format("`{}` has no field `{}`", v.text, t.text), "unknown name");
        }
        lex_.advance(t);
        v = Feel{wrap(v, 9) + "." + found->id, found->type, 9, {}};
        continue;
      }
      if (punct("[") && !endpoint_) refuse(fmt::format("a filter or index `{}[...]`", v.text), "filter");
      if (punct("(")) refuse(fmt::format("calling `{}`", v.text), "invocation");
      return v;
    }
  }

  Feel primary() {
    Token t = peek();
    switch (t.kind) {
      case Tok::number:
        take();
        if (t.text.size() > 15) refuse(fmt::format("the number `{}` has more digits than docket keeps", t.text), "number format");
        return Feel{t.text, of(t.text.find('.') == std::string::npos ? Kind::integer : Kind::number), 9, {}};
      case Tok::string:
        take();
        return Feel{text_literal(t.text), of(Kind::text), 8, t.text};
      case Tok::end: syntax("a value expected");
      case Tok::error: syntax("");
      case Tok::punct: return bracketed(t);
      case Tok::name: break;
    }
    if (t.text == "true" || t.text == "false") {
      take();
      return Feel{t.text, of(Kind::boolean), 9, {}};
    }
    if (t.text == "null") {
      take();
      DType none;
      none.or_none = true;  // of no type yet: it takes the type of what it stands beside
      return Feel{"none", none, 9, {}};
    }
    if (t.text == "?") refuse("`?` (the input value) outside a unary test", "unary test");
    for (const Variable& v : scope_.vars) {
      if (v.dmn_name == t.text) {
        take();
        return Feel{v.text, v.type, 9, {}};
      }
    }
    for (const Function& f : scope_.functions) {
      if (f.dmn_name == t.text) {
        take();
        return call(f);
      }
    }
    take();
    if (t.text == "not" && punct("(")) {
      take();
      Feel inner = expression();
      expect(")");
      check_bool(inner);
      return Feel{"not (" + inner.text + ")", of(Kind::boolean), 3, {}};
    }
    if (punct("(")) {
      if (is_date_function(t.text)) return temporal(t.text);
      if (is_feel_builtin(t.text)) return builtin(t.text);
      refuse(fmt::format("the FEEL function `{}()`", t.text), "FEEL function");
    }
    refuse(fmt::format("unknown name `{}`", t.text), "unknown name");
  }

  // `date("2018-07-30")`, `time("16:11:00")`, `date and time("...Z")`, `duration("P5M")`: docket
  // literals. Conversions of values known only at run time are refused.
  Feel temporal(const std::string& name) {
    take();  // (
    const Token arg = peek();
    if (arg.kind != Tok::string) {
      refuse(fmt::format("`{}()` of a value known only at run time (docket writes dates, times and durations as "
                         "literals)",
                         name),
             name == "duration" || name == "years and months duration" ? "duration type" : "date type");
    }
    take();
    expect(")");
    if (name != "date" && name != "time" && name != "date and time" && name != "duration") {
      refuse(fmt::format("the FEEL function `{}()`", name), "date type");
    }
    DType type;
    std::string text = temporal_literal(name, arg.text, type);
    return Feel{std::move(text), type, 9, {}};
  }

  // `@"2018-07-30"`: FEEL 1.3's temporal literal; its form says which kind it is.
  Feel temporal_at(const std::string& text) {
    std::string fn = "date";
    if (!text.empty() && (text[0] == 'P' || text[0] == '-')) fn = "duration";
    else if (text.size() > 10 && text[10] == 'T') fn = "date and time";
    else if (text.size() >= 3 && text[2] == ':') fn = "time";
    DType type;
    std::string out = temporal_literal(fn, text, type);
    return Feel{std::move(out), type, 9, {}};
  }

  // FEEL's functions that docket has built in: the arguments here, their typing in feel_builtins.cpp.
  Feel builtin(const std::string& name) {
    take();  // (
    std::vector<Feel> args;
    while (!punct(")")) {
      args.push_back(expression());
      if (punct(":")) refuse(fmt::format("named arguments in a call of `{}()`", name), "named arguments");
      if (!punct(",")) break;
      take();
    }
    expect(")");
    std::string text;
    for (const Feel& a : args) text += (text.empty() ? "" : ", ") + a.text;
    return Feel{name + "(" + text + ")", builtin_type(name, args), 9, {}};
  }

  // `f(a, b)`: positional arguments, each made to fit its parameter.
  Feel call(const Function& f) {
    if (!punct("(")) refuse(fmt::format("`{}` is a business knowledge model, used without arguments", f.dmn_name), "BKM");
    take();
    std::vector<Feel> args;
    while (!punct(")")) {
      args.push_back(expression());
      if (punct(":")) refuse(fmt::format("named arguments in a call of `{}`", f.dmn_name), "named arguments");
      if (!punct(",")) break;
      take();
    }
    expect(")");
    if (args.size() != f.params.size()) {
      refuse(fmt::format("`{}` takes {} arguments, given {} (FEEL gives null)", f.dmn_name, f.params.size(), args.size()),
             "null");
    }
    std::string text;
    DType result = f.result;
    for (std::size_t i = 0; i < args.size(); ++i) {
      Feel a = coerce(std::move(args[i]), f.params[i], *scope_.types);
      if (!fits(a.type, f.params[i])) {
        refuse(fmt::format("argument `{}` of `{}` is a {}, not a {}", a.text, f.dmn_name, a.type.docket(),
                           f.params[i].docket()),
               "null");
      }
      // docket answers none without calling when an argument is none for a parameter that takes no none.
      result.or_none = result.or_none || (a.type.or_none && !f.params[i].or_none);
      text += (text.empty() ? "" : ", ") + a.text;
    }
    return Feel{f.id + "(" + text + ")", result, 9, {}};
  }

  Feel bracketed(const Token& t) {
    if (t.text == "(") {
      take();
      Feel inner = expression();
      expect(")");
      inner.prec = 9;
      inner.text = "(" + inner.text + ")";
      return inner;
    }
    if (t.text == "[") {
      take();
      std::vector<Feel> items;
      while (!punct("]")) {
        items.push_back(expression());
        if (!punct(",")) break;
        take();
      }
      expect("]");
      DType elem = items.empty() ? DType{} : items.front().type;
      std::string text;
      for (const Feel& i : items) {
        if (i.type.known() && elem.known() && !(i.type == elem)) refuse("a list of mixed types", "mixed list");
        text += (text.empty() ? "" : ", ") + i.text;
      }
      return Feel{"[" + text + "]", list_of(elem), 9, {}};
    }
    if (t.text == "{") refuse("a FEEL context `{...}`", "context");
    if (t.text == "@") {
      take();
      const Token s = peek();
      if (s.kind != Tok::string) syntax("a string after `@`");
      take();
      return temporal_at(s.text);
    }
    syntax("a value expected");
  }

  // Comma-separated tests; inside `in (...)` only values and ranges make sense to docket.
  std::string positive_tests(const DType& column, bool parenthesised) {
    std::string out;
    for (;;) {
      out += (out.empty() ? "" : ", ") + one_test(column);
      if (!punct(",")) break;
      take();
    }
    (void)parenthesised;
    return out;
  }

  std::string one_test(const DType& column) {
    static constexpr std::array<std::string_view, 6> kOps = {"<=", ">=", "!=", "<", ">", "="};
    for (std::string_view op : kOps) {
      if (!punct(op)) continue;
      take();
      Feel v = endpoint(column);
      if (op != "=" && op != "!=" && !ordered(column)) {
        refuse(fmt::format("`{} {}` on a {} column: docket orders numbers and texts only", op, v.text, column.docket()),
               "ordered enum");
      }
      return op == "=" ? v.text : fmt::format("{} {}", op, v.text);
    }
    if (punct("[") || punct("]") || punct("(")) {
      if (!ordered(column)) refuse(fmt::format("a range on a {} column: docket orders numbers and texts only",
                                               column.docket()),
                                   "ordered enum");
      const std::string open = peek().text == "[" ? "[" : "(";
      take();
      Feel lo = endpoint(column);
      expect("..");
      Feel hi = endpoint(column);
      const Token close = peek();
      if (close.kind != Tok::punct || (close.text != "]" && close.text != "[" && close.text != ")")) {
        syntax("`]`, `[` or `)` expected");
      }
      take();
      return fmt::format("{}{}..{}{}", open, lo.text, hi.text, close.text == "]" ? "]" : ")");
    }
    if (word("not") || word("null")) {
      refuse(word("null") ? "`null` in a unary test: docket has no absent value" : "`not(...)` inside a list of tests",
             word("null") ? "null" : "unary test");
    }
    Feel v = endpoint(column);
    if (v.type.kind == Kind::boolean && column.known() && column.kind != Kind::boolean) {
      refuse(fmt::format("the test `{}` is a condition, not a value", v.text), "unary test");
    }
    return v.text;
  }

  Feel endpoint(const DType& column) {
    endpoint_ = true;  // `]1..5[`: the `[` closes the range
    Feel v = additive();
    endpoint_ = false;
    v = coerce(std::move(v), column, *scope_.types);
    if (v.type.known() && column.known() && !(numeric(v.type) && numeric(column)) && !(v.type == column) &&
        !(column.kind == Kind::list && !column.elem.empty() && v.type == column.elem.front())) {
      refuse(fmt::format("`{}` ({}) tested against a {} column: FEEL gives null", v.text, v.type.docket(),
                         column.docket()),
             "null");
    }
    return v;
  }

 private:
  FeelLexer lex_;
  const Scope& scope_;
  std::vector<std::string> names_;
  bool endpoint_ = false;
};

}  // namespace

std::string text_literal(const std::string& value) {
  std::string out = "\"";
  for (char c : value) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
          refuse("a control character inside a string", "string escape");
        }
        out += c;
    }
  }
  return out + "\"";
}

Feel coerce(Feel e, const DType& expected, const TypeTable& types, bool qualified) {
  if (expected.kind == Kind::enumeration && e.string_value) {
    const EnumInfo* en = types.find_enum(expected.name);
    const std::string* member = en == nullptr ? nullptr : en->member(*e.string_value);
    if (member == nullptr) {
      refuse(fmt::format("\"{}\" is not one of the values of `{}`", *e.string_value, expected.name), "null");
    }
    return Feel{qualified ? expected.name + "." + *member : *member, expected, 9, {}};
  }
  return e;
}

Feel translate_expression(std::string_view feel, const Scope& scope, const DType& expected) {
  Parser p(feel, scope);
  Feel f = p.expression();
  p.finish();
  f = coerce(std::move(f), expected, *scope.types);
  if (!fits(f.type, expected)) {
    refuse(fmt::format("`{}` is a {} where a {} is expected", f.text, f.type.docket(), expected.docket()), "type");
  }
  return f;
}

std::vector<Branch> translate_conditional(std::string_view feel, const Scope& scope, const DType& expected) {
  std::vector<Branch> out;
  std::string_view rest = feel;
  // `if C then A else B`: found by the words at nesting level 0, so that FEEL's grammar decides nothing here.
  for (;;) {
    Parser p(rest, scope);
    if (!p.word("if")) break;
    p.take();
    Feel cond = p.expression();
    if (!p.word("then")) p.syntax("`then` expected");
    p.take();
    // The value runs to its `else`; an `if` inside it is refused by expression().
    Feel value = p.expression();
    if (!p.word("else")) p.syntax("`else` expected");
    p.take();
    if (cond.type.known() && cond.type.kind != Kind::boolean) refuse("an `if` condition that is not a boolean", "null");
    value = coerce(std::move(value), expected, *scope.types);
    if (!fits(value.type, expected)) {
      refuse(fmt::format("`{}` is a {} where a {} is expected", value.text, value.type.docket(), expected.docket()),
             "type");
    }
    out.push_back({cond.text, std::move(value)});
    rest = rest.substr(p.position());
  }
  out.push_back({"", translate_expression(rest, scope, expected)});
  return out;
}

std::string translate_unary_tests(std::string_view feel, const Scope& scope, const DType& column) {
  Parser p(feel, scope);
  if (p.at_end()) return "-";
  if (p.punct("-")) {
    Parser q(feel, scope);
    q.take();
    if (q.at_end()) return "-";
  }
  if (p.word("not")) {
    p.take();
    p.expect("(");
    std::string inner = p.positive_tests(column, true);
    p.expect(")");
    p.finish();
    return "not(" + inner + ")";
  }
  std::string tests = p.positive_tests(column, false);
  p.finish();
  return tests;
}

}  // namespace docket::dmn
