// The HTML report's style sheet, inlined into the page (no external resource).
#include "cli/report/html_report.hpp"

namespace docket::cli::report {

const char* report_css() noexcept {
  return R"css(
:root { --ink: #222; --muted: #666; --line: #d8d8d8; --base: #3b73b9; --whatif: #e08a2c; }
* { box-sizing: border-box; }
body { margin: 0; padding: 24px 32px 48px; color: var(--ink); background: #fafafa;
       font: 14px/1.45 "Noto Sans CJK SC", "Noto Sans", "DejaVu Sans", sans-serif; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 32px 0 8px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
h3 { font-size: 14px; margin: 14px 0 4px; color: #333; }
p.about, p.note { color: var(--muted); margin: 2px 0; }
.cards { display: flex; flex-wrap: wrap; gap: 12px; margin-top: 16px; }
.card { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 10px 14px; min-width: 150px; }
.card .label { color: var(--muted); font-size: 12px; }
.card .figure { font-size: 20px; font-weight: bold; }
.card .run { font-size: 12px; color: var(--muted); }
.grid2 { display: grid; grid-template-columns: repeat(auto-fit, minmax(480px, 1fr)); gap: 12px 24px; }
.panel { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 8px 12px; overflow-x: auto; }
.legend span { display: inline-block; margin-right: 14px; font-size: 12px; color: var(--muted); }
.legend i { display: inline-block; width: 10px; height: 10px; margin-right: 4px; vertical-align: -1px; }
svg.chart { max-width: 100%; height: auto; }
svg.chart text { font-size: 11px; fill: #333; }
svg.chart text.tick, svg.chart text.count { font-size: 9px; fill: #666; }
svg.chart text.axis { font-size: 10px; fill: #666; }
svg.chart line.grid { stroke: #e6e6e6; stroke-width: 1; }
svg.chart line.limit { stroke: #c44e3f; stroke-width: 1.5; stroke-dasharray: 4 3; }
svg.chart text.limit-label { fill: #c44e3f; font-size: 10px; }
table { border-collapse: collapse; background: #fff; font-size: 12px; }
th, td { border: 1px solid var(--line); padding: 3px 7px; text-align: right; white-space: nowrap; }
th:first-child, td:first-child { text-align: left; }
th { background: #f0f0f0; }
td.up { color: #2e7d46; } td.down { color: #b03a2e; }
.picture { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 8px; margin-bottom: 12px; overflow-x: auto; }
.picture svg { max-width: 100%; height: auto; }
footer { margin-top: 40px; color: var(--muted); font-size: 12px; }
)css";
}

}  // namespace docket::cli::report
