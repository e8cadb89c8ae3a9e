// Report segments: walking a field path of the arguments and applying a one-parameter decision.
#include "sim/segment.hpp"

#include <fmt/format.h>

#include "eval/evaluator.hpp"

namespace docket::sim::detail {

namespace {

std::string dotted(const std::vector<std::string>& path) {
  std::string s;
  for (const std::string& p : path) s += (s.empty() ? "" : ".") + p;
  return s;
}

std::size_t param_index(const ir::Workflow& workflow, const SegmentRule& rule) {
  for (std::size_t i = 0; i < workflow.params.size(); ++i) {
    if (workflow.params[i].name == rule.path.front()) return i;
  }
  std::string names;
  for (const ir::Param& p : workflow.params) names += (names.empty() ? "" : ", ") + p.name;
  throw SimError(fmt::format("segment path `{}`: workflow {} has no parameter `{}`; its parameters: {}", dotted(rule.path),
                             workflow.name, rule.path.front(), names));
}

std::size_t decision_index(const ir::Module& module, const SegmentRule& rule) {
  for (std::size_t i = 0; i < module.decisions.size(); ++i) {
    if (module.decisions[i].name == rule.decision) return i;
  }
  throw SimError(fmt::format("segment decision `{}` is not in the program", rule.decision));
}

std::string text_of(const Value& v) { return v.holds<std::string>() ? v.as_text() : to_string(v); }

}  // namespace

void check_segment_rule(const Program& program, const ir::Workflow& workflow, const SegmentRule& rule) {
  if (rule.path.empty()) return;
  Type type = workflow.params[param_index(workflow, rule)].type;
  for (std::size_t i = 1; i < rule.path.size(); ++i) {
    const RecordDef* def = type.record_def();
    if (def == nullptr) {
      throw SimError(fmt::format("segment path `{}`: `{}` is a {}, not a record", dotted(rule.path), rule.path[i - 1],
                                 type.name()));
    }
    std::optional<std::uint32_t> f = def->find(rule.path[i]);
    if (!f) {
      std::string names;
      for (const RecordField& field : def->fields) names += (names.empty() ? "" : ", ") + field.name;
      throw SimError(fmt::format("segment path `{}`: record {} has no field `{}`; its fields: {}", dotted(rule.path),
                                 def->name, rule.path[i], names));
    }
    type = def->fields[*f].type;
  }
  if (rule.decision.empty()) return;
  const ir::Decision& d = program.module().decisions[decision_index(program.module(), rule)];
  if (d.params.size() != 1) {
    throw SimError(fmt::format("segment decision `{}` takes {} parameters; a segment decision takes one (the value at `{}`)",
                               d.name, d.params.size(), dotted(rule.path)));
  }
  if (d.params[0].type.name() != type.name()) {
    throw SimError(fmt::format("segment decision `{}` takes a {}, but `{}` is a {}", d.name, d.params[0].type.name(),
                               dotted(rule.path), type.name()));
  }
}

std::string segment_of(const docket::detail::Evaluator& evaluator, const ir::Workflow& workflow, const SegmentRule& rule,
                       std::span<const Value> args) {
  if (rule.path.empty()) return {};
  Value v = args[param_index(workflow, rule)];
  for (std::size_t i = 1; i < rule.path.size(); ++i) {
    if (!v.holds<Value::Record>()) {
      throw SimError(fmt::format("segment path `{}`: `{}` is not a record", dotted(rule.path), rule.path[i - 1]));
    }
    const RecordValue& r = v.as_record();
    std::optional<std::uint32_t> f = r.def->find(rule.path[i]);
    if (!f) {
      std::string names;
      for (const RecordField& field : r.def->fields) names += (names.empty() ? "" : ", ") + field.name;
      throw SimError(fmt::format("segment path `{}`: record {} has no field `{}`; its fields: {}", dotted(rule.path),
                                 r.def->name, rule.path[i], names));
    }
    Value next = r.fields[*f];
    v = std::move(next);
  }
  if (rule.decision.empty()) return text_of(v);
  std::size_t index = decision_index(evaluator.reference().module(), rule);
  try {
    return text_of(evaluator.decide(index, std::span<const Value>(&v, 1)).value);
  } catch (const std::exception& e) {
    throw SimError(fmt::format("segment decision `{}` on `{}` failed: {}", rule.decision, dotted(rule.path), e.what()));
  }
}

}  // namespace docket::sim::detail

namespace docket::sim {

void check_segment_rule(const Program& program, std::string_view workflow, const SegmentRule& rule) {
  const ir::Workflow* wf = program.module().find_workflow(workflow);
  if (wf == nullptr) throw SimError(fmt::format("the program has no workflow `{}`", workflow));
  detail::check_segment_rule(program, *wf, rule);
}

std::optional<SegmentRule> parse_segment_rule(std::string_view text) {
  SegmentRule rule;
  std::string path(text);
  if (auto open = path.find('('); open != std::string::npos && !path.empty() && path.back() == ')') {
    rule.decision = path.substr(0, open);
    path = path.substr(open + 1, path.size() - open - 2);
  }
  for (std::size_t at = 0;;) {
    std::size_t dot = path.find('.', at);
    rule.path.push_back(path.substr(at, dot == std::string::npos ? std::string::npos : dot - at));
    if (rule.path.back().empty() || rule.path.back().find_first_of(" ()") != std::string::npos) return std::nullopt;
    if (dot == std::string::npos) break;
    at = dot + 1;
  }
  if (rule.decision.find_first_of(" .()") != std::string::npos || (path.empty())) return std::nullopt;
  if (text.find('(') != std::string_view::npos && rule.decision.empty()) return std::nullopt;
  return rule;
}

}  // namespace docket::sim
