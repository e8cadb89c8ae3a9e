// Checking SLA blocks: the target, the steps that start, stop and pause the clock, warnings and breach.
#include <fmt/format.h>

#include "check/checker.hpp"
#include "docket/core/flow_analysis.hpp"
#include "docket/core/suggest.hpp"

namespace docket::dsl {

std::optional<std::uint32_t> Checker::sla_node(const ast::Identifier& id, const ir::Workflow& w, std::string_view role) {
  auto found = w.find_node(id.name);
  if (index_) {
    const std::size_t wf = workflow_index(w);
    index_->use(found ? index_->node(wf, *found) : kNoSymbol, range(id), SlotKind::node, index_->workflow(wf));
  }
  if (found) return found;
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

std::uint16_t Checker::check_sla_by(const ast::SlaItem& item, const ir::Expr& target, const ir::Workflow& w) {
  const int hour = (item.unit[0] - '0') * 10 + (item.unit[1] - '0');
  const int minute = (item.unit[3] - '0') * 10 + (item.unit[4] - '0');
  if (hour > 24 || minute > 59 || (hour == 24 && minute != 0)) {
    error("D0524", range(item), fmt::format("`{}` is not a time of day", item.unit),
          "write the time as HH:MM, from 00:00 to 24:00, e.g. `by 16:00`");
    return 0;
  }
  if (w.calendar.empty()) {
    error("D0524", range(item), fmt::format("`by {}` counts working days, but workflow `{}` names no calendar", item.unit, w.name),
          "add `calendar \"cn-national\"` (a calendar from docket.toml) to the workflow");
  }
  if (target.kind == ir::ExprKind::literal && target.literal.holds<Duration>()) {
    const Duration& d = target.literal.as_duration();
    if (d.unit != DurationUnit::workdays || d.amount < 1) {
      error("D0524", target.range,
            fmt::format("a target `by {}` needs a number of workdays (at least 1), not {}", item.unit, to_string(d)),
            fmt::format("write `target 1 workday by {}` for {} on the next working day", item.unit, item.unit));
    }
  }
  return static_cast<std::uint16_t>(hour * 60 + minute);
}

void Checker::check_sla_breach(const ast::SlaItem& item, ir::Sla& sla, const Scope& scope) {
  ir::SlaBreach rung;
  rung.range = range(item);
  rung.action = check_sla_action(*item.action, scope);
  if (item.unit == "after") {
    ir::ExprPtr after = check_expr(item.value, scope, Type::duration());
    if (expect_type(*after, Type::duration(), "the time after the breach")) {
      Value v = constant_value(*after, "the time after the breach");
      if (v.holds<Duration>() && v.as_duration().amount > 0) {
        rung.after = v.as_duration();
      } else if (v.holds<Duration>()) {
        error("D0522", after->range, "an escalation after the breach must come a positive time after it",
              "for example `breach after 4h -> escalate level 3 to role \"director\"`");
      }
    }
  } else if (!sla.breaches.empty() && sla.breaches.front().after.amount == 0) {
    error("D0521", rung.range, fmt::format("SLA `{}` has two `breach` lines for the due time", sla.name),
          "keep one, or escalate further with `breach after 4h -> ...`");
  }
  if (!sla.breaches.empty()) {
    const ir::SlaBreach& last = sla.breaches.back();
    if (last.after.unit == rung.after.unit && last.after.amount >= rung.after.amount) {
      error("D0522", rung.range, "the escalation ladder is listed in the order it falls due",
            fmt::format("put `breach{}` before `breach after {}`",
                        rung.after.amount == 0 ? std::string() : " after " + to_string(rung.after),
                        to_string(last.after)));
    }
  }
  sla.breaches.push_back(std::move(rung));
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
  if (index_) {
    index_->declare(SymbolKind::sla, sla.name, index_->workflow(workflow_index(w)), Type::error(), range(decl.name),
                    range(decl));
  }
  bool has_target = false;
  bool has_span = false;
  bool has_pause = false;
  bool has_cancel = false;
  bool has_reset = false;
  auto once = [&](bool& seen, const ast::SlaItem& item) {
    if (seen) error("D0521", range(item), fmt::format("`{}` is given twice in SLA `{}`", item.kind, sla.name), "keep one");
    seen = true;
  };
  for (const ast::SlaItem& item : decl.items) {
    if (item.kind == "target") {
      once(has_target, item);
      sla.target = check_expr(item.value, scope, Type::duration());
      expect_type(*sla.target, Type::duration(), "an SLA target");
      if (!item.unit.empty()) sla.by_minute = check_sla_by(item, *sla.target, w);
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
    } else if (item.kind == "cancel" || item.kind == "reset") {
      bool& seen = item.kind == "cancel" ? has_cancel : has_reset;
      once(seen, item);
      for (const ast::Identifier& id : item.nodes) {
        auto s = sla_node(id, w, item.kind == "cancel" ? "is cancelled" : "is reset");
        if (s) (item.kind == "cancel" ? sla.cancel : sla.reset).push_back(*s);
      }
    } else if (item.kind == "breach") {
      check_sla_breach(item, sla, scope);
    } else if (item.kind == "warn") {
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
        if (v.holds<Duration>() && v.as_duration().unit == DurationUnit::workdays) {
          error("D0522", at->range, "a warning before the due time is counted in clock time or workhours, not workdays",
                fmt::format("write `warn at {} workhours before`, or a percentage", v.as_duration().amount * 8));
        } else if (v.holds<Duration>() && v.as_duration().amount > 0) {
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
    } else {
      error("D0521", range(item), fmt::format("`{}` is not an SLA line", item.kind),
            "write target, from, pause while, cancel at, reset at, warn at or breach");
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
