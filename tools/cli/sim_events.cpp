// Scenario lines to host operations: arguments and outcomes typed against one program.
#include "cli/sim_events.hpp"

#include <fmt/format.h>

#include <map>

#include "cli/standard_input.hpp"
#include "docket/core/json_value.hpp"

namespace docket::cli {

namespace {

struct LineError {
  std::string message;
};

// What the lines so far have started: tickets by label, their workflows, the one started last.
struct Started {
  std::map<std::string, std::uint32_t> tickets;
  std::vector<const ir::Workflow*> workflow;  // by ticket
  std::uint32_t last = 0;                     // ticket + 1; 0: none yet
};

sim::HostOp convert(const ScenarioEvent& ev, const Program& program, Started& started, sim::Recording& out) {
  sim::HostOp op;
  op.at = ev.at;
  op.line = ev.line;
  op.name = ev.name;
  switch (ev.action) {
    case ScenarioAction::wait: op.kind = sim::OpKind::wait; return op;
    case ScenarioAction::start: op.kind = sim::OpKind::start; break;
    case ScenarioAction::complete: op.kind = sim::OpKind::complete; break;
    case ScenarioAction::signal: op.kind = sim::OpKind::signal; break;
  }
  const ir::Module& module = program.module();
  if (op.kind == sim::OpKind::start) {
    const ir::Workflow* wf = module.find_workflow(ev.name);
    if (wf == nullptr) throw LineError{fmt::format("no workflow named `{}` in the program", ev.name)};
    for (const ir::Param& p : wf->params) {
      if (!ev.payload.contains(p.name)) {
        throw LineError{fmt::format("`input` has no `{}`: workflow {} takes {} : {}", p.name, wf->name, p.name, p.type.name())};
      }
      op.args.push_back(value_from_json(ev.payload[p.name].dump(), p.type, p.name));
    }
    std::string label = ev.ticket.empty() ? fmt::format("#{}", out.tickets.size() + 1) : ev.ticket;
    if (started.tickets.count(label) != 0) throw LineError{fmt::format("ticket `{}` is started twice", label)};
    op.ticket = static_cast<std::uint32_t>(out.tickets.size());
    out.tickets.push_back(label);
    started.tickets.emplace(label, op.ticket);
    started.workflow.push_back(wf);
    started.last = op.ticket + 1;
    return op;
  }
  if (ev.ticket.empty()) {
    if (started.last == 0) throw LineError{"no ticket has been started yet: the first event must be a `start`"};
    op.ticket = started.last - 1;
  } else {
    auto it = started.tickets.find(ev.ticket);
    if (it == started.tickets.end()) throw LineError{fmt::format("no ticket `{}` was started before this line", ev.ticket)};
    op.ticket = it->second;
  }
  if (op.kind == sim::OpKind::complete && !ev.payload.empty()) {
    // Outcomes are typed by the step of the workflow the ticket was started with.
    const ir::Workflow* wf = started.workflow[op.ticket];
    auto node = wf->find_node(ev.name);
    for (const auto& [key, value] : ev.payload.items()) {
      const ir::Outcome* outcome = nullptr;
      if (node) {
        for (const ir::Outcome& o : wf->nodes[*node].outcomes) {
          if (o.name == key) outcome = &o;
        }
      }
      if (outcome == nullptr) throw LineError{fmt::format("step `{}` has no outcome `{}`", ev.name, key)};
      op.outcomes.emplace(key, value_from_json(value.dump(), outcome->type, key));
    }
  }
  return op;
}

}  // namespace

bool to_recording(const std::string& path, const std::vector<ScenarioEvent>& events, const Program& program,
                  sim::Recording& out, std::string& error) {
  Started started;
  for (const ScenarioEvent& ev : events) {
    try {
      out.ops.push_back(convert(ev, program, started, out));
    } catch (const LineError& e) {
      error = fmt::format("{}:{}: error: {}", shown_name(path), ev.line, e.message);
      return false;
    } catch (const ValueError& e) {
      error = fmt::format("{}:{}: error: {}", shown_name(path), ev.line, e.what());
      return false;
    }
  }
  return true;
}

}  // namespace docket::cli
