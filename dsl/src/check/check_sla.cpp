// Checking SLA blocks: the target, the steps that start, stop and pause the clock, warnings and breach.
#include <fmt/format.h>

#include "check/checker.hpp"
#include "docket/core/flow_analysis.hpp"
#include "docket/core/suggest.hpp"

namespace docket::dsl {

std::optional<std::uint32_t> Checker::sla_node(const ast::Identifier& id, const ir::Workflow& w, std::string_view role) {
  if (auto n = w.find_node(id.name)) return n;
  std::vector<std::string> names;
  for (const ir::Node& n : w.nodes) names.push_back(n.name);
  error("D0520", range(id), fmt::format("the SLA {} at `{}`, which is not a step of workflow `{}`", role, id.name, w.name),
        suggestion_hint(id.name, names, "name a step, wait or end of this workflow, or `start`"));
  return std::nullopt;
}

ir::SlaAction Checker::check_sla_action(const ast::SlaAction& a, const Scope& scope) {
  ir::SlaAction out;
  out.range = range(a);
  out.verb = a.verb == "notify" ? ir::SlaVerb::notify : a.verb == "supervise" ? ir::SlaVerb::supervise : ir::SlaVerb::escalate;
  if (a.level) {
    if (out.verb != ir::SlaVerb::escalate) {
      error("D0522", out.range, fmt::format("only `escalate` takes a level, not `{}`", a.verb),
                "write `escalate level 2 to role \"district_manager\"`");
    } else if (*a.level < 1) {
      error("D0522", out.range, "an escalation level starts at 1", "write `escalate level 1 to ...`");
    } else {
      out.level = *a.level;
    }
  }
  check_assignee(a.kind, a.target, out.range, scope, {out.assignee, out.role, out.action, out.action_args});
  return out;
}

void Checker::check_sla(const ast::SlaDecl& decl, ir::Workflow& w, const Scope& scope) {
  for (const ir::Sla& other : w.slas) {
    if (other.name == decl.name.name) {
      error("D0521", range(decl.name), fmt::format("workflow `{}` has two SLAs named `{}`", w.name, decl.name.name),
            "give each SLA its own name");
    }
  }
  ir::Sla sla;
  sla.name = decl.name.name;
  sla.range = range(decl.name);
  bool has_target = false;
  bool has_span = false;
  bool has_pause = false;
  auto once = [&](bool& seen, const ast::SlaItem& item) {
    if (seen) error("D0521", range(item), fmt::format("`{}` is given twice in SLA `{}`", item.kind, sla.name), "keep one");
    seen = true;
  };
  for (const ast::SlaItem& item : decl.items) {
    if (item.kind == "target") {
      once(has_target, item);
      sla.target = check_expr(item.value, scope, Type::duration());
      expect_type(*sla.target, Type::duration(), "an SLA target");
    } else if (item.kind == "from") {
      once(has_span, item);
      if (auto s = sla_node(item.nodes[0], w, "starts")) sla.start = *s;
      for (std::size_t i = 1; i < item.nodes.size(); ++i) {
        if (auto s = sla_node(item.nodes[i], w, "stops")) sla.stop.push_back(*s);
      }
    } else if (item.kind == "pause") {
      once(has_pause, item);
      for (const ast::Identifier& id : item.nodes) {
        if (auto s = sla_node(id, w, "pauses")) sla.pause.push_back(*s);
      }
    } else if (item.kind == "breach") {
      if (sla.breach) error("D0521", range(item), fmt::format("SLA `{}` has two `breach` lines", sla.name), "keep one");
      sla.breach = check_sla_action(*item.action, scope);
    } else {  // warn
      ir::SlaWarning warning;
      warning.range = range(item);
      warning.action = check_sla_action(*item.action, scope);
      ir::ExprPtr at = check_expr(item.value, scope, item.unit == "%" ? Type::integer() : Type::duration());
      if (item.unit == "%") {
        std::int64_t p = at->literal.holds<std::int64_t>() ? at->literal.as_int() : 0;
        if (p < 1 || p > 99) {
          error("D0522", at->range, fmt::format("a warning at {}% never falls before the breach", p),
                "warn at a percentage from 1 to 99 of the target");
        } else {
          warning.percent = p;
        }
      } else if (expect_type(*at, Type::duration(), "a warning's time before the due time")) {
        Value v = constant_value(*at, "a warning's time before the due time");
        if (v.holds<Duration>() && v.as_duration().amount > 0) {
          warning.before = v.as_duration();
        } else if (v.holds<Duration>()) {
          error("D0522", at->range, "a warning must come a positive time before the due time", "for example `warn at 2h before`");
        }
      }
      if (warning.percent && !sla.warnings.empty() && sla.warnings.back().percent &&
          *sla.warnings.back().percent >= *warning.percent) {
        error("D0522", warning.range, "warnings are listed in the order they fall due",
              fmt::format("put `warn at {}%` before `warn at {}%`", *warning.percent, *sla.warnings.back().percent));
      }
      sla.warnings.push_back(std::move(warning));
    }
  }
  if (!has_target) {
    error("D0521", sla.range, fmt::format("SLA `{}` has no `target`", sla.name),
          "add `target 5 workdays`, or an expression such as `target install_limit(app).limit`");
  }
  if (!has_span) {
    error("D0521", sla.range, fmt::format("SLA `{}` does not say when its clock runs", sla.name),
          "add `from start until done`, naming the steps that start and stop the clock");
  }
  const std::vector<bool> from_start = has_span ? reachable_from(w, sla.start) : std::vector<bool>{};
  for (std::uint32_t stop : sla.stop) {
    if (has_span && !from_start[stop]) {
      error("D0523", sla.range,
            fmt::format("SLA `{}` stops at `{}`, which the flow never reaches from `{}`", sla.name, w.nodes[stop].name,
                        w.nodes[sla.start].name),
            "stop the clock at a step that follows the one that starts it");
    }
  }
  for (std::uint32_t p : sla.pause) {
    if (w.nodes[p].kind != ir::NodeKind::step && w.nodes[p].kind != ir::NodeKind::wait) {
      error("D0520", sla.range, fmt::format("the SLA cannot pause at `{}`: only steps and waits are ever active", w.nodes[p].name),
            "pause while a wait (such as `waiting_customer`) is active");
    }
  }
  w.slas.push_back(std::move(sla));
}

}  // namespace docket::dsl
