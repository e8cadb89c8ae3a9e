// Checking workflows: settings, steps, waits and ends, the flow's edges, and the flow's shape.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <set>

#include "check/checker.hpp"
#include "docket/core/flow_analysis.hpp"
#include "docket/core/suggest.hpp"

namespace docket::dsl {

namespace {

ir::NodeKind node_kind(const std::string& word) {
  if (word == "wait") return ir::NodeKind::wait;
  if (word == "parallel") return ir::NodeKind::parallel;
  if (word == "join") return ir::NodeKind::join;
  return ir::NodeKind::step;
}

SymbolKind node_symbol_kind(ir::NodeKind kind) {
  switch (kind) {
    case ir::NodeKind::wait: return SymbolKind::wait;
    case ir::NodeKind::parallel: return SymbolKind::parallel;
    case ir::NodeKind::join: return SymbolKind::join;
    case ir::NodeKind::end: return SymbolKind::end;
    default: return SymbolKind::step;
  }
}

// The dotted name a `by action` target starts with (`site.schedule_meter`), and where it is written.
bool dotted_name(const ast::Expr& target, std::string& name, std::uint32_t& begin, std::uint32_t& end) {
  if (const auto* n = boost::get<ast::NameRef>(&target.get())) {
    name = n->name;
    begin = n->begin;
    end = n->end;
    return true;
  }
  const auto* pf = boost::get<ast::x3::forward_ast<ast::Postfix>>(&target.get());
  const auto* base = pf ? boost::get<ast::NameRef>(&pf->get().base.get()) : nullptr;
  if (base == nullptr) return false;
  name = base->name;
  begin = base->begin;
  end = base->end;
  for (const ast::PostfixOp& op : pf->get().ops) {
    const auto* f = boost::get<ast::FieldAccess>(&op.get());
    if (f == nullptr) break;
    name += "." + f->name;
    end = f->end;
  }
  return true;
}

template <class T>
const T* as(const ast::WorkflowItem& item) {
  return boost::get<T>(&item.get());
}

}  // namespace

bool split_call(const ast::Expr& target, std::string& name, const ast::CallArgs*& args) {
  const auto* pf = boost::get<ast::x3::forward_ast<ast::Postfix>>(&target.get());
  if (pf == nullptr) return false;
  const ast::Postfix& p = pf->get();
  const auto* base = boost::get<ast::NameRef>(&p.base.get());
  if (base == nullptr) return false;
  name = base->name;
  for (std::size_t i = 0; i + 1 < p.ops.size(); ++i) {
    const auto* f = boost::get<ast::FieldAccess>(&p.ops[i].get());
    if (f == nullptr) return false;
    name += "." + f->name;
  }
  args = boost::get<ast::CallArgs>(&p.ops.back().get());
  return args != nullptr;
}

void Checker::check_workflows(const ast::File& file) {
  file_ = file.file_id;
  for (const ast::Declaration& d : file.declarations) {
    const auto* w = boost::get<ast::WorkflowDecl>(&d.get());
    if (w == nullptr) continue;
    claim_name(w->name.name, range(w->name), "workflow");
    if (index_) {
      index_->set_workflow(module_.workflows.size(), index_->declare(SymbolKind::workflow, w->name.name, kNoSymbol,
                                                                     Type::error(), range(w->name), range(*w)));
    }
    check_workflow(*w, module_.workflows.emplace_back());
  }
}

void Checker::check_workflow(const ast::WorkflowDecl& w, ir::Workflow& out) {
  out.name = w.name.name;
  out.range = range(w.name);
  out.params = check_params(w.params, fmt::format("workflow `{}`", out.name));
  const std::size_t wf_index = workflow_index(out);
  const std::uint32_t wf_symbol = index_ ? index_->workflow(wf_index) : kNoSymbol;
  index_params(wf_symbol, w.params, out.params);
  out.nodes.push_back({ir::NodeKind::start, "start", {}, ir::AssigneeKind::none, {}, {}, {}, {}, {}, out.range});

  // Pass 1: declare every node, so that the order of steps, ends and flow never matters.
  std::set<std::string> settings;
  std::vector<std::pair<const ast::NodeDecl*, std::uint32_t>> declared;
  auto add_node = [&](ir::NodeKind kind, const ast::Identifier& id,
                      SourceRange extent) -> std::optional<std::uint32_t> {
    if (auto existing = out.find_node(id.name)) {
      error("D0501", range(id),
            id.name == "start" ? std::string("`start` is the name of the workflow's entry")
                               : fmt::format("workflow `{}` has two nodes named `{}`", out.name, id.name),
            "give each step, wait and end its own name");
      return std::nullopt;
    }
    ir::Node& n = out.nodes.emplace_back();
    n.kind = kind;
    n.name = id.name;
    n.range = range(id);
    const auto index = static_cast<std::uint32_t>(out.nodes.size() - 1);
    if (index_) {
      index_->set_node(wf_index, index,
                       index_->declare(node_symbol_kind(kind), id.name, wf_symbol, Type::error(), range(id), extent,
                                       SlotKind::node, wf_symbol));
    }
    return index;
  };
  for (const ast::WorkflowItem& item : w.items) {
    if (const auto* s = as<ast::Setting>(item)) {
      if (!settings.insert(s->key).second) {
        error("D0509", range(*s), fmt::format("`{}` is given twice", s->key), "keep one");
      }
      (s->key == "label" ? out.label : out.calendar) = s->value.value;
      if (index_ && s->key == "calendar") {
        index_->use(index_->external(SymbolKind::calendar, s->value.value), range(s->value), SlotKind::calendar);
      }
    } else if (const auto* n = as<ast::NodeDecl>(item)) {
      if (auto idx = add_node(node_kind(n->kind), n->name, range(*n))) {
        declared.emplace_back(n, *idx);
        if (n->label) out.nodes[*idx].label = n->label->value;
        for (const ast::Param& o : n->outcomes) {
          out.nodes[*idx].outcomes.push_back({o.name.name, resolve_type(o.type), range(o)});
          if (index_) {
            const std::uint32_t node = index_->node(wf_index, *idx);
            index_->add_outcome(node, index_->declare(SymbolKind::outcome, o.name.name, node,
                                                      out.nodes[*idx].outcomes.back().type, range(o.name), range(o)));
          }
        }
      }
    } else if (const auto* e = as<ast::EndDecl>(item)) {
      for (const ast::Identifier& id : e->names) add_node(ir::NodeKind::end, id, range(id));
    }
  }

  // Pass 2: what each node does, with every node's outcomes in scope.
  std::vector<bool> used(out.params.size(), false);
  Scope scope{&out.params, &out, &used, wf_symbol};
  for (const auto& [decl, idx] : declared) {
    ir::Node& node = out.nodes[idx];
    if (node.kind == ir::NodeKind::wait && (decl->by || !decl->outcomes.empty())) {
      error("D0505", range(*decl), fmt::format("wait `{}` cannot have `by` or `outcome`", node.name),
            "a wait only waits for an event; use a `step` for work someone does");
    }
    if (ir::moves_at_once(node.kind) && (decl->by || decl->within || !decl->outcomes.empty())) {
      error("D0513", range(*decl), fmt::format("{} `{}` cannot have `by`, `within` or `outcome`", decl->kind, node.name),
            "a parallel split or join moves on at once; put the work in a `step` on one of its branches");
      continue;
    }
    if (decl->by) {
      const ast::Assignee& by = *decl->by;
      check_assignee(by.kind, by.target, range(by), scope,
                     {node.assignee, node.role, node.action, node.action_args});
    }
    if (decl->within) {
      ir::ExprPtr within = check_expr(*decl->within, scope, Type::duration());
      if (expect_type(*within, Type::duration(), "`within`")) {
        Value v = constant_value(*within, "`within`");
        if (v.holds<Duration>()) {
          if (v.as_duration().amount <= 0) {
            error("D0503", within->range, "`within` must be a positive duration", "for example `within 2 workdays`");
          } else {
            node.within = v.as_duration();
          }
        }
      }
    }
  }

  for (const ast::WorkflowItem& item : w.items) {
    if (const auto* r = as<ast::RepeatDecl>(item)) {
      if (out.repeat) {
        error("D0509", range(*r), "a workflow has one `repeat` line", "keep one");
        continue;
      }
      check_repeat(*r, out, scope);
    }
  }

  const ast::FlowDecl* flow = nullptr;
  bool flow_broken = false;
  for (const ast::WorkflowItem& item : w.items) {
    if (const auto* f = as<ast::FlowDecl>(item)) {
      if (flow != nullptr) {
        error("D0509", range(*f), "a workflow has one `flow` block", "merge the two blocks into one");
        continue;
      }
      flow = f;
      std::size_t errors_before = diagnostics_.error_count();
      check_flow(*f, out, used);
      flow_broken = diagnostics_.error_count() != errors_before;
    }
  }
  if (flow == nullptr) {
    error("D0506", out.range, fmt::format("workflow `{}` has no `flow` block", out.name),
          "add `flow { start -> first_step ... }` to say how work moves between steps");
    return;
  }
  // A flow with unknown steps lost edges; its shape would only repeat the same mistake.
  if (!flow_broken) check_flow_shape(out);
  // SLAs last: they name steps and test reachability along the flow.
  for (const ast::WorkflowItem& item : w.items) {
    if (const auto* s = as<ast::SlaDecl>(item)) check_sla(*s, out, scope);
  }
  // Unused workflow parameters are not warned about: a ticket carries data for the people who
  // work on it, not only for guards.
}

void Checker::note_action(const ast::Expr& target, const std::string& called, bool call) {
  std::string name;
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
  if (!dotted_name(target, name, begin, end)) return;
  const std::size_t dot = name.rfind('.');
  std::string prefix = dot == std::string::npos ? std::string() : name.substr(0, dot + 1);
  const std::uint32_t symbol = call && called == name ? index_->external(SymbolKind::action, name) : kNoSymbol;
  index_->use(symbol, {file_, begin, end}, SlotKind::action, kNoSymbol, Type::error(), std::move(prefix));
}

void Checker::check_assignee(const std::string& kind, const ast::Expr& target, SourceRange where, const Scope& scope,
                             AssigneeRefs out) {
  if (kind == "role") {
    out.kind = ir::AssigneeKind::role;
    out.role = check_expr(target, scope, Type::text());
    expect_type(*out.role, Type::text(), "a role");
    return;
  }
  std::string name;
  const ast::CallArgs* args = nullptr;
  const bool call = split_call(target, name, args);
  if (index_) note_action(target, call ? name : std::string(), call);
  if (!call) {
    error("D0504", where, "an action is written as a call", "for example `by action site.schedule_meter(app.id)`");
    return;
  }
  out.kind = ir::AssigneeKind::action;
  out.action = name;
  for (const ast::Expr& a : args->args) out.args.push_back(check_expr(a, scope));
  // An action a plugin registered is typed like a function call; any other is the host's own.
  const ActionEntry* action = functions().find_action(name);
  if (action == nullptr) return;
  const std::vector<Type>& params = action->signature.params;
  if (out.args.size() != params.size()) {
    error("D0304", where,
          fmt::format("action `{}` takes {} argument{}, but {} {} given", name, params.size(),
                      params.size() == 1 ? "" : "s", out.args.size(), out.args.size() == 1 ? "is" : "are"),
          "pass exactly the parameters the plugin's action declares");
    return;
  }
  for (std::size_t i = 0; i < params.size(); ++i) {
    expect_type(*out.args[i], params[i], fmt::format("argument {} of action `{}`", i + 1, name));
  }
}

void Checker::check_flow(const ast::FlowDecl& flow, ir::Workflow& out, std::vector<bool>& used) {
  const std::size_t wf_index = workflow_index(out);
  const std::uint32_t wf_symbol = index_ ? index_->workflow(wf_index) : kNoSymbol;
  Scope scope{&out.params, &out, &used, wf_symbol};
  std::vector<std::string> names;
  for (const ir::Node& n : out.nodes) names.push_back(n.name);
  for (const ast::FlowChain& chain : flow.chains) {
    std::vector<std::optional<std::uint32_t>> ids;
    if (index_ && chain.guard && chain.guard->kind == "on") index_->event(wf_symbol, chain.guard->event.name, range(chain.guard->event));
    for (const ast::Identifier& id : chain.nodes) {
      auto found = out.find_node(id.name);
      if (index_) index_->use(found ? index_->node(wf_index, *found) : kNoSymbol, range(id), SlotKind::node, wf_symbol);
      if (!found) {
        error("D0502", range(id), fmt::format("unknown step `{}` in the flow", id.name),
              suggestion_hint(id.name, names, "declare it with `step`, `wait` or `end` first"));
      }
      ids.push_back(found);
    }
    for (std::size_t i = 0; i + 1 < ids.size(); ++i) {
      if (!ids[i] || !ids[i + 1]) continue;
      ir::Edge edge;
      edge.from = *ids[i];
      edge.to = *ids[i + 1];
      edge.range = {file_, chain.nodes[i].begin, chain.nodes[i + 1].end};
      bool last = i + 2 == ids.size();
      if (last && chain.guard) {
        const ast::Guard& g = *chain.guard;
        edge.range.end = g.end;
        if (g.kind == "when") {
          edge.kind = ir::EdgeKind::when;
          edge.guard = check_expr(g.condition, scope, Type::boolean());
          expect_type(*edge.guard, Type::boolean(), "a `when` guard");
        } else if (g.kind == "otherwise") {
          edge.kind = ir::EdgeKind::otherwise;
        } else {
          edge.kind = ir::EdgeKind::on_event;
          edge.event = g.event.name;
        }
      }
      if (out.nodes[edge.to].kind == ir::NodeKind::start) {
        error("D0508", edge.range, "no flow can lead back to `start`", "lead to the first step instead");
        continue;
      }
      if (out.nodes[edge.from].kind == ir::NodeKind::end) {
        error("D0508", edge.range, fmt::format("`{}` is an end: nothing follows it", out.nodes[edge.from].name),
              "declare it as a step if work continues after it");
        continue;
      }
      out.edges.push_back(std::move(edge));
    }
  }
}

void Checker::check_flow_shape(ir::Workflow& out) {
  const std::size_t errors_before = diagnostics_.error_count();
  const std::size_t n = out.nodes.size();
  std::vector<std::vector<const ir::Edge*>> outgoing(n);
  std::vector<std::size_t> incoming(n, 0);
  for (const ir::Edge& e : out.edges) {
    outgoing[e.from].push_back(&e);
    ++incoming[e.to];
  }

  for (std::uint32_t i = 0; i < n; ++i) {
    const ir::Node& node = out.nodes[i];
    if (node.kind == ir::NodeKind::end) continue;
    if (node.kind == ir::NodeKind::parallel) {
      check_parallel(node, outgoing[i]);
      continue;
    }
    if (node.kind == ir::NodeKind::join && incoming[i] < 2) {
      error("D0513", node.range, fmt::format("join `{}` has {} way in", node.name, incoming[i] == 0 ? "no" : "only one"),
            "a join merges the branches of a `parallel` split: lead two or more branches into it");
    }
    int always = 0;
    int when = 0;
    int otherwise = 0;
    std::set<std::string> events;
    for (const ir::Edge* e : outgoing[i]) {
      switch (e->kind) {
        case ir::EdgeKind::always: ++always; break;
        case ir::EdgeKind::when: ++when; break;
        case ir::EdgeKind::otherwise: ++otherwise; break;
        case ir::EdgeKind::on_event:
          if (ir::moves_at_once(node.kind)) {
            error("D0506", e->range, fmt::format("`{}` moves on at once and cannot wait for an event", node.name),
                  "lead to a wait instead, and leave the wait on the event");
          }
          if (!events.insert(e->event).second) {
            error("D0506", e->range, fmt::format("`{}` already leaves on event `{}`", node.name, e->event),
                  "one event leads to one place");
          }
          break;
      }
    }
    int completes = always + when + otherwise;
    if (node.kind == ir::NodeKind::wait && completes > 0) {
      const ir::Edge* first = nullptr;
      for (const ir::Edge* e : outgoing[i]) {
        if (first == nullptr && e->kind != ir::EdgeKind::on_event) first = e;
      }
      error("D0505", first->range, fmt::format("wait `{}` can only be left by an event", node.name),
            fmt::format("write `{} -> next on some_event`", node.name));
    } else if (node.kind == ir::NodeKind::start && (always != 1 || completes != 1)) {
      error("D0506", out.range, "`start` must lead to exactly one step, with no guard",
            "write `start -> first_step` once");
    } else if ((node.kind == ir::NodeKind::step || node.kind == ir::NodeKind::join) && completes == 0) {
      error("D0510", node.range, fmt::format("{} `{}` has no way out when it is {}", node.kind == ir::NodeKind::step ? "step" : "join",
                                             node.name, node.kind == ir::NodeKind::step ? "completed" : "passed"),
            fmt::format("add a line such as `{} -> next_step` to the flow", node.name));
    } else if (when > 0 && otherwise != 1) {
      error("D0506", node.range,
            fmt::format("`{}` branches with `when` but has {} `otherwise`", node.name, otherwise == 0 ? "no" : "more than one"),
            fmt::format("give exactly one line `{} -> somewhere otherwise` for when no guard holds", node.name));
    } else if (when == 0 && otherwise > 0) {
      error("D0506", node.range, fmt::format("`{}` has `otherwise` but no `when` guard", node.name),
            "drop `otherwise`, or add the `when` branches it stands beside");
    } else if (always > 1 || (always > 0 && when > 0)) {
      error("D0506", node.range, fmt::format("`{}` has more than one way out with no guard", node.name),
            "add `when` guards and one `otherwise` so that exactly one path is taken, or split with `parallel`");
    } else if (node.kind == ir::NodeKind::wait && events.empty()) {
      error("D0510", node.range, fmt::format("wait `{}` has no way out", node.name),
            fmt::format("add `{} -> next on some_event` to the flow", node.name));
    }
  }
  // A node with no way out already has its error; every node before it would only repeat it.
  check_flow_graph(out, diagnostics_.error_count() == errors_before);
}

void Checker::check_parallel(const ir::Node& node, const std::vector<const ir::Edge*>& outgoing) {
  for (const ir::Edge* e : outgoing) {
    if (e->kind != ir::EdgeKind::always) {
      error("D0513", e->range, fmt::format("parallel `{}` takes every way out: a branch cannot have a guard or event", node.name),
            "drop the guard here, and branch with `when` on a step inside the branch");
    }
  }
  if (outgoing.size() < 2) {
    error("D0513", node.range, fmt::format("parallel `{}` has {} way out", node.name, outgoing.empty() ? "no" : "only one"),
          fmt::format("lead two or more branches out of it, e.g. `{} -> install` and `{} -> billing`", node.name, node.name));
  }
}

// What only the whole graph shows, from Boost.Graph (core's flow analysis): nodes `start` never
// reaches, nodes that can never reach an end, and loops that would spin without waiting.
void Checker::check_flow_graph(const ir::Workflow& out, bool check_ends) {
  const FlowFacts facts = analyze_flow(out);
  for (std::uint32_t i = 1; i < out.nodes.size(); ++i) {
    const ir::Node& node = out.nodes[i];
    if (!facts.reachable[i]) {
      warning("D0507", node.range, fmt::format("`{}` can never be reached from `start`", node.name),
              "lead to it from another step in the flow, or remove it");
    } else if (check_ends && !facts.reaches_end[i]) {
      error("D0511", node.range, fmt::format("from `{}` the flow can never reach an end", node.name),
            "lead it on, directly or through later steps, to one of the workflow's `end`s");
    }
  }
  for (const std::vector<std::uint32_t>& cycle : facts.instant_cycles) {
    std::vector<std::string> names;
    for (std::uint32_t i : cycle) names.push_back("`" + out.nodes[i].name + "`");
    error("D0512", out.nodes[cycle.front()].range,
          fmt::format("{} form a loop that never waits for a person, an event or time", fmt::join(names, ", ")),
          "put a step or a wait on the loop, or lead it to an end");
  }
}

}  // namespace docket::dsl
