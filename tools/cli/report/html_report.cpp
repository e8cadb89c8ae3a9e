// The HTML report: summary cards, on-time charts, durations against the limit, days, what-if, figures,
// and the workflows' pictures; every number carries data-* attributes for the browser test.
#include "cli/report/html_report.hpp"

#include <cmath>

#include "cli/report/markup.hpp"
#include "cli/report/svg_charts.hpp"
#include "cli/sim_format.hpp"

namespace docket::cli::report {

namespace {

using sim::Group;
using sim::Report;

struct RunView {
  Run run;
  const Report* report;
};

std::vector<RunView> runs_of(const HtmlReport& r) {
  if (r.comparison == nullptr) return {{Run{"base", "base"}, r.base}};
  return {{Run{"base", "base"}, &r.comparison->base}, {Run{"what_if", "what-if"}, &r.comparison->what_if}};
}

std::string hours(double seconds) {
  if (seconds < 3600) return fmt::format("{:.0f}min", seconds / 60);
  return fmt::format("{:.1f}h", seconds / 3600);
}

// A summary card: one figure per run.
std::string card(const std::string& field, const std::string& title, const std::vector<RunView>& runs,
                 std::string (*value)(const Group&), std::string (*label)(const Group&)) {
  std::string out = fmt::format("<div class=\"card\"><div class=\"label\">{}</div>", esc(title));
  for (const RunView& v : runs) {
    out += fmt::format("<div><span class=\"figure\" data-field=\"{}\" data-run=\"{}\" data-value=\"{}\">{}</span>", field,
                       v.run.id, value(v.report->total), label(v.report->total));
    if (runs.size() > 1) out += fmt::format(" <span class=\"run\">{}</span>", v.run.title);
    out += "</div>";
  }
  return out + "</div>\n";
}

std::string count_of(std::uint64_t n) { return std::to_string(n); }

std::string cards(const std::vector<RunView>& runs) {
  std::string out = "<div class=\"cards\">\n";
  out += card("tickets", "tickets", runs, [](const Group& g) { return count_of(g.tickets); },
              [](const Group& g) { return count_of(g.tickets); });
  out += card("on_time", "on time (met / rated SLA clocks)", runs, [](const Group& g) { return rate_value(g.on_time()); },
              [](const Group& g) { return rate_label(g.on_time()); });
  out += card("breached", "SLA clocks breached", runs, [](const Group& g) { return count_of(g.breached); },
              [](const Group& g) { return count_of(g.breached); });
  out += card("escalated", "SLA clocks escalated", runs, [](const Group& g) { return count_of(g.escalated); },
              [](const Group& g) { return count_of(g.escalated); });
  out += card("warnings", "warnings", runs, [](const Group& g) { return count_of(g.warnings); },
              [](const Group& g) { return count_of(g.warnings); });
  out += card("deadlines_missed", "step deadlines missed", runs, [](const Group& g) { return count_of(g.deadlines_missed); },
              [](const Group& g) { return count_of(g.deadlines_missed); });
  return out + "</div>\n";
}

std::string legend(const std::vector<RunView>& runs) {
  if (runs.size() < 2) return {};
  return "<p class=\"legend\"><span><i style=\"background:var(--base)\"></i>base</span>"
         "<span><i style=\"background:var(--whatif)\"></i>what-if</span></p>\n";
}

// Rows of an on-time chart: the base run's keys in order, each with its rate in every run.
std::vector<RateRow> rate_rows(const std::vector<RunView>& runs, std::vector<Group> Report::*section) {
  std::vector<RateRow> rows;
  for (const Group& g : runs.front().report->*section) {
    RateRow row{g.key, {}};
    for (const RunView& v : runs) {
      double rate = -1;
      for (const Group& other : v.report->*section) {
        if (other.key == g.key) rate = other.on_time();
      }
      row.rates.push_back(rate);
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

std::string on_time_section(const std::vector<RunView>& runs) {
  std::string out = "<section id=\"on-time\"><h2>On-time rate</h2>\n";
  out += "<p class=\"note\">SLA clocks met in time, of those with a verdict (met or breached).</p>\n" + legend(runs);
  const std::pair<const char*, std::vector<Group> Report::*> sections[] = {
      {"workflows", &Report::workflows}, {"slas", &Report::slas}, {"segments", &Report::segments}};
  out += "<div class=\"grid2\">\n";
  for (const auto& [name, section] : sections) {
    std::vector<RateRow> rows = rate_rows(runs, section);
    if (rows.empty()) continue;
    std::vector<Run> ids;
    for (const RunView& v : runs) ids.push_back(v.run);
    const char* title = std::string_view(name) == "workflows" ? "by workflow" : std::string_view(name) == "slas" ? "by SLA" : "by segment";
    out += fmt::format("<div class=\"panel\"><h3>{}</h3>\n{}</div>\n", title, rate_chart(std::string("on-time-") + name, ids, rows));
  }
  return out + "</div></section>\n";
}

std::string distribution_section(const std::vector<RunView>& runs) {
  std::string out = "<section id=\"distribution\"><h2>Counted time against the limit</h2>\n";
  out += "<p class=\"note\">Stopped SLA clocks by the share of their limit they used (working time for business SLAs, "
         "pauses excluded); red: at or past the limit.</p>\n";
  for (const sim::LimitShares& d : runs.front().report->distributions) {
    out += fmt::format("<h3>{}</h3><div class=\"grid2\">\n", esc(d.key));
    for (const RunView& v : runs) {
      for (const sim::LimitShares& mine : v.report->distributions) {
        if (mine.key != d.key) continue;
        out += fmt::format("<div class=\"panel\"><p class=\"note\">{}: {} clocks</p>\n{}</div>\n", v.run.title, mine.n,
                           distribution_chart(d.key, v.run, mine.counts, sim::LimitShares::kBucketPercent));
      }
    }
    out += "</div>\n";
  }
  return out + "</section>\n";
}

std::string days_section(const std::vector<RunView>& runs) {
  std::string out = "<section id=\"days\"><h2>Breaches and escalations over the period</h2>\n";
  out += "<p class=\"note\">SLA breaches on the day the due time passed; escalations on the day of a clock's first "
         "escalation.</p>\n<div class=\"grid2\">\n";
  for (const RunView& v : runs) {
    DaySeries s;
    for (const sim::DayCount& d : v.report->days) {
      s.days.push_back(d.day);
      s.breached.push_back(d.breached);
      s.escalated.push_back(d.escalated);
    }
    out += fmt::format("<div class=\"panel\"><p class=\"note\">{}</p>\n{}</div>\n", v.run.title, day_chart(v.run, s));
  }
  return out + "</div></section>\n";
}

std::string signed_pp(double change) { return fmt::format("{:+.1f} pp", change * 100); }

std::string what_if_section(const HtmlReport& r) {
  if (r.comparison == nullptr) return {};
  const sim::Comparison& c = *r.comparison;
  std::string out = "<section id=\"what-if\"><h2>What-if, side by side</h2>\n";
  out += fmt::format("<p class=\"note\">The same tickets under: {}.</p>\n", esc(r.what_if));
  out += "<table class=\"difference\"><tr><th></th><th>on time, base</th><th>on time, what-if</th><th>change</th>"
         "<th>breached, base</th><th>breached, what-if</th><th>escalated, base</th><th>escalated, what-if</th></tr>\n";
  for (auto [a, b] : comparison_rows(c)) {
    double ra = a->on_time();
    double rb = b->on_time();
    // As the JSON report's on_time_change: rounded to 4 decimals (a change may be negative).
    std::string change = ra < 0 || rb < 0 ? std::string() : fmt::format("{:.4f}", std::round((rb - ra) * 10000) / 10000);
    std::string cls = ra < 0 || rb < 0 || rb == ra ? "" : rb > ra ? " class=\"up\"" : " class=\"down\"";
    out += fmt::format("<tr data-key=\"{}\"><td>{}</td>", esc(a->key), esc(a->key));
    out += fmt::format("<td data-field=\"on_time\" data-run=\"base\" data-value=\"{}\">{}</td>", rate_value(ra), rate_label(ra));
    out += fmt::format("<td data-field=\"on_time\" data-run=\"what_if\" data-value=\"{}\">{}</td>", rate_value(rb), rate_label(rb));
    out += fmt::format("<td data-field=\"on_time_change\" data-value=\"{}\"{}>{}</td>", change, cls,
                       change.empty() ? "–" : signed_pp(rb - ra));
    out += fmt::format("<td data-field=\"breached\" data-run=\"base\" data-value=\"{0}\">{0}</td>"
                       "<td data-field=\"breached\" data-run=\"what_if\" data-value=\"{1}\">{1}</td>",
                       a->breached, b->breached);
    out += fmt::format("<td data-field=\"escalated\" data-run=\"base\" data-value=\"{0}\">{0}</td>"
                       "<td data-field=\"escalated\" data-run=\"what_if\" data-value=\"{1}\">{1}</td></tr>\n",
                       a->escalated, b->escalated);
  }
  out += "</table>\n";
  out += fmt::format("<p class=\"note\">SLA clocks met in the base and breached in the what-if: <b data-field=\"met_to_breached\" "
                     "data-value=\"{0}\">{0}</b>; breached in the base and met: <b data-field=\"breached_to_met\" "
                     "data-value=\"{1}\">{1}</b>.</p>\n",
                     c.met_to_breached, c.breached_to_met);
  return out + "</section>\n";
}

std::string figures_table(const RunView& v) {
  std::string out = fmt::format("<h3>{}</h3><table class=\"figures\" data-run=\"{}\"><tr><th></th><th>tickets</th><th>done</th>"
                                "<th>clocks</th><th>met</th><th>breached</th><th>open</th><th>on time</th>"
                                "<th>counted avg / p95</th><th>clock avg / p95</th><th>escalated</th><th>warnings</th>"
                                "<th>late steps</th></tr>\n",
                                v.run.title, v.run.id);
  auto spread = [](const sim::Spread& s) { return s.n == 0 ? std::string("–") : hours(s.mean) + " / " + hours(s.p95); };
  auto row = [&](const char* section, const Group& g) {
    out += fmt::format("<tr data-section=\"{}\" data-key=\"{}\"><td>{}</td>", section, esc(g.key), esc(g.key));
    for (auto [field, n] : {std::pair{"tickets", g.tickets}, std::pair{"finished", g.finished}, std::pair{"clocks", g.clocks},
                            std::pair{"met", g.met}, std::pair{"breached", g.breached}, std::pair{"open", g.open}}) {
      out += fmt::format("<td data-field=\"{0}\" data-value=\"{1}\">{1}</td>", field, n);
    }
    out += fmt::format("<td data-field=\"on_time\" data-value=\"{}\">{}</td><td>{}</td><td>{}</td>", rate_value(g.on_time()),
                       rate_label(g.on_time()), spread(g.counted), spread(g.clock));
    for (auto [field, n] : {std::pair{"escalated", g.escalated}, std::pair{"warnings", g.warnings},
                            std::pair{"deadlines_missed", g.deadlines_missed}}) {
      out += fmt::format("<td data-field=\"{0}\" data-value=\"{1}\">{1}</td>", field, n);
    }
    out += "</tr>\n";
  };
  row("total", v.report->total);
  for (const Group& g : v.report->workflows) row("workflows", g);
  for (const Group& g : v.report->slas) row("slas", g);
  for (const Group& g : v.report->segments) row("segments", g);
  return out + "</table>\n";
}

// Graphviz's SVG without its XML prolog, ids prefixed so several pictures can share one page.
std::string inline_svg(const WorkflowPicture& p) {
  std::string svg = p.svg;
  if (auto at = svg.find("<svg"); at != std::string::npos) svg.erase(0, at);
  std::string out;
  const std::string from = " id=\"";
  const std::string to = " id=\"wf-" + p.name + "-";
  for (std::size_t i = 0; i < svg.size();) {
    if (svg.compare(i, from.size(), from) == 0) {
      out += to;
      i += from.size();
    } else {
      out += svg[i++];
    }
  }
  return out;
}

}  // namespace

void write_html_report(std::ostream& out, const HtmlReport& r) {
  const std::vector<RunView> runs = runs_of(r);
  out << "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
      << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      << "<title>SLA report · docket simulate</title>\n<style>" << report_css() << "</style>\n</head>\n<body>\n";
  out << "<header><h1>SLA report</h1>\n";
  out << fmt::format("<p class=\"about\" id=\"about\">{}</p>\n", esc(r.about));
  if (r.comparison != nullptr) out << fmt::format("<p class=\"about\" id=\"what-if-about\">what-if: {}</p>\n", esc(r.what_if));
  out << cards(runs) << "</header>\n";
  out << on_time_section(runs) << distribution_section(runs) << days_section(runs) << what_if_section(r);
  out << "<section id=\"figures\"><h2>Figures</h2>\n";
  for (const RunView& v : runs) out << figures_table(v);
  out << fmt::format("<p class=\"note\">host operations: {} applied, {} skipped.</p></section>\n", runs.front().report->host_ops,
                     runs.front().report->skipped_ops);
  if (!r.pictures.empty()) {
    out << "<section id=\"workflows\"><h2>Workflows</h2>\n";
    for (const WorkflowPicture& p : r.pictures) {
      out << fmt::format("<div class=\"picture\" data-workflow=\"{}\">\n{}</div>\n", esc(p.name), inline_svg(p));
    }
    out << "</section>\n";
  }
  out << "<footer>docket simulate --format html · one file, no network: styles and charts are inline.</footer>\n";
  out << "</body>\n</html>\n";
}

}  // namespace docket::cli::report
