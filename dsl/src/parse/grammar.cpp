// The one translation unit that instantiates the X3 grammar (the slow template work happens here).
#include "parse/grammar.hpp"

#include "parse/grammar_def.hpp"

namespace docket::dsl::parser {

namespace {

// X3 names some parsers in its own notation; turn the common ones into plain words.
std::string describe(std::string which) {
  if (which.size() == 3 && which.front() == '\'' && which.back() == '\'') return "`" + which.substr(1, 1) + "`";
  if (which.size() >= 2 && which.front() == '"' && which.back() == '"') {
    return "`" + which.substr(1, which.size() - 2) + "`";
  }
  bool has_space = which.find(' ') != std::string::npos;
  if (has_space || which.find('`') != std::string::npos) return which;  // a rule's own description
  bool is_word = !which.empty() && which.size() <= 12 &&
                 which.find_first_not_of("abcdefghijklmnopqrstuvwxyz_") == std::string::npos;
  return is_word ? "`" + which + "`" : std::string();  // keyword rules are named after their word
}

}  // namespace

const char* skip_space(const char* first, const char* last) {
  x3::skip_over(first, last, x3::make_context<x3::skipper_tag>(skipper));
  return first;
}

DeclarationResult parse_declaration(const char* file_begin, const char* first, const char* last,
                                    ast::Declaration& out) {
  PositionBase base{file_begin};
  const char* it = first;
  DeclarationResult result;
  try {
    auto const parser = x3::with<position_base_tag>(std::ref(base))[declaration];
    result.ok = x3::phrase_parse(it, last, parser, skipper, out);
    result.stop = it;
    if (!result.ok) result.expected = "a declaration (module, enum, record, decision, table or workflow)";
  } catch (const NestingTooDeep& deep) {
    result.ok = false;
    result.stop = deep.where;
    result.too_deep = true;
  } catch (const x3::expectation_failure<iterator_type>& failure) {
    result.ok = false;
    result.stop = skip_space(failure.where(), last);
    result.expected = describe(failure.which());
  }
  return result;
}

}  // namespace docket::dsl::parser
