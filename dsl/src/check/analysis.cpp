// analyze(): parse with line recovery, check with a symbol index, keep what resolved despite errors.
#include "docket/dsl/analysis.hpp"

#include <algorithm>

#include "check/checker.hpp"
#include "parse/parse.hpp"
#include "parse/reserved_words.hpp"

namespace docket::dsl {

class ParsedFile {
 public:
  ast::File tree;
  std::vector<Diagnostic> syntax;
};

ParsedFilePtr parse_for_analysis(const SourceSet& sources, std::uint32_t file_id) {
  auto parsed = std::make_shared<ParsedFile>();
  Diagnostics diagnostics;
  parsed->tree = parse_file_recovering(sources, file_id, diagnostics);
  parsed->syntax = diagnostics.all();
  return parsed;
}

bool has_syntax_errors(const ParsedFile& file) noexcept { return !file.syntax.empty(); }

namespace {

// A declaration's range as the parser leaves it may run on over the spaces and comments after it;
// its extent ends at its last significant character.
void trim_extents(SymbolIndex& index, const SourceSet& sources) {
  for (Symbol& s : index.symbols) {
    if (!s.extent.valid() || s.extent.file > sources.size()) continue;
    const std::string& text = sources.file(s.extent.file).text();
    std::uint32_t last = s.extent.begin;
    bool quoted = false;
    for (std::uint32_t i = s.extent.begin; i < s.extent.end && i < text.size(); ++i) {
      const char c = text[i];
      if (!quoted && c == '#') {
        while (i + 1 < s.extent.end && text[i + 1] != '\n') ++i;
        continue;
      }
      if (quoted && c == '\\') {
        last = ++i + 1;
        continue;
      }
      if (c == '"') quoted = !quoted;
      if (quoted || (c != ' ' && c != '\t' && c != '\r' && c != '\n')) last = i + 1;
    }
    s.extent.end = std::max(last, s.extent.begin);
  }
}

// Whether `d` lies inside a declaration that parsed only without its broken lines.
bool in_repaired(const Diagnostic& d, const std::vector<ParsedFilePtr>& files) {
  if (!d.range.valid() || d.range.file > files.size()) return false;
  for (const ast::Located& r : files[d.range.file - 1]->tree.repaired) {
    if (r.begin <= d.range.begin && d.range.begin < r.end) return true;
  }
  return false;
}

}  // namespace

std::unique_ptr<Analysis> analyze(const SourceSet& sources, const std::vector<ParsedFilePtr>& files,
                                  const FunctionRegistry& functions) {
  auto out = std::make_unique<Analysis>();
  // The checker sees the syntax errors first, as under compile(): it then holds back the
  // "never used" warnings that missing declarations would make wrong.
  Diagnostics checked;
  std::size_t syntax_count = 0;
  for (const ParsedFilePtr& f : files) {
    for (const Diagnostic& d : f->syntax) checked.report(d);
    syntax_count += f->syntax.size();
  }
  FileRefs trees;
  trees.reserve(files.size());
  for (const ParsedFilePtr& f : files) trees.emplace_back(f->tree);
  IndexBuilder builder(out->index);
  Checker checker(sources, functions, checked);
  checker.set_index(&builder);
  checker.check(trees);
  out->module = checker.take_module();
  trim_extents(out->index, sources);
  out->index.finish();

  // A repaired declaration is not checked by the CLI (it does not parse): its findings would be
  // about lines the analyst is still writing. Notes go with the finding before them.
  const std::vector<Diagnostic>& all = checked.all();
  bool dropped = false;
  for (std::size_t i = 0; i < all.size(); ++i) {
    const Diagnostic& d = all[i];
    if (i >= syntax_count) {
      if (d.severity != Severity::note) dropped = in_repaired(d, files);
      if (dropped) continue;
    }
    out->diagnostics.report(d);
  }
  return out;
}

std::unique_ptr<Analysis> analyze(const SourceSet& sources, const FunctionRegistry& functions) {
  std::vector<ParsedFilePtr> files;
  for (std::uint32_t id = 1; id <= sources.size(); ++id) files.push_back(parse_for_analysis(sources, id));
  return analyze(sources, files, functions);
}

const std::vector<std::string>& reserved_words() {
  static const std::vector<std::string> words(kReservedWords.begin(), kReservedWords.end());
  return words;
}

bool is_reserved_word(std::string_view word) noexcept {
  return std::find(kReservedWords.begin(), kReservedWords.end(), word) != kReservedWords.end();
}

bool is_valid_name(std::string_view name) noexcept {
  auto letter = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; };
  if (name.empty() || !letter(name[0])) return false;
  for (char c : name) {
    if (!letter(c) && !(c >= '0' && c <= '9')) return false;
  }
  return !is_reserved_word(name);
}

}  // namespace docket::dsl
