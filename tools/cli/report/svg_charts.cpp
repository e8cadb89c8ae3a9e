// SVG charts drawn by hand: a few rects, lines and texts per chart, with their numbers as data-*.
#include "cli/report/svg_charts.hpp"

#include <algorithm>
#include <cmath>

#include "cli/report/markup.hpp"

namespace docket::cli::report {

namespace {

constexpr const char* kRunColour[] = {"#3b73b9", "#e08a2c"};
constexpr const char* kMetColour[] = {"#4a9a5b", "#9fd1a9"};
constexpr const char* kLateColour[] = {"#c44e3f", "#eaa195"};
constexpr const char* kEscalatedColour[] = {"#7a3f9d", "#c9a6df"};

std::size_t shade(const Run& run) { return run.id == "base" ? 0 : 1; }

// A round axis maximum at or above `v`: 1, 2 or 5 times a power of ten (at least 1).
double nice_max(double v) {
  if (v <= 1) return 1;
  double p = std::pow(10.0, std::floor(std::log10(v)));
  for (double m : {1.0, 2.0, 5.0, 10.0}) {
    if (m * p >= v) return m * p;
  }
  return 10 * p;
}

std::string svg_open(const std::string& chart, const std::string& run, double width, double height, double scale,
                     const std::string& label) {
  return fmt::format(
      "<svg class=\"chart\" data-chart=\"{}\" data-run=\"{}\" data-scale=\"{}\" role=\"img\" aria-label=\"{}\" "
      "width=\"{}\" height=\"{}\" viewBox=\"0 0 {} {}\" xmlns=\"http://www.w3.org/2000/svg\">\n",
      esc(chart), esc(run), fmt::format("{:.6f}", scale), esc(label), px(width), px(height), px(width), px(height));
}

// Horizontal count axis ticks for a vertical bar chart: 0, max/2, max.
std::string y_axis(double left, double top, double plot_h, double plot_w, double max) {
  std::string out;
  for (double f : {0.0, 0.5, 1.0}) {
    double y = top + plot_h - f * plot_h;
    out += fmt::format("<line class=\"grid\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"/>", px(left), px(y), px(left + plot_w), px(y));
    out += fmt::format("<text class=\"tick\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>\n", px(left - 4), px(y + 3),
                       fmt::format("{:g}", max * f));
  }
  return out;
}

}  // namespace

std::string rate_chart(const std::string& chart, const std::vector<Run>& runs, const std::vector<RateRow>& rows) {
  const double label_w = 150;
  const double plot_w = 300;
  const double bar_h = 13;
  const double row_h = static_cast<double>(runs.size()) * (bar_h + 2) + 8;
  const double top = 18;
  const double height = top + row_h * static_cast<double>(rows.size()) + 6;
  const double width = label_w + plot_w + 52;
  std::string out = svg_open(chart, runs.size() > 1 ? "both" : runs.front().id, width, height, plot_w, "on-time rate");
  for (double f : {0.0, 0.25, 0.5, 0.75, 1.0}) {
    double x = label_w + f * plot_w;
    out += fmt::format("<line class=\"grid\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"/>", px(x), px(top - 4), px(x), px(height - 4));
    out += fmt::format("<text class=\"tick\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{:.0f}%</text>\n", px(x), px(top - 7), f * 100);
  }
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const RateRow& row = rows[r];
    double y0 = top + row_h * static_cast<double>(r) + 4;
    out += fmt::format("<text class=\"key\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>\n", px(label_w - 8),
                       px(y0 + row_h / 2 - 2), esc(row.key));
    for (std::size_t k = 0; k < runs.size(); ++k) {
      double rate = k < row.rates.size() ? row.rates[k] : -1;
      double y = y0 + static_cast<double>(k) * (bar_h + 2);
      // The bar is as long as the rate shown (rounded as in the JSON report).
      double shown = rate < 0 ? 0 : std::round(rate * 10000) / 10000;
      out += fmt::format("<rect class=\"bar\" data-chart=\"{}\" data-run=\"{}\" data-key=\"{}\" data-value=\"{}\" x=\"{}\" "
                         "y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"><title>{} · {}: {}</title></rect>",
                         esc(chart), esc(runs[k].id), esc(row.key), rate_value(rate), px(label_w), px(y),
                         px(shown * plot_w), px(bar_h), kRunColour[shade(runs[k])], esc(row.key), esc(runs[k].title),
                         rate_label(rate));
      out += fmt::format("<text class=\"value\" data-chart=\"{}\" data-run=\"{}\" data-key=\"{}\" x=\"{}\" y=\"{}\">{}</text>\n",
                         esc(chart), esc(runs[k].id), esc(row.key), px(label_w + shown * plot_w + 4), px(y + bar_h - 3),
                         rate_label(rate));
    }
  }
  return out + "</svg>\n";
}

std::string distribution_chart(const std::string& key, const Run& run, const std::vector<std::uint64_t>& counts,
                               int bucket_percent) {
  const double left = 40;
  const double top = 14;
  const double plot_w = 420;
  const double plot_h = 120;
  const double width = left + plot_w + 12;
  const double height = top + plot_h + 34;
  const std::uint64_t peak = counts.empty() ? 0 : *std::max_element(counts.begin(), counts.end());
  const double max = nice_max(static_cast<double>(peak));
  const double scale = plot_h / max;
  const double slot = plot_w / static_cast<double>(std::max<std::size_t>(counts.size(), 1));
  std::string out = svg_open("distribution", run.id, width, height, scale, key + " counted time against the limit");
  out += y_axis(left, top, plot_h, plot_w, max);
  for (std::size_t i = 0; i < counts.size(); ++i) {
    const int from = static_cast<int>(i) * bucket_percent;
    const bool late = from >= 100;
    const bool last = i + 1 == counts.size();
    std::string range = last ? fmt::format("{}% and more", from) : fmt::format("{}–{}%", from, from + bucket_percent);
    double h = static_cast<double>(counts[i]) * scale;
    double x = left + slot * static_cast<double>(i) + 1;
    out += fmt::format("<rect class=\"bar\" data-chart=\"distribution\" data-run=\"{}\" data-key=\"{}\" data-bucket=\"{}\" "
                       "data-value=\"{}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"><title>{} of the limit: "
                       "{} clocks</title></rect>",
                       esc(run.id), esc(key), i, counts[i], px(x), px(top + plot_h - h), px(slot - 2), px(h),
                       late ? kLateColour[shade(run)] : kMetColour[shade(run)], range, counts[i]);
    if (counts[i] > 0) {
      out += fmt::format("<text class=\"count\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>", px(x + slot / 2 - 1),
                         px(top + plot_h - h - 2), counts[i]);
    }
    if (i % 5 == 0 || last) {
      out += fmt::format("<text class=\"tick\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>", px(x - 1),
                         px(top + plot_h + 12), last ? fmt::format("≥{}%", from) : fmt::format("{}%", from));
    }
    out += "\n";
  }
  const double limit_x = left + slot * (100.0 / bucket_percent);
  out += fmt::format("<line class=\"limit\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"/>", px(limit_x), px(top - 6),
                     px(limit_x), px(top + plot_h));
  out += fmt::format("<text class=\"limit-label\" x=\"{}\" y=\"{}\">limit</text>\n", px(limit_x + 3), px(top - 2));
  out += fmt::format("<text class=\"axis\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">counted time as a share of the limit</text>\n",
                     px(left + plot_w / 2), px(height - 4));
  return out + "</svg>\n";
}

std::string day_chart(const Run& run, const DaySeries& s) {
  const double left = 40;
  const double top = 14;
  const double plot_h = 120;
  const double slot = 16;
  const double plot_w = slot * static_cast<double>(std::max<std::size_t>(s.days.size(), 1));
  const double width = left + plot_w + 12;
  const double height = top + plot_h + 40;
  std::uint64_t peak = 0;
  for (std::size_t i = 0; i < s.days.size(); ++i) peak = std::max({peak, s.breached[i], s.escalated[i]});
  const double max = nice_max(static_cast<double>(peak));
  const double scale = plot_h / max;
  std::string out = svg_open("days", run.id, width, height, scale, "breaches and escalations per day");
  out += y_axis(left, top, plot_h, plot_w, max);
  const double bar_w = (slot - 3) / 2;
  for (std::size_t i = 0; i < s.days.size(); ++i) {
    double x = left + slot * static_cast<double>(i) + 1;
    const std::pair<const char*, std::uint64_t> series[] = {{"breached", s.breached[i]}, {"escalated", s.escalated[i]}};
    for (std::size_t k = 0; k < 2; ++k) {
      double h = static_cast<double>(series[k].second) * scale;
      out += fmt::format("<rect class=\"bar\" data-chart=\"days\" data-run=\"{}\" data-series=\"{}\" data-day=\"{}\" "
                         "data-value=\"{}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"><title>{}: {} {}</title></rect>",
                         esc(run.id), series[k].first, s.days[i], series[k].second, px(x + static_cast<double>(k) * (bar_w + 1)),
                         px(top + plot_h - h), px(bar_w), px(h),
                         k == 0 ? kLateColour[shade(run)] : kEscalatedColour[shade(run)], s.days[i], series[k].second,
                         series[k].first);
    }
    if (i % 7 == 0) {
      out += fmt::format("<text class=\"tick\" x=\"{}\" y=\"{}\">{}</text>", px(x), px(top + plot_h + 12),
                         s.days[i].size() == 10 ? s.days[i].substr(5) : s.days[i]);
    }
    out += "\n";
  }
  out += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"10\" height=\"10\" fill=\"{}\"/><text class=\"tick\" x=\"{}\" y=\"{}\">breaches</text>",
                     px(left), px(height - 14), kLateColour[shade(run)], px(left + 14), px(height - 5));
  out += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"10\" height=\"10\" fill=\"{}\"/><text class=\"tick\" x=\"{}\" y=\"{}\">escalations</text>\n",
                     px(left + 90), px(height - 14), kEscalatedColour[shade(run)], px(left + 104), px(height - 5));
  return out + "</svg>\n";
}

}  // namespace docket::cli::report
