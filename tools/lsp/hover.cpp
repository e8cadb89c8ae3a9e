// Hover: a name's declaration, kind, type and comments; elsewhere the type of the expression under the cursor.
#include <fmt/format.h>

#include "lsp/describe.hpp"
#include "lsp/features.hpp"

namespace docket::lsp {

namespace {

bool has_value_type(dsl::SymbolKind k) {
  using K = dsl::SymbolKind;
  return k == K::field || k == K::parameter || k == K::outcome || k == K::output || k == K::decision ||
         k == K::table || k == K::function;
}

// What a calendar is, from the configuration and plugins.
std::string calendar_text(const View& view, const std::string& name) {
  const CalendarProvider* c = view.project().environment().calendars.find(name);
  if (c == nullptr) {
    return view.project().config().empty()
               ? "No docket.toml was found beside these files or above them, so no calendar is defined."
               : "Not defined: neither docket.toml nor a loaded plugin defines it.";
  }
  std::string text = fmt::format("Time zone `{}`.", c->time_zone);
  if (auto where = view.project().calendar_definition(name)) {
    text += fmt::format(" Defined in `{}` line {}.", where->first.filename().string(), where->second + 1);
  } else if (!c->origin.empty()) {
    text += fmt::format(" From `{}`.", c->origin);
  }
  return text;
}

json markdown(const std::string& text, const json& range) {
  json h = {{"contents", {{"kind", "markdown"}, {"value", text}}}};
  if (!range.is_null()) h["range"] = range;
  return h;
}

}  // namespace

json hover(const View& view, std::uint32_t file, std::uint32_t offset) {
  const dsl::SymbolIndex& index = view.index();
  const dsl::Occurrence* o = index.occurrence_at(file, offset);
  if (o != nullptr && o->symbol != dsl::kNoSymbol) {
    const dsl::Symbol& s = index.symbols[o->symbol];
    std::string text = fmt::format("```dkt\n{}\n```\n", declaration_line(view, o->symbol));
    text += kind_line(view, o->symbol);
    if (has_value_type(s.kind) && !s.type.is_error()) text += fmt::format(" · type `{}`", s.type.name());
    text += "\n";
    if (s.kind == dsl::SymbolKind::calendar) text += "\n" + calendar_text(view, s.name) + "\n";
    if (s.kind == dsl::SymbolKind::function || s.kind == dsl::SymbolKind::action) {
      std::string origin;
      (void)external_signature(view, s, &origin);
      text += origin.empty() ? std::string("\nThe host's own action: no plugin registers it, so its arguments are not checked.\n")
                             : fmt::format("\nFrom `{}`.\n", origin);
    }
    if (std::string doc = doc_comment(view, o->symbol); !doc.empty()) text += "\n" + doc;
    return markdown(text, view.range(o->range));
  }
  if (const dsl::TypedRange* e = index.expression_at(file, offset); e != nullptr && !e->type.is_error()) {
    std::string_view source = view.text(e->range);
    if (source.size() > 80) source = source.substr(0, 77);
    return markdown(fmt::format("```dkt\n{}{}\n```\ntype `{}`", source, view.text(e->range).size() > 80 ? "..." : "",
                                e->type.name()),
                    view.range(e->range));
  }
  return nullptr;
}

}  // namespace docket::lsp
