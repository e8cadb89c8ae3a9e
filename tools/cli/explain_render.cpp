// Rendering explanations: positions become file:line and source text, values their readable form.
#include "cli/explain_render.hpp"

#include <fmt/format.h>

#include "cli/value_json.hpp"

namespace docket::cli {

namespace {

using Json = nlohmann::ordered_json;

std::uint32_t line_of(const SourceRange& r, const SourceSet& sources) {
  if (!r.valid() || r.file > sources.size()) return 0;
  return sources.file(r.file).line_column(r.begin).line;
}

std::string where(const SourceRange& r, const SourceSet& sources) {
  if (!r.valid() || r.file > sources.size()) return "?";
  return fmt::format("{}:{}", sources.file(r.file).name(), line_of(r, sources));
}

// The range's own text on one line (runs of spaces and line breaks become one space).
std::string text_of(const SourceRange& r, const SourceSet& sources) {
  if (!r.valid() || r.file > sources.size()) return "";
  const std::string& text = sources.file(r.file).text();
  if (r.begin > r.end || r.end > text.size()) return "";
  std::string out;
  bool space = false;
  for (std::uint32_t i = r.begin; i < r.end; ++i) {
    const char c = text[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

std::string values_text(const std::vector<ReadValue>& values) {
  std::string out;
  for (const ReadValue& v : values) {
    out += out.empty() ? "" : ", ";
    out += fmt::format("{} = {}", v.path, to_string(v.value));
  }
  return out;
}

const char* noun(const Explanation& e) { return e.is_table ? "row" : "rule"; }

std::string check_text(const Explanation& e, const RowCheck& c, const SourceSet& sources) {
  std::string head = fmt::format("{} {}", noun(e), c.index + 1);
  if (!c.label.empty()) head += fmt::format(" \"{}\"", c.label);
  head += fmt::format(" (line {})", line_of(c.range, sources));
  if (c.matched) return head + ": matches";
  if (!c.error.empty()) {
    return fmt::format("{}: `{}` failed: {}{}", head, text_of(c.failed, sources), c.error,
                       c.failed_on.empty() ? "" : ", with " + values_text(c.failed_on));
  }
  if (e.is_table && !c.failed_on.empty()) {
    // The column's value first; then what a computed cell read (`> limit`, with limit = 3).
    const std::vector<ReadValue> cell_reads(c.failed_on.begin() + 1, c.failed_on.end());
    return fmt::format("{}: {} = {} does not match `{}`{}", head, c.column, to_string(c.failed_on.front().value),
                       text_of(c.failed, sources), cell_reads.empty() ? "" : ", with " + values_text(cell_reads));
  }
  std::string out = fmt::format("{}: `{}` is false", head, text_of(c.failed, sources));
  if (!c.failed_on.empty()) out += fmt::format(", with {}", values_text(c.failed_on));
  return out;
}

void render_text(const Explanation& e, const SourceSet& sources, const std::string& pad, std::string& out) {
  out += fmt::format("{}{} {} ({}){}\n", pad, e.is_table ? "table" : "decision", e.decision, where(e.range, sources),
                     e.is_table ? fmt::format(", hit {}", ir::hit_policy_name(e.hit)) : "");
  if (e.error.empty()) {
    out += fmt::format("{}  answer: {}\n", pad, to_string(e.value));
  } else {
    out += fmt::format("{}  error: {}\n", pad, e.error);
  }
  if (e.fired) {
    out += fmt::format("{}  fired: {} {} (line {}): {}\n", pad, noun(e), *e.fired + 1, line_of(e.fired_range, sources),
                       text_of(e.fired_range, sources));
  } else if (e.by_otherwise) {
    out += fmt::format("{}  fired: otherwise (line {}): {}\n", pad, line_of(e.fired_range, sources),
                       text_of(e.fired_range, sources));
  }
  const bool combined = e.is_table && !e.fired && !e.by_otherwise && e.error.empty();
  if (combined) {
    std::string rows;
    for (std::size_t r : e.matching) rows += fmt::format("{}{}", rows.empty() ? "" : ", ", r + 1);
    out += fmt::format("{}  matching rows: {}\n", pad, rows.empty() ? "none" : rows);
  }
  bool heading = false;
  for (const RowCheck& c : e.checks) {
    if (e.fired && c.index == *e.fired) continue;
    if (!heading) {
      const bool above = (!e.is_table || e.hit == ir::HitPolicy::first) && e.fired;
      out += fmt::format("{}  {}:\n", pad, above ? fmt::format("why not the {}s above", noun(e))
                                                 : fmt::format("{}s checked", noun(e)));
      heading = true;
    }
    out += fmt::format("{}    {}\n", pad, check_text(e, c, sources));
  }
  if (!e.inputs.empty()) {
    out += fmt::format("{}  inputs read:\n", pad);
    for (const ReadValue& in : e.inputs) out += fmt::format("{}    {} = {}\n", pad, in.path, to_string(in.value));
  }
  if (!e.calls.empty()) {
    out += fmt::format("{}  called:\n", pad);
    for (const Explanation& call : e.calls) render_text(call, sources, pad + "    ", out);
  }
}

Json values_json(const std::vector<ReadValue>& values) {
  Json object = Json::object();
  for (const ReadValue& v : values) object[v.path] = value_to_json(v.value);
  return object;
}

}  // namespace

std::string render_explanation_text(const Explanation& e, const SourceSet& sources) {
  std::string out;
  render_text(e, sources, "", out);
  return out;
}

Json render_explanation_json(const Explanation& e, const SourceSet& sources) {
  Json j;
  j["decision"] = e.decision;
  j["kind"] = e.is_table ? "table" : "rules";
  j["hit"] = ir::hit_policy_name(e.hit);
  j["at"] = where(e.range, sources);
  j["value"] = value_to_json(e.value);
  j["error"] = e.error.empty() ? Json(nullptr) : Json(e.error);
  if (e.fired) {
    j["fired"] = {{"index", *e.fired + 1}, {"line", line_of(e.fired_range, sources)},
                  {"text", text_of(e.fired_range, sources)}};
  } else if (e.by_otherwise) {
    j["fired"] = {{"otherwise", true}, {"line", line_of(e.fired_range, sources)},
                  {"text", text_of(e.fired_range, sources)}};
  } else {
    j["fired"] = nullptr;
  }
  Json checks = Json::array();
  for (const RowCheck& c : e.checks) {
    Json cj = {{"index", c.index + 1}, {"line", line_of(c.range, sources)}, {"matched", c.matched}};
    if (!c.label.empty()) cj["label"] = c.label;
    if (!c.matched) {
      cj["failed"] = text_of(c.failed, sources);
      if (!c.column.empty()) cj["column"] = c.column;
      cj["values"] = values_json(c.failed_on);
      if (!c.error.empty()) cj["error"] = c.error;
    }
    checks.push_back(std::move(cj));
  }
  j["checks"] = std::move(checks);
  if (e.is_table) {
    Json rows = Json::array();
    for (std::size_t r : e.matching) rows.push_back(r + 1);
    j["matching"] = std::move(rows);
  }
  j["inputs"] = values_json(e.inputs);
  Json calls = Json::array();
  for (const Explanation& call : e.calls) calls.push_back(render_explanation_json(call, sources));
  j["calls"] = std::move(calls);
  return j;
}

}  // namespace docket::cli
