// Completion. The text is analysed again with a marker name typed at the cursor, so the checker
// itself says what the name there could be (a field of which record, a step of which workflow, an
// event, a member of the enum expected, a plugin function after `site.`); keywords come from the
// block the cursor is in. A calendar inside `calendar "..."` comes from docket.toml and plugins.
#include <fmt/format.h>

#include <algorithm>
#include <regex>
#include <set>

#include "docket/core/ir.hpp"
#include "lsp/describe.hpp"
#include "lsp/features.hpp"

namespace docket::lsp {

namespace {

using K = dsl::SymbolKind;
using dsl::SlotKind;

constexpr std::string_view kMarker = "__dkt_cursor__";

// LSP CompletionItemKind
enum ItemKind : int {
  kFunction = 3,
  kField = 5,
  kVariable = 6,
  kClass = 7,
  kModule = 9,
  kProperty = 10,
  kValue = 12,
  kEnum = 13,
  kKeyword = 14,
  kEnumMember = 20,
  kStruct = 22,
  kEvent = 23,
  kTypeParameter = 25,
};

bool is_word(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'; }

int item_kind(K k) {
  switch (k) {
    case K::enumeration: return kEnum;
    case K::member: return kEnumMember;
    case K::record: return kStruct;
    case K::field:
    case K::output: return kField;
    case K::decision:
    case K::table:
    case K::function:
    case K::action: return kFunction;
    case K::parameter: return kVariable;
    case K::workflow: return kClass;
    case K::outcome: return kProperty;
    case K::event: return kEvent;
    case K::module: return kModule;
    case K::calendar: return kValue;
    default: return kValue;  // steps, waits, ends
  }
}

class Items {
 public:
  Items(json range) : range_(std::move(range)) {}
  void add(const std::string& label, int kind, const std::string& detail, const std::string& sort,
           const std::string& insert = {}) {
    if (label.empty() || label.find(kMarker) != std::string::npos || !seen_.insert(label).second) return;
    json item = {{"label", label}, {"kind", kind}, {"sortText", sort + label},
                 {"textEdit", {{"range", range_}, {"newText", insert.empty() ? label : insert}}}};
    if (!detail.empty()) item["detail"] = detail;
    items_.push_back(std::move(item));
  }
  void keywords(std::initializer_list<const char*> words) {
    for (const char* w : words) add(w, kKeyword, "", "9");
  }
  json take() { return {{"isIncomplete", false}, {"items", std::move(items_)}}; }

 private:
  json range_;
  json items_ = json::array();
  std::set<std::string> seen_;
};

// The block the cursor is in (innermost first word before a `{`: workflow, flow, sla, test,
// decision, table, record, enum; `value` for a record value), skipping texts and comments.
std::string block_at(std::string_view text, std::size_t offset) {
  std::vector<std::string> stack;
  std::size_t line_start = 0;
  bool quoted = false;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    char c = text[i];
    if (c == '\n') {
      line_start = i + 1;
      quoted = false;
      continue;
    }
    if (quoted) {
      if (c == '\\') ++i;
      else if (c == '"') quoted = false;
      continue;
    }
    if (c == '"') {
      quoted = true;
    } else if (c == '#') {
      while (i < offset && i < text.size() && text[i] != '\n') ++i;
      line_start = i + 1;
    } else if (c == '{') {
      std::size_t w = line_start;
      while (w < i && (text[w] == ' ' || text[w] == '\t')) ++w;
      std::size_t e = w;
      while (e < i && is_word(text[e])) ++e;
      std::string word(text.substr(w, e - w));
      static const std::set<std::string> blocks = {"workflow", "flow", "sla", "test", "decision", "table", "record", "enum"};
      stack.push_back(blocks.count(word) != 0 ? word : "value");
    } else if (c == '}' && !stack.empty()) {
      stack.pop_back();
    }
  }
  return stack.empty() ? std::string() : stack.back();
}

// Whether the cursor is in a comment or a text on its line.
bool in_comment_or_text(std::string_view line) {
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    if (quoted && line[i] == '\\') {
      ++i;
      continue;
    }
    if (line[i] == '"') quoted = !quoted;
    if (line[i] == '#' && !quoted) return true;
  }
  return quoted;
}

// What to add after the marker so that the line reads as finished (see completion()).
std::vector<std::string> trial_suffixes(std::string_view before, std::string_view after) {
  std::string closers;
  bool quoted = false;
  for (std::size_t i = 0; i < before.size(); ++i) {
    const char c = before[i];
    if (quoted) {
      if (c == '\\') ++i;
      else if (c == '"') quoted = false;
      continue;
    }
    if (c == '"') quoted = true;
    else if (c == '(') closers.insert(closers.begin(), ')');
    else if (c == '[') closers.insert(closers.begin(), ']');
    else if (c == '{') closers.insert(closers.begin(), '}');
    else if ((c == ')' || c == ']' || c == '}') && !closers.empty() && closers.front() == c) closers.erase(0, 1);
  }
  const std::size_t rest = after.find_first_not_of(" \t\r");
  const bool rest_blank = rest == std::string_view::npos || after[rest] == '#';
  static const std::regex rule_line(R"(^\s*rule\b)");
  const bool needs_then = rest_blank && std::regex_search(before.begin(), before.end(), rule_line) &&
                          before.find(" then ") == std::string_view::npos;
  std::string tail = rest_blank ? closers : std::string();
  if (needs_then) tail += " then 0";
  if (!closers.empty() && closers.front() == '}') tail = " " + tail;
  return {tail, ": 0" + tail};
}

void add_keywords(Items& items, const std::string& block, bool line_start, std::string_view before) {
  static const std::regex after_by(R"(\bby\s+$)");
  static const std::regex after_hit(R"(\bhit\s+$)");
  // After a whole number and a space: the units written after a space (`5 workdays`, `2 months`).
  static const std::regex after_number(R"((^|[^\w.])\d+\s+\w*$)");
  if (std::regex_search(before.begin(), before.end(), after_number)) {
    items.keywords({"workdays", "workhours", "months", "workday", "workhour", "month"});
  }
  if (std::regex_search(before.begin(), before.end(), after_by)) {
    items.keywords({"role", "action"});
    return;
  }
  if (std::regex_search(before.begin(), before.end(), after_hit)) {
    if (block == "decision") {
      items.keywords({"first"});
    } else {
      items.keywords({"unique", "any", "priority", "first", "output order", "rule order", "collect", "collect sum",
                      "collect count", "collect min", "collect max"});
    }
    return;
  }
  if (block.empty()) {
    if (line_start) items.keywords({"module", "import", "enum", "record", "decision", "table", "workflow", "test"});
  } else if (block == "workflow") {
    if (line_start) {
      items.keywords({"label", "calendar", "repeat every", "sla", "step", "wait", "parallel", "join", "end", "flow"});
    } else {
      items.keywords({"by", "role", "action", "within", "outcome", "every", "for", "times"});
    }
  } else if (block == "flow") {
    if (!line_start) items.keywords({"when", "otherwise", "on"});
  } else if (block == "sla") {
    if (line_start) {
      items.keywords({"target", "from", "pause while", "cancel at", "reset at", "warn at", "breach", "breach after"});
    } else {
      items.keywords({"until", "by", "before", "notify", "supervise", "escalate", "level", "to", "role", "action"});
    }
  } else if (block == "test") {
    if (line_start) {
      items.keywords({"expect", "expect active", "expect ended", "expect escalated level", "expect due",
                      "expect warned", "expect breached", "expect action", "expect started", "at", "start", "complete",
                      "signal", "advance", "advance to"});
    } else {
      items.keywords({"with", "at", "to role", "now", "times"});
    }
  } else if (block == "decision") {
    if (line_start) items.keywords({"hit first", "rule", "otherwise"});
    else items.keywords({"when", "then"});
  } else if (block == "table") {
    if (line_start) items.keywords({"hit"});
  }
}

// The symbols of `kinds` under `scope` (kNoSymbol: the top-level ones).
void add_symbols(Items& items, const View& view, std::uint32_t scope, std::initializer_list<K> kinds,
                 const std::string& sort, const std::string& suffix = {}) {
  for (std::uint32_t c : view.index().children(scope)) {
    const dsl::Symbol& s = view.index().symbols[c];
    if (std::find(kinds.begin(), kinds.end(), s.kind) == kinds.end()) continue;
    items.add(s.name, item_kind(s.kind), declaration_line(view, c), sort, suffix.empty() ? std::string() : s.name + suffix);
  }
}

// The symbols of `kinds` under `scope`, which must be known (a half-typed scope offers nothing).
void add_children(Items& items, const View& view, std::uint32_t scope, std::initializer_list<K> kinds,
                  const std::string& sort, const std::string& suffix = {}) {
  if (scope != dsl::kNoSymbol) add_symbols(items, view, scope, kinds, sort, suffix);
}

void add_top(Items& items, const View& view, std::initializer_list<K> kinds, const std::string& sort) {
  add_symbols(items, view, dsl::kNoSymbol, kinds, sort);
}

// What the checker's slot at the cursor allows.
void add_slot(Items& items, const View& view, const dsl::Occurrence& o) {
  const FunctionRegistry& functions = view.project().environment().functions;
  auto dotted = [&](const std::vector<std::string>& names, bool is_function) {
    for (const std::string& n : names) {
      if (n.rfind(o.prefix, 0) != 0) continue;
      dsl::Symbol s{is_function ? K::function : K::action, n, dsl::kNoSymbol, {}, {}, {}};
      items.add(n.substr(o.prefix.size()), kFunction, external_signature(view, s, nullptr), "1");
    }
  };
  switch (o.slot) {
    case SlotKind::value: {
      if (const EnumDef* e = o.expected.enum_def()) {
        if (auto id = view.index().find(K::enumeration, e->name)) add_children(items, view, *id, {K::member}, "0");
      }
      add_children(items, view, o.scope, {K::parameter}, "1");
      add_children(items, view, o.scope, {K::step}, "3");
      add_top(items, view, {K::decision, K::table}, "2");
      add_top(items, view, {K::enumeration, K::record}, "4");
      for (const std::string& n : functions.names()) {
        dsl::Symbol s{K::function, n, dsl::kNoSymbol, {}, {}, {}};
        items.add(n, kFunction, external_signature(view, s, nullptr), "5");
      }
      for (std::size_t i = 0; i < ir::kBuiltinCount; ++i) {
        items.add(ir::builtin_name(static_cast<ir::Builtin>(i)), kFunction, "built-in function", "6");
      }
      items.keywords({"true", "false", "not", "and", "or", "in"});
      break;
    }
    case SlotKind::field: add_children(items, view, o.scope, {K::field, K::output}, "0"); break;
    case SlotKind::member: add_children(items, view, o.scope, {K::member}, "0"); break;
    case SlotKind::outcome: add_children(items, view, o.scope, {K::outcome}, "0"); break;
    case SlotKind::record_field: add_children(items, view, o.scope, {K::field}, "0", ": "); break;
    case SlotKind::callee: dotted(functions.names(), true); break;
    case SlotKind::action: {
      std::vector<std::string> names = functions.action_names();
      for (const dsl::Symbol& s : view.index().symbols) {
        if (s.kind == K::action) names.push_back(s.name);
      }
      dotted(names, false);
      break;
    }
    case SlotKind::type:
      for (const char* t : {"bool", "int", "number", "text", "duration", "time", "date", "time of day"}) items.add(t, kTypeParameter, "built-in type", "0");
      add_top(items, view, {K::enumeration, K::record}, "1");
      items.add("list of", kKeyword, "a list type, e.g. `list of text`", "2");
      break;
    case SlotKind::node: add_children(items, view, o.scope, {K::step, K::wait, K::parallel, K::join, K::end}, "0"); break;
    case SlotKind::step: add_children(items, view, o.scope, {K::step}, "0"); break;
    case SlotKind::active: add_children(items, view, o.scope, {K::step, K::wait}, "0"); break;
    case SlotKind::end: add_children(items, view, o.scope, {K::end}, "0"); break;
    case SlotKind::event: add_children(items, view, o.scope, {K::event}, "0"); break;
    case SlotKind::workflow: add_top(items, view, {K::workflow}, "0"); break;
    case SlotKind::module: add_top(items, view, {K::module}, "0"); break;
    case SlotKind::calendar:
    case SlotKind::none: break;
  }
}

json calendars(const View& view, const json& range, bool close) {
  Items items(range);
  for (const std::string& name : view.project().environment().calendars.names()) {
    const CalendarProvider* c = view.project().environment().calendars.find(name);
    items.add(name, kValue, c ? "calendar, zone " + c->time_zone : "calendar", "0", close ? name + "\"" : name);
  }
  return items.take();
}

}  // namespace

json completion(Project& project, const View& view, const Document& document, std::uint32_t file,
                std::uint32_t offset) {
  (void)document;  // the view's text is the document's: the server analysed it as it stands
  const std::string& text = view.sources().file(file).text();
  offset = std::min<std::uint32_t>(offset, static_cast<std::uint32_t>(text.size()));
  std::size_t start = offset;
  while (start > 0 && is_word(text[start - 1])) --start;
  std::size_t line_begin = offset == 0 ? std::string::npos : text.rfind('\n', offset - 1);
  line_begin = line_begin == std::string::npos ? 0 : line_begin + 1;
  const std::string_view before(text.data() + line_begin, offset - line_begin);
  const json range = {{"start", view.position(file, static_cast<std::uint32_t>(start))}, {"end", view.position(file, offset)}};

  static const std::regex calendar_text(R"(^\s*calendar\s+"([^"]*)$)");
  std::cmatch m;
  if (std::regex_search(before.data(), before.data() + before.size(), m, calendar_text)) {
    const auto quote = static_cast<std::uint32_t>(offset - m[1].length());
    const json inside = {{"start", view.position(file, quote)}, {"end", view.position(file, offset)}};
    return calendars(view, inside, offset >= text.size() || text[offset] != '"');
  }
  if (in_comment_or_text(before)) return {{"isIncomplete", false}, {"items", json::array()}};

  Items items(range);
  const std::string block = block_at(text, start);
  const bool line_start = std::all_of(before.begin(), before.begin() + static_cast<std::ptrdiff_t>(start - line_begin),
                                      [](char c) { return c == ' ' || c == '\t'; });
  // A name typed at the cursor, as the checker would meet it in finished text: brackets the line
  // opened closed, a rule's `then` added, and, where only `name: value` parses (a record value's
  // field, a step's outcome), a value after it.
  std::size_t line_end = text.find('\n', offset);
  if (line_end == std::string::npos) line_end = text.size();
  const std::string_view after(text.data() + offset, line_end - offset);
  for (const std::string& suffix : trial_suffixes(before, after)) {
    std::string trial = text.substr(0, offset);
    trial += kMarker;
    trial += suffix;
    trial += text.substr(offset);
    std::unique_ptr<Snapshot> snap = project.analyze_with(file, std::move(trial));
    const View trial_view(project, *snap, view.encoding());
    const dsl::Occurrence* o = snap->analysis->index.occurrence_at(file, offset);
    if (o == nullptr || o->slot == SlotKind::none || o->range.begin > start ||
        o->range.end < offset + kMarker.size()) {
      continue;
    }
    add_slot(items, trial_view, *o);
    if (o->slot == SlotKind::value) add_keywords(items, block, line_start, before);
    return items.take();
  }
  add_keywords(items, block, line_start, before);
  return items.take();
}

}  // namespace docket::lsp
