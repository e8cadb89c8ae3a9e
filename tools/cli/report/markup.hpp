// Small helpers for writing HTML and SVG text: escaping, and numbers the way the page shows them.
#pragma once

#include <fmt/format.h>

#include <cmath>
#include <string>
#include <string_view>

namespace docket::cli::report {

// Text or an attribute value in HTML/SVG.
[[nodiscard]] inline std::string esc(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

// A rate as the JSON report rounds it (4 decimals), for data-value; "" when there is none.
[[nodiscard]] inline std::string rate_value(double rate) {
  return rate < 0 ? std::string() : fmt::format("{:.4f}", std::round(rate * 10000) / 10000);
}

// A rate as the page shows it: "93.4%", or "–" when nothing was rated.
[[nodiscard]] inline std::string rate_label(double rate) {
  return rate < 0 ? std::string("–") : fmt::format("{:.1f}%", std::round(rate * 10000) / 100);
}

// Coordinates with at most two decimals.
[[nodiscard]] inline std::string px(double v) { return fmt::format("{:.2f}", v); }

}  // namespace docket::cli::report
