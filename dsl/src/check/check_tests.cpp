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
  const Scope scope{};
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

  for (const ast::TestStep& s : t.steps) {
    ir::TestStep step;
    step.range = range(s);
    if (s.verb == "expect" && s.what.empty()) {
      step.kind = ir::TestStepKind::expect;
      step.value = check_expr(s.value, scope, Type::boolean());
      expect_type(*step.value, Type::boolean(), "an expectation");
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
    } else if (s.verb == "expect") {  // escalated level N
      step.kind = ir::TestStepKind::expect_escalated;
      if (!need_start(s)) continue;
      ir::ExprPtr level = check_expr(s.value, scope, Type::integer());
      if (expect_type(*level, Type::integer(), "an escalation level")) {
        Value v = constant_value(*level, "an escalation level");
        if (v.holds<std::int64_t>()) step.level = v.as_int();
      }
    } else if (s.verb == "at") {
      step.kind = ir::TestStepKind::at;
      if (started) {
        error("D0602", range(s), "`at` sets the clock before the workflow starts",
              "move it above `start`; use `advance` to move the clock later");
      }
      step.value = check_expr(s.value, scope, Type::time());
      expect_type(*step.value, Type::time(), "`at`");
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
