// Series for charts: each SLA's counted time as a share of its limit, and what happened on each day.
#include "sim/series.hpp"

#include <date/date.h>

#include <map>

#include "docket/core/clock.hpp"

namespace docket::sim::detail {

std::vector<LimitShares> distributions(const Program& program, const Result& result) {
  const ir::Module& module = program.module();
  std::map<std::string, LimitShares> by_key;
  for (const TicketResult& t : result.tickets) {
    const ir::Workflow& wf = module.workflows[t.workflow];
    for (const SlaResult& s : t.slas) {
      std::string key = wf.name + "." + wf.slas[s.sla].name;
      LimitShares& d = by_key[key];
      if (d.counts.empty()) {
        d.key = key;
        d.counts.assign(LimitShares::kBuckets, 0);
      }
      // The same clocks as the report's counted durations: stopped ones (here, with a budget).
      if (s.phase != SlaPhase::stopped || s.budget.count() <= 0) continue;
      // Integer arithmetic, so a clock at exactly 100% of its limit is in the 100% bucket.
      auto percent = s.elapsed.count() * 100 / s.budget.count();
      auto bucket = static_cast<std::size_t>(percent / LimitShares::kBucketPercent);
      ++d.counts[std::min(bucket, LimitShares::kBuckets - 1)];
      ++d.n;
    }
  }
  std::vector<LimitShares> out;
  for (auto& [key, d] : by_key) out.push_back(std::move(d));
  return out;
}

std::vector<DayCount> day_counts(const Result& result, std::string_view zone) {
  if (result.tickets.empty()) return {};
  auto day_of = [&](Instant t) { return format_instant(t, zone).substr(0, 10); };  // "2025-09-26 09:00 (Fri)"
  std::map<std::string, DayCount> by_day;
  Instant first = result.tickets.front().started;
  for (const TicketResult& t : result.tickets) {
    first = std::min(first, t.started);
    ++by_day[day_of(t.started)].started;
    for (const SlaResult& s : t.slas) {
      // As the report counts them: a breach of a cancelled clock is not a breach; any escalation is.
      if (s.breached && s.phase != SlaPhase::cancelled) ++by_day[day_of(s.breached_at.value_or(result.finished_at))].breached;
      if (s.level > 0) ++by_day[day_of(s.escalated_at.value_or(result.finished_at))].escalated;
    }
  }
  // Every day from the first to the last, the quiet ones too.
  auto parse = [](const std::string& text) {
    return date::sys_days{date::year{std::stoi(text.substr(0, 4))} / std::stoi(text.substr(5, 2)) / std::stoi(text.substr(8, 2))};
  };
  std::string last_text = day_of(std::max(result.finished_at, first));
  if (!by_day.empty()) last_text = std::max(last_text, by_day.rbegin()->first);
  std::vector<DayCount> out;
  for (date::sys_days d = parse(day_of(first)), last = parse(last_text); d <= last; d += date::days{1}) {
    std::string text = date::format("%F", d);
    DayCount c = by_day.count(text) != 0 ? by_day[text] : DayCount{};
    c.day = text;
    out.push_back(c);
  }
  return out;
}

}  // namespace docket::sim::detail
