// Simulation reports as text tables, JSON objects and CSV rows.
#include "cli/value_json.hpp"
#include "cli/sim_format.hpp"

#include <fmt/format.h>

#include <map>
#include <nlohmann/json.hpp>

namespace docket::cli {

namespace {

using sim::Group;
using sim::Report;
using sim::Spread;

std::string percent(double rate) { return rate < 0 ? "-" : fmt::format("{:.1f}%", rate * 100); }

// Hours with one decimal, or minutes below an hour.
std::string hours(double seconds) {
  if (seconds < 3600) return fmt::format("{:.0f}min", seconds / 60);
  return fmt::format("{:.1f}h", seconds / 3600);
}

std::string avg_p95(const Spread& s) { return s.n == 0 ? "-" : hours(s.mean) + " / " + hours(s.p95); }

void text_rows(std::ostream& out, const char* title, const std::vector<Group>& rows) {
  if (rows.empty()) return;
  out << title << "\n";
  for (const Group& g : rows) {
    out << fmt::format("  {:<24} {:>7} {:>7} {:>7} {:>6} {:>8} {:>6} {:>7}  {:<17} {:<17} {:>6} {:>6} {:>6}\n", g.key,
                       g.tickets, g.finished, g.clocks, g.met, g.breached, g.open, percent(g.on_time()),
                       avg_p95(g.counted), avg_p95(g.clock), g.escalated, g.warnings, g.deadlines_missed);
  }
}

void text_report(std::ostream& out, const Report& r) {
  out << fmt::format("  {:<24} {:>7} {:>7} {:>7} {:>6} {:>8} {:>6} {:>7}  {:<17} {:<17} {:>6} {:>6} {:>6}\n", "",
                     "tickets", "done", "clocks", "met", "breached", "open", "on time", "counted avg / p95",
                     "clock avg / p95", "escal", "warns", "late");
  text_rows(out, "total", {r.total});
  text_rows(out, "by workflow", r.workflows);
  text_rows(out, "by SLA", r.slas);
  text_rows(out, "by segment", r.segments);
  out << fmt::format("host operations: {} applied, {} skipped (the instance was not waiting for them)\n", r.host_ops,
                     r.skipped_ops);
}

nlohmann::json spread_json(const Spread& s) {
  if (s.n == 0) return nullptr;
  return {{"n", s.n}, {"avg_seconds", std::llround(s.mean)}, {"p95_seconds", std::llround(s.p95)}};
}

nlohmann::json group_json(const Group& g) {
  double rate = g.on_time();
  return {{"key", g.key},
          {"tickets", g.tickets},
          {"finished", g.finished},
          {"failed", g.failed},
          {"clocks", g.clocks},
          {"met", g.met},
          {"breached", g.breached},
          {"cancelled", g.cancelled},
          {"open", g.open},
          {"on_time", rate < 0 ? nlohmann::json(nullptr) : nlohmann::json(std::round(rate * 10000) / 10000)},
          {"counted", spread_json(g.counted)},
          {"clock", spread_json(g.clock)},
          {"ticket", spread_json(g.ticket)},
          {"escalated", g.escalated},
          {"warnings", g.warnings},
          {"deadlines_missed", g.deadlines_missed}};
}

nlohmann::json report_json(const Report& r) {
  nlohmann::json j = {{"total", group_json(r.total)}, {"host_ops", r.host_ops}, {"skipped_ops", r.skipped_ops}};
  for (auto [name, rows] : {std::pair{"workflows", &r.workflows}, std::pair{"slas", &r.slas},
                            std::pair{"segments", &r.segments}}) {
    j[name] = nlohmann::json::array();
    for (const Group& g : *rows) j[name].push_back(group_json(g));
  }
  j["distributions"] = nlohmann::json::array();
  for (const sim::LimitShares& d : r.distributions) {
    j["distributions"].push_back({{"key", d.key}, {"bucket_percent", sim::LimitShares::kBucketPercent}, {"n", d.n},
                                  {"counts", d.counts}});
  }
  j["days"] = nlohmann::json::array();
  for (const sim::DayCount& d : r.days) {
    j["days"].push_back({{"day", d.day}, {"started", d.started}, {"breached", d.breached}, {"escalated", d.escalated}});
  }
  return j;
}

constexpr const char* kCsvHeader =
    "run,section,key,tickets,finished,failed,clocks,met,breached,cancelled,open,on_time,counted_avg_s,counted_p95_s,"
    "clock_avg_s,clock_p95_s,ticket_avg_s,ticket_p95_s,escalated,warnings,deadlines_missed\n";

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

void csv_rows(std::ostream& out, const char* run, const Report& r) {
  auto row = [&](const char* section, const Group& g) {
    auto s = [](const Spread& x, bool p95) { return x.n == 0 ? std::string() : fmt::format("{}", std::llround(p95 ? x.p95 : x.mean)); };
    double rate = g.on_time();
    out << fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n", run, section, csv_field(g.key),
                       g.tickets, g.finished, g.failed, g.clocks, g.met, g.breached, g.cancelled, g.open,
                       rate < 0 ? std::string() : fmt::format("{:.4f}", rate), s(g.counted, false), s(g.counted, true),
                       s(g.clock, false), s(g.clock, true), s(g.ticket, false), s(g.ticket, true), g.escalated,
                       g.warnings, g.deadlines_missed);
  };
  row("total", r.total);
  for (const Group& g : r.workflows) row("workflow", g);
  for (const Group& g : r.slas) row("sla", g);
  for (const Group& g : r.segments) row("segment", g);
}

std::string signed_count(std::int64_t d) { return d > 0 ? fmt::format("+{}", d) : fmt::format("{}", d); }

std::string rate_change(double a, double b) {
  if (a < 0 || b < 0) return fmt::format("{} -> {}", percent(a), percent(b));
  return fmt::format("{} -> {} ({:+.1f} pp)", percent(a), percent(b), (b - a) * 100);
}

std::int64_t diff(std::uint64_t a, std::uint64_t b) { return static_cast<std::int64_t>(b) - static_cast<std::int64_t>(a); }

// Rows present in both reports, by key, for the difference table.
std::vector<std::pair<const Group*, const Group*>> paired(const std::vector<Group>& a, const std::vector<Group>& b) {
  std::map<std::string, const Group*> by_key;
  for (const Group& g : b) by_key[g.key] = &g;
  std::vector<std::pair<const Group*, const Group*>> out;
  for (const Group& g : a) {
    if (auto it = by_key.find(g.key); it != by_key.end()) out.emplace_back(&g, it->second);
  }
  return out;
}

}  // namespace

void print_report(std::ostream& out, ReportFormat format, const std::string& about, const Report& report) {
  if (format == ReportFormat::json) {
    out << json_text(nlohmann::json{{"about", about}, {"report", report_json(report)}}, 2) << "\n";
    return;
  }
  if (format == ReportFormat::csv) {
    out << kCsvHeader;
    csv_rows(out, "base", report);
    return;
  }
  out << "SLA report: " << about << "\n\n";
  text_report(out, report);
}

std::vector<std::pair<const sim::Group*, const sim::Group*>> comparison_rows(const sim::Comparison& c) {
  std::vector<std::pair<const Group*, const Group*>> rows = {{&c.base.total, &c.what_if.total}};
  for (const auto& p : paired(c.base.workflows, c.what_if.workflows)) rows.push_back(p);
  for (const auto& p : paired(c.base.slas, c.what_if.slas)) rows.push_back(p);
  for (const auto& p : paired(c.base.segments, c.what_if.segments)) rows.push_back(p);
  return rows;
}

void print_comparison(std::ostream& out, ReportFormat format, const std::string& about, const std::string& what_if,
                      const sim::Comparison& c) {
  const std::vector<std::pair<const Group*, const Group*>> rows = comparison_rows(c);
  if (format == ReportFormat::json) {
    nlohmann::json d = nlohmann::json::array();
    for (auto [a, b] : rows) {
      double ra = a->on_time();
      double rb = b->on_time();
      d.push_back({{"key", a->key},
                   {"on_time_change", ra < 0 || rb < 0 ? nlohmann::json(nullptr)
                                                       : nlohmann::json(std::round((rb - ra) * 10000) / 10000)},
                   {"breached_change", diff(a->breached, b->breached)},
                   {"escalated_change", diff(a->escalated, b->escalated)}});
    }
    out << nlohmann::json{{"about", about},
                          {"what_if", what_if},
                          {"base", report_json(c.base)},
                          {"what_if_report", report_json(c.what_if)},
                          {"difference", d},
                          {"met_to_breached", c.met_to_breached},
                          {"breached_to_met", c.breached_to_met}}
               .dump(2, ' ', false, nlohmann::json::error_handler_t::replace)
        << "\n";
    return;
  }
  if (format == ReportFormat::csv) {
    out << kCsvHeader;
    csv_rows(out, "base", c.base);
    csv_rows(out, "what_if", c.what_if);
    return;
  }
  out << "SLA report: " << about << "\n\nbase\n";
  text_report(out, c.base);
  out << "\nwhat-if: " << what_if << "\n";
  text_report(out, c.what_if);
  out << "\ndifference (same tickets, base -> what-if)\n";
  out << fmt::format("  {:<24} {:<34} {:<22} {}\n", "", "on time", "breached", "escalated");
  for (auto [a, b] : rows) {
    out << fmt::format("  {:<24} {:<34} {:<22} {}\n", a->key, rate_change(a->on_time(), b->on_time()),
                       fmt::format("{} -> {} ({})", a->breached, b->breached, signed_count(diff(a->breached, b->breached))),
                       fmt::format("{} -> {} ({})", a->escalated, b->escalated, signed_count(diff(a->escalated, b->escalated))));
  }
  out << fmt::format("SLA clocks met in the base and breached in the what-if: {}; breached in the base and met: {}\n",
                     c.met_to_breached, c.breached_to_met);
}

}  // namespace docket::cli
