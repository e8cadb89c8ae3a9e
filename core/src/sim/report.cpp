// Summing simulation results into report rows, and comparing a base run with a what-if run.
#include "docket/core/sim_report.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include "sim/series.hpp"

namespace docket::sim {

namespace {

// A group while it is summed: the durations are kept until the spreads are taken.
struct Accumulator {
  Group group;
  std::vector<double> counted;
  std::vector<double> clock;
  std::vector<double> ticket;
};

Spread spread(std::vector<double>& xs) {
  Spread s;
  s.n = xs.size();
  if (xs.empty()) return s;
  double sum = 0;
  for (double x : xs) sum += x;
  s.mean = sum / static_cast<double>(xs.size());
  // Nearest rank: the smallest value with at least 95% of the values at or below it.
  auto rank = static_cast<std::size_t>(std::ceil(0.95 * static_cast<double>(xs.size())));
  auto nth = xs.begin() + static_cast<std::ptrdiff_t>(std::max<std::size_t>(rank, 1) - 1);
  std::nth_element(xs.begin(), nth, xs.end());
  s.p95 = *nth;
  return s;
}

void add_ticket(Accumulator& a, const TicketResult& t) {
  ++a.group.tickets;
  if (t.finished) ++a.group.finished;
  if (t.failed) ++a.group.failed;
  a.group.deadlines_missed += t.deadlines_missed;
  if (t.finished && t.ended) a.ticket.push_back(static_cast<double>((*t.ended - t.started).count()));
}

void add_sla(Accumulator& a, const SlaResult& s) {
  if (s.phase == SlaPhase::idle) return;
  ++a.group.clocks;
  if (s.level > 0) ++a.group.escalated;
  a.group.warnings += s.warnings;
  if (s.phase == SlaPhase::cancelled) {
    ++a.group.cancelled;
    return;
  }
  if (s.breached) {
    ++a.group.breached;
  } else if (s.phase == SlaPhase::stopped) {
    ++a.group.met;
  } else {
    ++a.group.open;
  }
  if (s.phase == SlaPhase::stopped) {
    a.counted.push_back(static_cast<double>(s.elapsed.count()));
    a.clock.push_back(static_cast<double>(s.clock_elapsed.count()));
  }
}

Group close(Accumulator& a) {
  a.group.counted = spread(a.counted);
  a.group.clock = spread(a.clock);
  a.group.ticket = spread(a.ticket);
  return a.group;
}

std::vector<Group> close_all(std::map<std::string, Accumulator>& groups) {
  std::vector<Group> out;
  for (auto& [key, a] : groups) out.push_back(close(a));
  return out;
}

}  // namespace

Report summarize(const Program& program, const Result& result, std::string_view zone) {
  const ir::Module& module = program.module();
  Accumulator total;
  total.group.key = "all";
  std::map<std::string, Accumulator> workflows;
  std::map<std::string, Accumulator> slas;
  std::map<std::string, Accumulator> segments;
  for (const TicketResult& t : result.tickets) {
    const ir::Workflow& wf = module.workflows[t.workflow];
    Accumulator& w = workflows[wf.name];
    w.group.key = wf.name;
    add_ticket(total, t);
    add_ticket(w, t);
    Accumulator* seg = nullptr;
    if (!t.segment.empty()) {
      seg = &segments[t.segment];
      seg->group.key = t.segment;
      add_ticket(*seg, t);
    }
    for (const SlaResult& s : t.slas) {
      std::string key = wf.name + "." + wf.slas[s.sla].name;
      Accumulator& a = slas[key];
      a.group.key = key;
      add_ticket(a, t);  // the tickets that have this SLA
      add_sla(a, s);
      add_sla(total, s);
      add_sla(w, s);
      if (seg != nullptr) add_sla(*seg, s);
    }
  }
  Report r;
  r.total = close(total);
  r.workflows = close_all(workflows);
  r.slas = close_all(slas);
  r.segments = close_all(segments);
  r.host_ops = result.host_ops;
  r.skipped_ops = result.skipped_ops;
  r.distributions = detail::distributions(program, result);
  r.days = detail::day_counts(result, zone);
  return r;
}

Comparison compare(const Program& base_program, const Result& base, const Program& what_if_program,
                   const Result& what_if, std::string_view zone) {
  Comparison c;
  c.base = summarize(base_program, base, zone);
  c.what_if = summarize(what_if_program, what_if, zone);
  const ir::Module& bm = base_program.module();
  const ir::Module& wm = what_if_program.module();
  const std::size_t n = std::min(base.tickets.size(), what_if.tickets.size());
  for (std::size_t i = 0; i < n; ++i) {
    const TicketResult& b = base.tickets[i];
    const TicketResult& w = what_if.tickets[i];
    const ir::Workflow& bw = bm.workflows[b.workflow];
    const ir::Workflow& ww = wm.workflows[w.workflow];
    for (const SlaResult& bs : b.slas) {
      if (bs.phase != SlaPhase::stopped) continue;
      for (const SlaResult& ws : w.slas) {
        if (ww.slas[ws.sla].name != bw.slas[bs.sla].name || ws.phase != SlaPhase::stopped) continue;
        if (!bs.breached && ws.breached) ++c.met_to_breached;
        if (bs.breached && !ws.breached) ++c.breached_to_met;
      }
    }
  }
  return c;
}

}  // namespace docket::sim
