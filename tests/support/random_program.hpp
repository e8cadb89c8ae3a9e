// Random well-typed .dkt programs for the evaluators' differential tests and fuzzing: rule lists and
// tables under every hit policy over one record, nested calls, arithmetic that can fail.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace docket::testing {

// The choices a program is made of: pick(n) is in [0, n). A seeded generator for tests, fuzz bytes
// for fuzzing (0 once they run out).
using Pick = std::function<std::size_t(std::size_t)>;

// Makes one module `gen` of `decisions` decisions d0, d1, ... over `record Rec { n: int  x: number
// tier: Tier  flag: bool  name: text }`; each takes `r: Rec`. A decision may call those before it
// whose answer is one value (rule lists and tables under unique, any, priority and first), so there
// is no cycle. Tables of unique and any get rows that cannot overlap (disjoint ranges of r.n), so
// the checker accepts them; everything else is as random as `pick` makes it, and a program the
// checker refuses anyway is the caller's to count and skip.
class RandomProgram {
 public:
  RandomProgram(Pick pick, std::size_t decisions) : pick_(std::move(pick)), count_(decisions == 0 ? 1 : decisions) {}

  [[nodiscard]] std::string text() {
    out_ = "module gen\n\nenum Tier { t0, t1, t2 }\nrecord Rec { n: int  x: number  tier: Tier  flag: bool  name: text }\n\n";
    scalar_.clear();
    result_.clear();
    for (std::size_t i = 0; i < count_; ++i) decision(i);
    return out_;
  }

 private:
  enum Kind : std::uint8_t { kInt, kNumber, kTier, kBool, kText };
  static constexpr const char* kTypeNames[] = {"int", "number", "Tier", "bool", "text"};
  static constexpr const char* kPolicies[] = {"unique",      "any",     "priority",    "first",
                                               "output order", "rule order", "collect", "collect sum",
                                               "collect count", "collect min", "collect max"};

  std::size_t pick(std::size_t n) { return n <= 1 ? 0 : pick_(n) % n; }
  bool chance(std::size_t one_in) { return pick(one_in) == 0; }

  std::string int_lit() {
    static constexpr const char* v[] = {"0", "1", "2", "3", "5", "10", "-1", "100"};
    return v[pick(std::size(v))];
  }
  std::string num_lit() {
    static constexpr const char* v[] = {"0.5", "1.5", "2.0", "3.25", "10.0", "-0.5", "110.0"};
    return v[pick(std::size(v))];
  }
  std::string tier_lit() { return "t" + std::to_string(pick(3)); }
  std::string text_lit() {
    static constexpr const char* v[] = {"\"a\"", "\"m\"", "\"z\"", "\"\"", "\"pudong\""};
    return v[pick(std::size(v))];
  }
  std::string lit(Kind k) {
    switch (k) {
      case kInt: return int_lit();
      case kNumber: return num_lit();
      case kTier: return tier_lit();
      case kBool: return chance(2) ? "true" : "false";
      case kText: return text_lit();
    }
    return "0";
  }
  static std::string cmp_op(std::size_t i) {
    static constexpr const char* v[] = {"<", "<=", ">", ">=", "==", "!="};
    return v[i % std::size(v)];
  }

  // A call of an earlier one-value decision answering `k`, or "" when there is none.
  std::string call_of(Kind k, std::size_t self) {
    std::vector<std::size_t> fit;
    for (std::size_t j = 0; j < self; ++j) {
      if (scalar_[j] && result_[j] == k) fit.push_back(j);
    }
    if (fit.empty()) return {};
    return "d" + std::to_string(fit[pick(fit.size())]) + "(r)";
  }

  std::string condition(std::size_t self, int depth) {
    if (depth < 2 && chance(4)) {
      return "(" + condition(self, depth + 1) + (chance(2) ? " and " : " or ") + condition(self, depth + 1) + ")";
    }
    if (depth < 2 && chance(12)) return "not " + condition(self, depth + 1);
    switch (pick(9)) {
      case 0: return "r.n " + cmp_op(pick(6)) + " " + int_lit();
      case 1: return "r.x " + cmp_op(pick(4)) + " " + num_lit();
      case 2: return chance(2) ? "r.tier == " + tier_lit() : "r.tier in (t0, " + tier_lit() + ")";
      case 3: return chance(2) ? "r.flag" : "not r.flag";
      case 4: return "r.name " + std::string(chance(2) ? "==" : "!=") + " " + text_lit();
      case 5: return "r.n / (r.n - 3) > 0";  // fails when r.n is 3
      case 6: return "r.x * 2 > " + num_lit();
      case 7: {
        const Kind k = static_cast<Kind>(pick(5));
        const std::string call = call_of(k, self);
        if (call.empty()) return "r.n >= " + int_lit();
        return call + (k == kInt || k == kNumber ? " " + cmp_op(pick(6)) + " " : " == ") + lit(k);
      }
      default: return "r.n in [1..5)";
    }
  }

  std::string value(Kind k, std::size_t self) {
    if (chance(4)) {
      const std::string call = call_of(k, self);
      if (!call.empty()) return call;
    }
    switch (k) {
      case kInt:
        switch (pick(5)) {
          case 0: return "r.n + " + int_lit();
          case 1: return "r.n * 2";
          case 2: return "r.n * 4611686018427387904";  // overflows (an error) when r.n is 2 or more, or -2 or less
          default: return int_lit();
        }
      case kNumber:
        switch (pick(5)) {
          case 0: return "r.x * 1.5";
          case 1: return "r.x / (r.x - 0.5)";  // fails when r.x is 0.5
          case 2: return "r.x ** r.n";  // fails when r.x is 0 and r.n negative, or on overflow
          default: return num_lit();
        }
      case kTier: return tier_lit();
      case kBool: return chance(3) ? condition(self, 1) : lit(kBool);
      case kText: return chance(3) ? "r.name" : text_lit();
    }
    return "0";
  }

  void rule_list(std::size_t self, Kind k) {
    out_ += "decision d" + std::to_string(self) + "(r: Rec) -> " + kTypeNames[k] + " {\n  hit first\n";
    const std::size_t rules = 1 + pick(5);
    for (std::size_t i = 0; i < rules; ++i) out_ += "  rule when " + condition(self, 0) + " then " + value(k, self) + "\n";
    out_ += "  otherwise " + value(k, self) + "\n}\n\n";
  }

  // Cells: r.n | r.tier | r.flag (and r.x under some policies).
  std::string n_cell(bool disjoint, std::size_t row) {
    if (disjoint) return "[" + std::to_string(row * 2) + ".." + std::to_string(row * 2 + 2) + ")";
    switch (pick(8)) {
      case 0: return "-";
      case 1: return ">= " + int_lit();
      case 2: return "< " + int_lit();
      case 3: return int_lit();
      case 4: return "[0..3)";
      case 5: return "< " + int_lit() + ", [4..6], " + int_lit();  // a list of tests
      case 6: return "not(" + int_lit() + ", > " + int_lit() + ")";
      default: return "!= " + int_lit();
    }
  }
  std::string tier_cell() {
    switch (pick(5)) {
      case 0: return tier_lit();
      case 1: return "t0, t2";
      case 2: return "not(" + tier_lit() + ")";
      default: return "-";
    }
  }
  std::string flag_cell() {
    switch (pick(3)) {
      case 0: return "true";
      case 1: return "false";
      default: return "-";
    }
  }
  std::string x_cell() {
    switch (pick(4)) {
      case 0: return ">= " + num_lit();
      case 1: return "< " + num_lit();
      case 2: return "< " + num_lit() + ", > " + num_lit();
      default: return "-";
    }
  }

  void table(std::size_t self, std::size_t policy, Kind k) {
    const std::string p = kPolicies[policy];
    const bool disjoint = p == "unique" || p == "any";
    out_ += "table d" + std::to_string(self) + "(r: Rec) -> " + kTypeNames[k] + " {\n  hit " + p + "\n";
    const bool with_x = chance(2);
    out_ += std::string("  | r.n | r.tier | r.flag ") + (with_x ? "| r.x " : "") + "|| out |\n";
    const std::size_t rows = 1 + pick(6);
    const std::string same = value(k, self);
    for (std::size_t i = 0; i < rows; ++i) {
      out_ += "  | " + n_cell(disjoint, i) + " | " + (disjoint ? "-" : tier_cell()) + " | " + (disjoint ? "-" : flag_cell()) +
              " " + (with_x ? "| " + (disjoint ? std::string("-") : x_cell()) + " " : "") + "|| " +
              (p == "collect count" ? "1" : (p == "any" ? same : value(k, self))) + " |\n";
    }
    // The answer when no row matches, where the table gives one answer (not a list).
    const bool listed = p == "collect" || p == "rule order" || p == "output order";
    if (!listed && chance(3)) out_ += "  otherwise " + value(k, self) + "\n";
    out_ += "}\n\n";
  }

  void decision(std::size_t self) {
    scalar_.push_back(true);
    if (chance(2)) {
      const Kind k = static_cast<Kind>(pick(5));
      result_.push_back(k);
      rule_list(self, k);
      return;
    }
    const std::size_t policy = pick(std::size(kPolicies));
    const std::string p = kPolicies[policy];
    Kind k = static_cast<Kind>(pick(5));
    if (p == "priority" || p == "output order") k = kTier;
    if (p == "collect sum" || p == "collect min" || p == "collect max") k = chance(2) ? kInt : kNumber;
    if (p == "collect count") k = kInt;
    scalar_.back() = policy <= 3;  // unique, any, priority, first answer one value; the others a list or count
    if (p == "collect sum" || p == "collect count" || p == "collect min" || p == "collect max") scalar_.back() = false;
    result_.push_back(k);
    table(self, policy, k);
  }

  Pick pick_;
  std::size_t count_;
  std::string out_;
  std::vector<bool> scalar_;  // by decision: answers one value of result_ (callable from later ones)
  std::vector<Kind> result_;
};

}  // namespace docket::testing
