// Diagnostics: every stage reports user mistakes here, with a code, a range and a hint.
#pragma once

#include <string>
#include <vector>

#include "docket/core/source.hpp"

namespace docket {

enum class Severity { error, warning, note };

struct Diagnostic {
  Severity severity = Severity::error;
  std::string code;      // stable, e.g. "D0101"; listed in docs/diagnostics.md
  std::string message;   // what is wrong, in the analyst's words
  SourceRange range;     // where; may be invalid for whole-program problems
  std::string hint;      // what to do about it; may be empty
};

// Collects diagnostics from every stage of one compilation, in order.
class Diagnostics {
 public:
  void report(Diagnostic d);
  void error(std::string code, SourceRange range, std::string message, std::string hint = {});
  void warning(std::string code, SourceRange range, std::string message, std::string hint = {});

  [[nodiscard]] const std::vector<Diagnostic>& all() const noexcept { return items_; }
  [[nodiscard]] std::size_t error_count() const noexcept { return errors_; }
  [[nodiscard]] bool has_errors() const noexcept { return errors_ != 0; }

 private:
  std::vector<Diagnostic> items_;
  std::size_t errors_ = 0;
};

// Renders one diagnostic for a person:
//   file:line:col: error[D0101]: message
//      3 |   rule when c.voltge_kv >= 110 then "x"
//        |             ^^^^^^^^^
//   hint: did you mean `voltage_kv`?
[[nodiscard]] std::string render_text(const Diagnostic& d, const SourceSet& sources);

// Renders all diagnostics as a JSON array (for editors and CI).
[[nodiscard]] std::string render_json(const std::vector<Diagnostic>& ds, const SourceSet& sources);

}  // namespace docket
