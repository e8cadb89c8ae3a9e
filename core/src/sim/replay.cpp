// Recorded history replayed: each host operation at its own time, timers fired in between.
#include <fmt/format.h>

#include "sim/driver.hpp"
#include "lower/program_evaluators.hpp"
#include "sim/segment.hpp"

namespace docket::sim {

Result replay(const std::shared_ptr<const Program>& program, const CalendarRegistry* calendars,
              const Recording& recording, EvalMode mode) {
  if (recording.ops.empty()) throw SimError("the recording has no events");
  const ir::Module& module = program->module();
  for (const auto& [workflow, rule] : recording.segments) {
    const ir::Workflow* wf = module.find_workflow(workflow);
    if (wf != nullptr) detail::check_segment_rule(*program, *wf, rule);
  }
  const std::shared_ptr<const docket::detail::Evaluator> evaluator = docket::detail::shared_evaluator(program, mode);
  detail::Driver driver(program, calendars, recording.ops.front().at, mode);
  for (const std::string& label : recording.tickets) (void)driver.add_ticket(label);
  for (std::uint32_t i = 0; i < recording.ops.size(); ++i) {
    driver.schedule(detail::Pending{recording.ops[i].at, 0, recording.ops[i].ticket, i, 0, 0, 0});
  }
  auto apply = [&](const detail::Pending& p) {
    const HostOp& op = recording.ops[p.index];
    if (op.kind == OpKind::wait) return;
    if (op.kind == OpKind::start) {
      const ir::Workflow* wf = module.find_workflow(op.name);
      if (wf == nullptr) throw SimError(fmt::format("line {}: workflow `{}` is not in the program", op.line, op.name));
      if (driver.started(op.ticket)) {
        throw SimError(fmt::format("line {}: ticket `{}` was already started", op.line, recording.tickets[op.ticket]));
      }
      std::string segment;
      if (auto it = recording.segments.find(op.name); it != recording.segments.end()) {
        segment = detail::segment_of(*evaluator, *wf, it->second, op.args);
      }
      try {
        driver.start(op.ticket, static_cast<std::size_t>(wf - module.workflows.data()), op.args, std::move(segment));
      } catch (const EngineError& e) {
        throw SimError(fmt::format("line {}: {}", op.line, e.what()));
      }
      driver.count_op(true);
      return;
    }
    if (!driver.started(op.ticket)) {
      throw SimError(fmt::format("line {}: ticket `{}` has not been started yet", op.line, recording.tickets[op.ticket]));
    }
    // Under a what-if definition the instance may not be at this step or waiting for this event:
    // the operation is skipped and counted, the rest of the history still plays.
    if (driver.done(op.ticket)) {
      driver.count_op(false);
      return;
    }
    try {
      if (op.kind == OpKind::signal) {
        driver.engine().signal(driver.id(op.ticket), op.name);
      } else {
        driver.engine().complete(driver.id(op.ticket), op.name, op.outcomes);
      }
      driver.count_op(true);
    } catch (const EngineError&) {
      driver.count_op(false);
    }
  };
  driver.run(apply, recording.ops.back().at);
  return driver.finish();
}

}  // namespace docket::sim
