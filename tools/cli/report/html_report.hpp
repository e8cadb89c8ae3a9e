// `docket simulate --format html`: the SLA report as one self-contained page (no network, no script).
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "docket/core/sim_report.hpp"

namespace docket::cli::report {

struct WorkflowPicture {
  std::string name;
  std::string label;
  std::string svg;  // as `dot -Tsvg` wrote it
};

struct HtmlReport {
  std::string about;                      // the input, as the text report's first line says it
  const sim::Report* base = nullptr;      // the report (or the base run of a what-if)
  const sim::Comparison* comparison = nullptr;  // set for a what-if: base and what-if side by side
  std::string what_if;                    // what the what-if changed
  std::vector<WorkflowPicture> pictures;  // the program's workflows (docket graph)
};

void write_html_report(std::ostream& out, const HtmlReport& report);

// The page's style sheet (html_style.cpp).
[[nodiscard]] const char* report_css() noexcept;

}  // namespace docket::cli::report
