// Checking `test` blocks: expectations about decisions, and scenarios through one workflow.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "check/checker.hpp"
#include "docket/core/suggest.hpp"

namespace docket::dsl {

namespace {

std::vector<std::string> node_names(const ir::Workflow& w, std::initializer_list<ir::NodeKind> kinds) {
  std::vector<std::string> names;
  for (const ir::Node& n : w.nodes) {
    for (ir::NodeKind k : kinds) {
      if (n.kind == k) names.push_back(n.name);
    }
  }
  return names;
}

// The names of the actions `w` can send: its steps' `by action` and its SLAs' verbs and actions.
std::vector<std::string> action_names(const ir::Workflow& w) {
  std::vector<std::string> names;
  auto add = [&](const std::string& n) {
    if (!n.empty() && std::find(names.begin(), names.end(), n) == names.end()) names.push_back(n);
  };
  for (const ir::Node& n : w.nodes) {
    if (n.assignee == ir::AssigneeKind::action) add(n.action);
  }
  auto sla_action = [&](const ir::SlaAction& a) {
    if (a.assignee == ir::AssigneeKind::action) {
      add(a.action);
    } else {
      add(a.verb == ir::SlaVerb::notify ? "notify" : a.verb == ir::SlaVerb::supervise ? "supervise" : "escalate");
    }
  };
  for (const ir::Sla& sla : w.slas) {
    for (const ir::SlaWarning& warning : sla.warnings) sla_action(warning.action);
    for (const ir::SlaBreach& rung : sla.breaches) sla_action(rung.action);
  }
  return names;
}

// A test's expressions see one name: `now`, the test's clock (parameter 0 when the test runs).
const std::vector<ir::Param>& test_params() {
  static const std::vector<ir::Param> params{{"now", Type::time(), {}}};
  return params;
}

}  // namespace

void Checker::check_tests(const ast::File& file) {
  file_ = file.file_id;
  for (const ast::Declaration& d : file.declarations) {
    const auto* t = boost::get<ast::TestDecl>(&d.get());
    if (t == nullptr) continue;
    ir::Test& out = module_.tests.emplace_back();
    out.name = t->name.value;
    out.range = range(t->name);
    if (index_) index_->declare(SymbolKind::test, out.name, kNoSymbol, Type::error(), {}, range(*t));
    if (auto [it, fresh] = test_names_.try_emplace(out.name, out.range); !fresh) {
      error("D0601", out.range, fmt::format("two tests are named \"{}\"", out.name), "give each test its own name");
      diagnostics_.report({Severity::note, "D0601", "the other test", it->second, {}});
    }
    check_test(*t, out);
  }
}

void Checker::check_test(const ast::TestDecl& t, ir::Test& out) {
  const Scope scope{&test_params()};
  std::optional<std::uint32_t> started;  // the workflow a scenario runs
  auto need_start = [&](const ast::TestStep& s) {
    if (started) return true;
    error("D0602", range(s), fmt::format("`{}` needs a workflow: this test has not started one", s.verb),
          "start one first, e.g. `start meter_install(Application { ... })`");
    return false;
  };
  // One node of the started workflow, of one of `kinds`.
  auto node = [&](const ast::Identifier& id, std::initializer_list<ir::NodeKind> kinds,
                  std::string_view what) -> std::optional<std::uint32_t> {
    const ir::Workflow& w = module_.workflows[*started];
    auto found = w.find_node(id.name);
    bool fits = false;
    for (ir::NodeKind k : kinds) fits = fits || (found && w.nodes[*found].kind == k);
    if (index_) {
      const SlotKind slot = *kinds.begin() == ir::NodeKind::end ? SlotKind::end
                            : kinds.size() == 2                 ? SlotKind::active
                                                                : SlotKind::step;
      index_->use(fits ? index_->node(*started, *found) : kNoSymbol, range(id), slot, index_->workflow(*started));
    }
    if (fits) return found;
    error("D0603", range(id), fmt::format("workflow `{}` has no {} `{}`", w.name, what, id.name),
          suggestion_hint(id.name, node_names(w, kinds), fmt::format("name {} of `{}`", what, w.name)));
    return std::nullopt;
  };

  // One SLA of the started workflow.
  auto sla = [&](const ast::Identifier& id) -> std::optional<std::uint32_t> {
    const ir::Workflow& w = module_.workflows[*started];
    std::vector<std::string> names;
    for (std::size_t i = 0; i < w.slas.size(); ++i) {
      if (w.slas[i].name == id.name) return static_cast<std::uint32_t>(i);
      names.push_back(w.slas[i].name);
    }
    error("D0603", range(id), fmt::format("workflow `{}` has no SLA `{}`", w.name, id.name),
          suggestion_hint(id.name, names,
                          names.empty() ? std::string("it declares no `sla` block")
                                        : fmt::format("its SLAs: {}", fmt::join(names, ", "))));
    return std::nullopt;
  };
  // `at TIME` of an expectation.
  auto when = [&](const ast::Expr& e) -> ir::ExprPtr {
    if (ast::is_nil(e)) return nullptr;
    ir::ExprPtr time = check_expr(e, scope, Type::time());
    expect_type(*time, Type::time(), "`at`");
    return time;
  };

  for (const ast::TestStep& s : t.steps) {
    ir::TestStep step;
    step.range = range(s);
    if (s.verb == "expect" && s.what.empty()) {
      step.kind = ir::TestStepKind::expect;
      step.value = check_expr(s.value, scope, Type::boolean());
      // An expectation that is none fails, saying so (`expect fee(x) > 10` with a fee that may be none).
      if (!(step.value->type.may_be_none() && step.value->type.kind() == TypeKind::boolean)) {
        expect_type(*step.value, Type::boolean(), "an expectation");
      }
    } else if (s.verb == "expect" && s.what == "active") {
      step.kind = ir::TestStepKind::expect_active;
      if (!need_start(s)) continue;
      for (const ast::Identifier& id : s.names) {
        if (auto n = node(id, {ir::NodeKind::step, ir::NodeKind::wait}, "step or wait")) step.nodes.push_back(*n);
      }
    } else if (s.verb == "expect" && s.what == "ended") {
      step.kind = ir::TestStepKind::expect_ended;
      if (!need_start(s)) continue;
      if (auto n = node(s.names.at(0), {ir::NodeKind::end}, "end")) step.nodes.push_back(*n);
    } else if (s.verb == "expect" && (s.what == "due" || s.what == "warned" || s.what == "breached")) {
      step.kind = s.what == "due"      ? ir::TestStepKind::expect_due
                  : s.what == "warned" ? ir::TestStepKind::expect_warned
                                       : ir::TestStepKind::expect_breached;
      if (!need_start(s)) continue;
      step.sla = sla(s.names.at(0));
      step.when = when(s.when);
      if (!step.sla) continue;
      const ir::Sla& declared = module_.workflows[*started].slas[*step.sla];
      if (step.kind == ir::TestStepKind::expect_warned && declared.warnings.empty()) {
        error("D0603", range(s.names[0]), fmt::format("SLA `{}` has no warnings", declared.name),
              "add a `warn at ...` line to it, or expect `due` or `breached`");
      }
    } else if (s.verb == "expect" && s.what == "action") {
      step.kind = ir::TestStepKind::expect_action;
      if (!need_start(s)) continue;
      for (const ast::Identifier& part : s.names) step.action += (step.action.empty() ? "" : ".") + part.name;
      const std::vector<std::string> sent = action_names(module_.workflows[*started]);
      if (std::find(sent.begin(), sent.end(), step.action) == sent.end()) {
        const SourceRange name_range{file_, s.names.front().begin, s.names.back().end};
        error("D0603", name_range,
              fmt::format("workflow `{}` sends no action `{}`", module_.workflows[*started].name, step.action),
              suggestion_hint(step.action, sent,
                              sent.empty() ? std::string("it sends none: no `by action` step and no SLA actions")
                                           : fmt::format("its actions: {}", fmt::join(sent, ", "))));
      }
      if (!ast::is_nil(s.role)) {
        step.role = check_expr(s.role, scope, Type::text());
        expect_type(*step.role, Type::text(), "a role");
      }
      step.when = when(s.when);
    } else if (s.verb == "expect" && s.what == "started") {
      step.kind = ir::TestStepKind::expect_started;
      if (!need_start(s)) continue;
      const ir::Workflow& w = module_.workflows[*started];
      step.workflow = *started;
      if (index_) {
        index_->use(s.names.at(0).name == w.name ? index_->workflow(*started) : kNoSymbol, range(s.names.at(0)),
                    SlotKind::workflow);
      }
      if (s.names.at(0).name != w.name) {
        error("D0603", range(s.names[0]), fmt::format("this test runs workflow `{}`, not `{}`", w.name, s.names[0].name),
              fmt::format("`expect started {}` counts the instances of the test's workflow, its `repeat` included", w.name));
      }
      step.when = when(s.when);
      if (!ast::is_nil(s.value)) {
        step.value = check_expr(s.value, scope, Type::integer());
        expect_type(*step.value, Type::integer(), "a number of instances");
      }
    } else if (s.verb == "expect") {  // escalated [SLA] level N [at TIME]
      step.kind = ir::TestStepKind::expect_escalated;
      if (!need_start(s)) continue;
      if (!s.names.empty()) {
        step.sla = sla(s.names[0]);
        if (!step.sla) continue;
      }
      step.when = when(s.when);
      ir::ExprPtr level = check_expr(s.value, scope, Type::integer());
      if (expect_type(*level, Type::integer(), "an escalation level")) {
        Value v = constant_value(*level, "an escalation level");
        if (v.holds<std::int64_t>()) step.level = v.as_int();
      }
    } else if (s.verb == "at" || (s.verb == "advance" && s.what == "to")) {
      // Before `start`, `at` sets the clock; after it, `at` and `advance to` move it on, firing timers.
      step.kind = s.verb == "at" && !started ? ir::TestStepKind::at : ir::TestStepKind::advance_to;
      step.value = check_expr(s.value, scope, Type::time());
      expect_type(*step.value, Type::time(), fmt::format("`{}`", s.verb == "at" ? "at" : "advance to"));
    } else if (s.verb == "start") {
      step.kind = ir::TestStepKind::start;
      if (started) {
        error("D0602", range(s), "a test runs one workflow", "write a second test for the other workflow");
        continue;
      }
      std::string name;
      const ast::CallArgs* args = nullptr;
      const ir::Workflow* w = nullptr;
      const bool call = split_call(s.value, name, args);
      if (call) w = module_.find_workflow(name);
      if (index_) {
        // `start meter_install(...)`, or a name still being typed (`start meter_`).
        const std::uint32_t at = ast::begin_of(s.value);
        const auto* bare = boost::get<ast::NameRef>(&s.value.get());
        const std::uint32_t end = call ? at + static_cast<std::uint32_t>(name.size()) : bare ? bare->end : at;
        const std::uint32_t symbol =
            w ? index_->workflow(static_cast<std::size_t>(w - module_.workflows.data())) : kNoSymbol;
        if (end > at) index_->use(symbol, {file_, at, end}, SlotKind::workflow);
      }
      if (w == nullptr) {
        std::vector<std::string> names;
        for (const ir::Workflow& wf : module_.workflows) names.push_back(wf.name);
        error("D0603", range(s), "`start` names a workflow and its arguments",
              call ? suggestion_hint(name, names, fmt::format("workflows: {}", fmt::join(names, ", ")))
                   : "for example `start meter_install(Application { id: \"A1\", ... })`");
        continue;
      }
      started = static_cast<std::uint32_t>(w - module_.workflows.data());
      step.workflow = *started;
      const std::uint32_t at = ast::begin_of(s.value);
      note_visible(w->name, {file_, at, at + static_cast<std::uint32_t>(name.size())});
      for (const ast::Expr& a : args->args) step.args.push_back(check_expr(a, scope));
      if (step.args.size() != w->params.size()) {
        error("D0304", range(*args), fmt::format("workflow `{}` takes {} argument{}, but {} given", w->name, w->params.size(),
                                                 w->params.size() == 1 ? "" : "s", step.args.size()));
      } else {
        for (std::size_t i = 0; i < step.args.size(); ++i) {
          expect_type(*step.args[i], w->params[i].type, fmt::format("argument `{}` of `{}`", w->params[i].name, w->name));
        }
      }
    } else if (s.verb == "complete") {
      step.kind = ir::TestStepKind::complete;
      if (!need_start(s)) continue;
      auto n = node(s.names.at(0), {ir::NodeKind::step}, "step");
      if (!n) continue;
      step.nodes.push_back(*n);
      check_test_outcomes(s, module_.workflows[*started].nodes[*n], step,
                          index_ ? index_->node(*started, *n) : kNoSymbol);
    } else if (s.verb == "signal") {
      step.kind = ir::TestStepKind::signal;
      if (!need_start(s)) continue;
      const ir::Workflow& w = module_.workflows[*started];
      std::vector<std::string> events;
      for (const ir::Edge& e : w.edges) {
        if (e.kind == ir::EdgeKind::on_event) events.push_back(e.event);
      }
      step.event = s.names.at(0).name;
      if (index_) {
        const std::uint32_t wf = index_->workflow(*started);
        index_->use(index_->find_event(wf, step.event), range(s.names[0]), SlotKind::event, wf);
      }
      if (std::find(events.begin(), events.end(), step.event) == events.end()) {
        error("D0603", range(s.names[0]), fmt::format("workflow `{}` waits for no event `{}`", w.name, step.event),
              suggestion_hint(step.event, events,
                              events.empty() ? std::string("its flow has no `on EVENT` lines")
                                             : fmt::format("its events: {}", fmt::join(events, ", "))));
      }
    } else {  // advance
      step.kind = ir::TestStepKind::advance;
      step.value = check_expr(s.value, scope, Type::duration());
      expect_type(*step.value, Type::duration(), "`advance`");
    }
    out.steps.push_back(std::move(step));
  }
}

void Checker::check_test_outcomes(const ast::TestStep& s, const ir::Node& node, ir::TestStep& step,
                                  std::uint32_t node_symbol) {
  const Scope scope{};
  std::vector<std::string> names;
  for (const ir::Outcome& o : node.outcomes) names.push_back(o.name);
  std::vector<bool> given(node.outcomes.size(), false);
  for (const ast::FieldValue& f : s.outcomes) {
    auto it = std::find(names.begin(), names.end(), f.name.name);
    if (index_) {
      const std::uint32_t symbol =
          it == names.end() ? kNoSymbol : index_->outcome(node_symbol, static_cast<std::size_t>(it - names.begin()));
      index_->use(symbol, range(f.name), SlotKind::outcome, node_symbol);
    }
    if (it == names.end()) {
      error("D0603", range(f.name), fmt::format("step `{}` has no outcome `{}`", node.name, f.name.name),
            suggestion_hint(f.name.name, names,
                            names.empty() ? std::string("it reports no outcomes: drop `with`")
                                          : fmt::format("its outcomes: {}", fmt::join(names, ", "))));
      continue;
    }
    auto index = static_cast<std::uint32_t>(it - names.begin());
    ir::ExprPtr value = check_expr(f.value, scope, node.outcomes[index].type);
    expect_type(*value, node.outcomes[index].type, fmt::format("outcome `{}`", f.name.name));
    given[index] = true;
    step.outcomes.push_back({index, std::move(value)});
  }
  for (std::size_t i = 0; i < given.size(); ++i) {
    if (!given[i]) {
      error("D0603", range(s), fmt::format("completing `{}` needs outcome `{}`", node.name, names[i]),
            fmt::format("write `complete {} with {}: ...`", node.name, names[i]));
    }
  }
}

}  // namespace docket::dsl
