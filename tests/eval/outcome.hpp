// One evaluation's outcome (answer and rule, or the error message), as the differential tests compare them.
#pragma once

#include <optional>
#include <span>
#include <string>

#include "docket/core/value.hpp"
#include "eval/eval_error.hpp"
#include "eval/interpreter.hpp"

namespace docket::testing {

struct Outcome {
  bool ok = false;
  Value value;
  std::optional<std::size_t> rule;
  std::string error;
};

inline std::string describe(const Outcome& o) {
  if (!o.ok) return "error: " + o.error;
  return to_string(o.value) + (o.rule ? " (rule " + std::to_string(*o.rule) + ")" : " (no rule)");
}

inline std::string describe_args(std::span<const Value> args) {
  std::string s;
  for (const Value& a : args) s += (s.empty() ? "" : ", ") + to_string(a);
  return s;
}

// The same answer, rule and printed form, or the same error message.
inline bool same(const Outcome& a, const Outcome& b) {
  if (a.ok != b.ok) return false;
  if (!a.ok) return a.error == b.error;
  return a.rule == b.rule && a.value == b.value && to_string(a.value) == to_string(b.value);
}

// Runs `f` (returning a detail::DecisionResult); an EvalError becomes the outcome's error.
template <class F>
Outcome outcome_of(F&& f) {
  Outcome o;
  try {
    detail::DecisionResult r = f();
    o = {true, r.value, r.rule, ""};
  } catch (const detail::EvalError& e) {
    o.error = e.what();
  }
  return o;
}

}  // namespace docket::testing
