// FEEL to docket text: expressions (input expressions, output entries, literal expressions) and unary tests
// (input entries), typed as they are translated so that strings meet enums as members.
//
// Translation of one decision stops at the first thing without an equivalent: `Refused` is thrown inside
// this library and caught by the decision's writer, which reports it; it never leaves import_dmn.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "type_map.hpp"

namespace docket::dmn {

struct Refused {
  std::string reason;
  std::string feature;
};
[[noreturn]] inline void refuse(std::string reason, std::string feature) {
  throw Refused{std::move(reason), std::move(feature)};
}

// A name an expression may use: an input data (a parameter) or a decision (a call).
struct Variable {
  std::string dmn_name;
  std::string text;  // `age`, or `risk_category(age, score)`
  DType type;
};

// A business knowledge model the expression may call: `Affordability(a, b)` → `affordability(a, b)`.
struct Function {
  std::string dmn_name;
  std::string id;
  std::vector<DType> params;
  DType result;
};

struct Scope {
  const TypeTable* types = nullptr;
  std::vector<Variable> vars;
  std::vector<Function> functions;
};

// A translated expression: its docket text, type and binding strength (1 `or` ... 9 a primary).
struct Feel {
  std::string text;
  DType type;
  int prec = 8;
  std::optional<std::string> string_value;  // a string literal's value, so an enum-typed context can make it a member
};

// `expected` (may be unknown) turns string literals into members of an enum and refuses values of another type.
[[nodiscard]] Feel translate_expression(std::string_view feel, const Scope& scope, const DType& expected);

// A literal expression that may be `if C then A else B` (chains of them): the branches' conditions and
// values, the last one without a condition. A plain expression is one branch.
struct Branch {
  std::string condition;  // "" for the last
  Feel value;
};
[[nodiscard]] std::vector<Branch> translate_conditional(std::string_view feel, const Scope& scope,
                                                        const DType& expected);

// An input entry on a column of type `column`: `-`, values, comparisons, ranges, lists of them, `not(...)`.
[[nodiscard]] std::string translate_unary_tests(std::string_view feel, const Scope& scope, const DType& column);

// `e` made to fit `expected`: a string literal becomes the enum's member (`qualified`: `Enum.member`).
[[nodiscard]] Feel coerce(Feel e, const DType& expected, const TypeTable& types, bool qualified = false);

// A docket text literal for `value`, escaped.
[[nodiscard]] std::string text_literal(const std::string& value);

}  // namespace docket::dmn
