// The simulator's loop: host operations in time order, timers fired on the way, traces followed.
#include "sim/driver.hpp"

#include <fmt/format.h>

namespace docket::sim::detail {

Driver::Driver(const std::shared_ptr<const Program>& program, const CalendarRegistry* calendars, Instant start,
               EvalMode mode)
    : program_(program), clock_(start), engine_(program, clock_) {
  engine_.use_evaluator(mode);
  if (calendars != nullptr) engine_.use_calendars(*calendars);
  for (const ir::Workflow& wf : program->module().workflows) {
    auto& names = node_index_.emplace_back();
    for (std::uint32_t i = 0; i < wf.nodes.size(); ++i) names.emplace(wf.nodes[i].name, i);
  }
  engine_.on_trace([this](const TraceEntry& t) { on_trace(t); });
}

void Driver::schedule(Pending p) {
  p.seq = seq_++;
  scheduled_.push_back(p);
}

void Driver::push(Pending p) {
  p.seq = seq_++;
  queue_.push(p);
}

void Driver::run(const std::function<void(const Pending&)>& apply, Instant until) {
  const Later later;
  while (next_scheduled_ < scheduled_.size() || !queue_.empty()) {
    Pending p;
    if (queue_.empty() || (next_scheduled_ < scheduled_.size() && later(queue_.top(), scheduled_[next_scheduled_]))) {
      p = scheduled_[next_scheduled_++];
    } else {
      p = queue_.top();
      queue_.pop();
    }
    advance_to(engine_, clock_, std::max(p.at, clock_.now()));
    apply(p);
  }
  if (until > clock_.now()) advance_to(engine_, clock_, until);
}

std::uint32_t Driver::add_ticket(std::string label) {
  auto index = static_cast<std::uint32_t>(runs_.size());
  runs_.emplace_back();
  TicketResult& t = result_.tickets.emplace_back();
  t.label = std::move(label);
  return index;
}

void Driver::start(std::uint32_t ticket, std::size_t workflow, std::vector<Value> args, std::string segment) {
  const ir::Workflow& wf = program_->module().workflows[workflow];
  TicketResult& t = result_.tickets[ticket];
  t.workflow = static_cast<std::uint16_t>(workflow);
  t.segment = std::move(segment);
  t.started = clock_.now();
  Run& run = runs_[ticket];
  run.visits.assign(wf.nodes.size(), 0);
  run.active.assign(wf.nodes.size(), false);
  starting_ = ticket;
  in_start_ = true;
  try {
    run.id = engine_.start(wf.name, std::move(args));
  } catch (...) {
    in_start_ = false;
    throw;
  }
  in_start_ = false;
  if (run.id >= ticket_of_.size()) ticket_of_.resize(run.id + 1, 0);
  ticket_of_[run.id] = ticket + 1;
}

std::uint32_t Driver::adopt(const TraceEntry& t) {
  const InstanceStatus status = engine_.status(t.instance);
  const InstanceId from = status.repeated_from;
  const std::uint32_t parent = from < ticket_of_.size() && ticket_of_[from] != 0 ? ticket_of_[from] - 1 : starting_;
  const std::uint32_t ticket = add_ticket(fmt::format("{}+{}", result_.tickets[parent].label, status.occurrence));
  TicketResult& r = result_.tickets[ticket];
  r.workflow = result_.tickets[parent].workflow;
  r.segment = result_.tickets[parent].segment;
  r.started = t.at;
  const ir::Workflow& wf = program_->module().workflows[r.workflow];
  Run& run = runs_[ticket];
  run.id = t.instance;
  run.visits.assign(wf.nodes.size(), 0);
  run.active.assign(wf.nodes.size(), false);
  if (t.instance >= ticket_of_.size()) ticket_of_.resize(t.instance + 1, 0);
  ticket_of_[t.instance] = ticket + 1;
  if (on_ticket_repeated) on_ticket_repeated(ticket, parent);
  return ticket;
}

bool Driver::done(std::uint32_t ticket) const {
  const TicketResult& t = result_.tickets[ticket];
  return t.finished || t.failed;
}

bool Driver::active(std::uint32_t ticket, std::uint32_t node, std::uint32_t visit) const {
  const Run& run = runs_[ticket];
  if (run.id == 0 || done(ticket) || node >= run.active.size() || !run.active[node]) return false;
  return visit == 0 || run.visits[node] == visit;
}

void Driver::on_trace(const TraceEntry& t) {
  // An id not mapped yet belongs to the ticket being started (start() traces before it returns).
  std::uint32_t mapped = t.instance < ticket_of_.size() ? ticket_of_[t.instance] : 0;
  // Or an instance a `repeat` series started, when a timer fired: a ticket of its own.
  if (mapped == 0 && !in_start_ && t.kind == TraceKind::started) mapped = adopt(t) + 1;
  std::uint32_t ticket = mapped != 0 ? mapped - 1 : starting_;
  TicketResult& result = result_.tickets[ticket];
  Run& run = runs_[ticket];
  auto node = [&]() -> std::uint32_t {
    auto it = node_index_[result.workflow].find(t.node);
    return it == node_index_[result.workflow].end() ? UINT32_MAX : it->second;
  };
  switch (t.kind) {
    case TraceKind::entered: {
      std::uint32_t n = node();
      if (n == UINT32_MAX) return;
      ++run.visits[n];
      run.active[n] = true;
      if (on_step_entered && program_->module().workflows[result.workflow].nodes[n].kind == ir::NodeKind::step) {
        on_step_entered(ticket, n, run.visits[n]);
      }
      return;
    }
    case TraceKind::completed:
    case TraceKind::event: {
      std::uint32_t n = node();
      if (n != UINT32_MAX) run.active[n] = false;
      return;
    }
    case TraceKind::ended:
      result.finished = true;
      result.ended = t.at;
      return;
    case TraceKind::failed: result.failed = true; return;
    case TraceKind::deadline_missed: ++result.deadlines_missed; return;
    default: return;
  }
}

Result Driver::finish() {
  result_.finished_at = clock_.now();
  for (std::size_t i = 0; i < runs_.size(); ++i) {
    if (runs_[i].id == 0) continue;
    TicketResult& t = result_.tickets[i];
    InstanceStatus status = engine_.status(runs_[i].id);
    t.finished = status.finished;
    t.failed = !status.error.empty();
    std::vector<SlaStatus> slas = engine_.slas(runs_[i].id);
    for (std::size_t s = 0; s < slas.size(); ++s) {
      const SlaStatus& st = slas[s];
      SlaResult& r = t.slas.emplace_back();
      r.sla = static_cast<std::uint16_t>(s);
      r.phase = st.phase;
      r.breached = st.breached;
      r.business = st.business;
      r.level = st.level;
      for (const SlaEvent& e : st.ledger) {
        if (e.kind == SlaEventKind::warned) ++r.warnings;
        if (e.kind == SlaEventKind::breached && !r.breached_at) r.breached_at = e.at;
        // A breach line with `escalate level N` escalates at the breach itself.
        bool escalates = e.kind == SlaEventKind::escalated || e.kind == SlaEventKind::breached;
        if (escalates && e.level > 0 && !r.escalated_at) r.escalated_at = e.at;
      }
      r.budget = st.budget;
      r.elapsed = st.elapsed;
      r.clock_elapsed = st.clock_elapsed;
    }
  }
  return std::move(result_);
}

}  // namespace docket::sim::detail
