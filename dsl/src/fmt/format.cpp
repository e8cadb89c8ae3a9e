// format_source: refuse files that do not parse, run the layout pipeline, verify its tokens and syntax.
#include "docket/dsl/format.hpp"

#include <stdexcept>

#include "fmt/column_align.hpp"
#include "fmt/format_text.hpp"
#include "fmt/layout.hpp"
#include "fmt/lexer.hpp"
#include "fmt/spacing.hpp"
#include "fmt/table_layout.hpp"
#include "parse/parse.hpp"

namespace docket::dsl {

namespace fmt {

namespace {

// Formatting may only move white space: the tokens of the result must be those of the input.
void verify_tokens(const std::vector<Token>& before, std::string_view after_text) {
  std::vector<Token> after = lex(after_text);
  bool same = before.size() == after.size();
  for (std::size_t i = 0; same && i < before.size(); ++i) same = before[i].text == after[i].text;
  if (!same) throw std::logic_error("docket fmt: internal error: the layout changed the file's tokens");
}

}  // namespace

std::string format_text(std::string_view text) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  std::vector<Token> tokens = lex(text);
  decide_spacing(tokens);
  std::vector<Line> lines = split_lines(text, tokens);
  indent_lines(lines);
  align_tables(lines);
  align_statements(lines);
  std::string out = render(lines);
  verify_tokens(tokens, out);
  return out;
}

}  // namespace fmt

std::optional<std::string> format_source(const SourceSet& sources, std::uint32_t file_id, Diagnostics& diagnostics) {
  std::size_t errors_before = diagnostics.error_count();
  (void)parse_file(sources, file_id, diagnostics);
  if (diagnostics.error_count() != errors_before) return std::nullopt;
  std::string out = fmt::format_text(sources.file(file_id).text());
  // The tokens are the same (format_text checked), but a lexeme the formatter's lexer does not know
  // yet (a new glued literal) could be split by a space: the result must still parse.
  SourceSet check;
  Diagnostics check_diagnostics;
  (void)parse_file(check, check.add(sources.file(file_id).name(), out), check_diagnostics);
  if (check_diagnostics.has_errors()) {
    throw std::logic_error("docket fmt: internal error: the formatted text does not parse");
  }
  return out;
}

}  // namespace docket::dsl
