// DMN names to docket identifiers (snake_case for values, PascalCase for types, members kept as written).
#include "names.hpp"

#include <array>
#include <vector>

namespace docket::dmn {

namespace {

// The reserved words of dsl/src/parse/reserved_words.hpp, and the words FEEL-made names must also avoid
// because a .dkt reads them as something else (`now` in tests, the duration units after a number).
// Keywords, and the built-in functions' names (a decision called `sum` would hide the built-in the
// importer writes for FEEL's sum()).
constexpr std::array<std::string_view, 38> kReserved = {
    "module", "import", "enum",  "record", "decision", "table",     "workflow", "test", "hit",  "rule",
    "when",   "then",   "otherwise", "step", "wait",    "end",       "flow",     "by",   "within", "outcome",
    "on",     "and",    "or",    "not",    "in",        "true",      "false",    "now",  "expect",
    "min",    "max",    "sum",   "count",  "abs",       "floor",     "ceiling",  "decimal", "string"};

bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
char lower(char c) { return is_upper(c) ? static_cast<char>(c - 'A' + 'a') : c; }
char upper(char c) { return is_lower(c) ? static_cast<char>(c - 'a' + 'A') : c; }

std::vector<std::string> words(std::string_view s) {
  std::vector<std::string> out;
  std::string cur;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (!is_alpha(c) && !is_digit(c)) {
      if (!cur.empty()) out.push_back(std::move(cur));
      cur.clear();
      continue;
    }
    // lowerUpper, and the last capital of a run before a lower-case letter (`HTTPServer` → HTTP, Server)
    const bool split = !cur.empty() && is_upper(c) &&
                       (is_lower(cur.back()) || is_digit(cur.back()) ||
                        (is_upper(cur.back()) && i + 1 < s.size() && is_lower(s[i + 1])));
    if (split) {
      out.push_back(std::move(cur));
      cur.clear();
    }
    cur += c;
  }
  if (!cur.empty()) out.push_back(std::move(cur));
  return out;
}

std::string finish(std::string name) {
  if (name.empty()) return "x";
  if (is_digit(name.front())) name.insert(name.begin(), '_');
  if (is_reserved(name)) name += '_';
  return name;
}

}  // namespace

bool is_reserved(std::string_view word) {
  for (std::string_view r : kReserved) {
    if (r == word) return true;
  }
  return false;
}

std::string comment_text(std::string_view text) {
  std::string out;
  for (char c : text) out += static_cast<unsigned char>(c) < 0x20 || c == 0x7f ? ' ' : c;
  return out;
}

std::string snake_name(std::string_view dmn) {
  std::string out;
  for (const std::string& w : words(dmn)) {
    if (!out.empty()) out += '_';
    for (char c : w) out += lower(c);
  }
  return finish(out);
}

std::string pascal_name(std::string_view dmn) {
  std::string out;
  for (const std::string& w : words(dmn)) {
    out += upper(w.front());
    out.append(w, 1);
  }
  return finish(out);
}

std::string member_name(std::string_view value) {
  std::string out;
  bool gap = false;
  for (char c : value) {
    if (is_alpha(c) || is_digit(c)) {
      if (gap && !out.empty()) out += '_';
      gap = false;
      out += c;
    } else {
      gap = true;
    }
  }
  return finish(out);
}

std::string NameTable::claim(const std::string& wanted) {
  std::string name = wanted;
  for (int n = 2; used_.count(name) != 0; ++n) name = wanted + "_" + std::to_string(n);
  used_.insert(name);
  return name;
}

}  // namespace docket::dmn
