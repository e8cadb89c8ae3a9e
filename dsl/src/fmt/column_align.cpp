// Column alignment of rules, steps, fields, flow lines and SLA lines (see column_align.hpp).
#include "fmt/column_align.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <string>

#include "fmt/display_width.hpp"
#include "fmt/spacing.hpp"

namespace docket::dsl::fmt {

namespace {

enum Kind : int { none = 0, rule, node, field, flow, sla_action };

constexpr std::size_t kNoAnchor = static_cast<std::size_t>(-1);

Kind kind_of(const Line& line) {
  const std::vector<Token>& c = line.code;
  if (is_word(c[0], "rule")) return rule;
  if (is_word(c[0], "step") || is_word(c[0], "wait")) return node;
  if (is_word(c[0], "warn") || is_word(c[0], "breach")) return sla_action;
  if (c.size() >= 3 && c[0].kind == TokenKind::word && !is_reserved(c[0])) {
    if (is_punct(c[1], ":")) return line.in_record ? field : none;  // not a record value's field
    if (is_punct(c[1], "->")) return flow;
  }
  return none;
}

bool is_guard(const Token& t) { return is_word(t, "when") || is_word(t, "otherwise") || is_word(t, "on"); }

// An anchor: which tokens may start the column (at bracket depth 0 of the line, after the
// previous anchor), and, for the label, the one position it must be at.
struct Anchor {
  bool (*matches)(const Token&);
  std::size_t only_at = kNoAnchor;
};

std::vector<Anchor> anchors_of(Kind kind) {
  switch (kind) {
    case rule:
      return {{[](const Token& t) { return is_word(t, "then"); }}};
    case node:
      return {{[](const Token& t) { return t.kind == TokenKind::text; }, 2},
              {[](const Token& t) { return is_word(t, "by"); }},
              {[](const Token& t) { return is_word(t, "within"); }},
              {[](const Token& t) { return is_word(t, "outcome"); }}};
    case field:
      return {{[](const Token& t) { return is_punct(t, ":"); }, 1}};
    case flow:
      return {{is_guard}};
    case sla_action:
      return {{[](const Token& t) { return is_punct(t, "->"); }}};
    case none:
      break;
  }
  return {};
}

// Where each anchor of `kind` starts in `line` (kNoAnchor when it has none).
std::vector<std::size_t> find_anchors(const Line& line, Kind kind) {
  std::vector<Anchor> anchors = anchors_of(kind);
  std::vector<std::size_t> at(anchors.size(), kNoAnchor);
  std::size_t from = 1;
  for (std::size_t a = 0; a < anchors.size(); ++a) {
    int depth = 0;
    for (std::size_t i = from; i < line.code.size(); ++i) {
      const Token& t = line.code[i];
      if (depth == 0 && anchors[a].matches(t) && (anchors[a].only_at == kNoAnchor || anchors[a].only_at == i)) {
        at[a] = i;
        from = i + 1;
        break;
      }
      if (is_punct(t, "(") || is_punct(t, "[") || is_punct(t, "{")) ++depth;
      if (is_punct(t, ")") || is_punct(t, "]") || is_punct(t, "}")) --depth;
    }
  }
  return at;
}

void align_run(const std::vector<Line*>& run, Kind kind) {
  std::size_t anchor_count = anchors_of(kind).size();
  std::vector<std::vector<std::size_t>> anchors;
  std::vector<std::string> texts;
  for (const Line* line : run) {
    anchors.push_back(find_anchors(*line, kind));
    std::size_t first = std::min(*std::min_element(anchors.back().begin(), anchors.back().end()), line->code.size());
    texts.push_back(join(line->code, 0, first));
  }
  // Column by column, as in a table: a line without this anchor but with a later one has an empty
  // cell here, so its text so far widens the column too.
  for (std::size_t a = 0; a < anchor_count; ++a) {
    auto has_from = [&](std::size_t l, std::size_t from) {
      return std::any_of(anchors[l].begin() + static_cast<std::ptrdiff_t>(from), anchors[l].end(),
                         [](std::size_t at) { return at != kNoAnchor; });
    };
    bool used = std::any_of(anchors.begin(), anchors.end(), [&](const auto& at) { return at[a] != kNoAnchor; });
    if (!used) continue;  // no line has this anchor: no column, not even an empty one
    std::size_t column = 0;
    for (std::size_t l = 0; l < run.size(); ++l) {
      if (has_from(l, a)) column = std::max(column, display_width(texts[l]) + 1);
    }
    for (std::size_t l = 0; l < run.size(); ++l) {
      if (!has_from(l, a)) continue;
      texts[l].append(column - display_width(texts[l]), ' ');
      if (anchors[l][a] == kNoAnchor) continue;
      std::size_t next = run[l]->code.size();
      for (std::size_t b = a + 1; b < anchor_count; ++b) next = std::min(next, anchors[l][b]);
      texts[l] += join(run[l]->code, anchors[l][a], next);
    }
  }
  for (std::size_t l = 0; l < run.size(); ++l) run[l]->text = std::move(texts[l]);
}

}  // namespace

void align_statements(std::vector<Line>& lines) {
  auto kind = [](const Line& line) { return static_cast<int>(kind_of(line)); };
  for (const std::vector<Line*>& run : runs_of(lines, kind, false)) align_run(run, kind_of(*run.front()));
}

}  // namespace docket::dsl::fmt
