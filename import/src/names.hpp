// DMN names (with spaces, dashes, any letters) to docket identifiers, unique within one program.
#pragma once

#include <map>
#include <set>
#include <string>
#include <string_view>

namespace docket::dmn {

// `Approval Status` → `approval_status`, `isAffordable` → `is_affordable`: words split at anything that is
// not an ASCII letter or digit and where a lower-case letter meets an upper-case one, lower-cased, joined
// by `_`; a leading digit gets `_` in front; a reserved word gets `_` after it; "" becomes `x`.
[[nodiscard]] std::string snake_name(std::string_view dmn);
// `tApplicant` → `TApplicant`, `Loan Status` → `LoanStatus`: the same words, each capitalised, joined.
[[nodiscard]] std::string pascal_name(std::string_view dmn);
// An enum member from a listed value: `VERY LOW` → `VERY_LOW`, `Self-employed` → `Self_employed`: the case
// kept, runs of other characters made one `_`; a leading digit or reserved word as for snake_name.
[[nodiscard]] std::string member_name(std::string_view value);

[[nodiscard]] bool is_reserved(std::string_view word);

// `text` fit for the rest of a `#` comment line: line breaks and other control characters become spaces.
[[nodiscard]] std::string comment_text(std::string_view text);

// Hands out names unique across one program (docket's names share one space): `name`, else `name_2`, ...
class NameTable {
 public:
  std::string claim(const std::string& wanted);
  void reserve(const std::string& name) { used_.insert(name); }
  [[nodiscard]] bool taken(const std::string& name) const { return used_.count(name) != 0; }

 private:
  std::set<std::string> used_;
};

}  // namespace docket::dmn
