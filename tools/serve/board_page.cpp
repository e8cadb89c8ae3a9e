// The SLA board for supervisors (督办): open tickets by workflow and SLA state, refreshed every 10 s; a ticket's clocks and trail on click.
#include "serve/board_page.hpp"

namespace docket::serve {

std::string_view board_page() {
  // No script or style from elsewhere: the page works on a network without the internet.
  static constexpr std::string_view kPage = R"PAGE(<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>docket · SLA 督办看板</title>
<link rel="icon" href="data:,">
<style>
  body { font: 14px/1.45 "Noto Sans CJK SC", system-ui, sans-serif; margin: 0; color: #1d2430; background: #f5f6f8; }
  header { background: #1d3557; color: #fff; padding: 10px 20px; display: flex; justify-content: space-between; align-items: baseline; }
  header h1 { font-size: 18px; margin: 0; }
  main { padding: 16px 20px; display: grid; grid-template-columns: minmax(420px, 1fr) minmax(320px, 1fr); gap: 16px; }
  section { background: #fff; border-radius: 6px; padding: 12px 14px; box-shadow: 0 1px 2px rgba(0,0,0,.08); }
  h2 { font-size: 15px; margin: 0 0 8px; }
  table { border-collapse: collapse; width: 100%; }
  th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid #e3e6ea; }
  td.n { text-align: right; font-variant-numeric: tabular-nums; }
  tr.ticket { cursor: pointer; }
  tr.ticket:hover, tr.ticket.chosen { background: #eef3fb; }
  .escalated { color: #fff; background: #9d0208; } .breached { color: #fff; background: #d00000; }
  .warned { background: #ffba08; } .running { background: #cde7d8; } .paused { background: #dde2ea; }
  .idle, .none { background: #f0f0f0; }
  span.state { border-radius: 3px; padding: 0 6px; font-size: 12px; }
  #error { color: #d00000; }
  pre { white-space: pre-wrap; font-size: 12px; }
</style>
</head>
<body>
<header><h1>SLA 督办看板 · SLA board</h1><span id="updated">loading…</span></header>
<main>
  <div>
    <section>
      <h2>By workflow · 按流程</h2>
      <table id="summary"><thead><tr><th>workflow</th><th>open</th><th>escalated</th><th>breached</th><th>warned</th>
        <th>running</th><th>paused</th><th>failed</th></tr></thead><tbody></tbody></table>
    </section>
    <section style="margin-top:16px">
      <h2>Open tickets, worst first · 在办工单</h2>
      <table id="tickets"><thead><tr><th>#</th><th>workflow</th><th>at</th><th>SLA</th><th>due</th></tr></thead><tbody></tbody></table>
    </section>
  </div>
  <section id="detail"><h2>Ticket · 工单</h2><p>Click a ticket to see its clocks and trail.</p></section>
</main>
<p id="error"></p>
<script>
'use strict';
const order = ['escalated', 'breached', 'warned', 'running', 'paused', 'idle', 'none'];
let chosen = null;

function cell(row, text, cls) {
  const td = row.insertCell();
  td.textContent = text;
  if (cls) td.className = cls;
  return td;
}
function state(s) {
  const span = document.createElement('span');
  span.className = 'state ' + s;
  span.textContent = s;
  return span;
}
async function json(url) {
  const res = await fetch(url, { cache: 'no-store' });
  if (!res.ok) throw new Error(url + ': ' + res.status);
  return res.json();
}
function earliestDue(t) {
  const dues = t.slas.map(s => s.due).filter(Boolean).sort();
  return dues.length ? dues[0] : '';
}

async function refresh() {
  try {
    const board = await json('/v1/board');
    const summary = document.querySelector('#summary tbody');
    summary.replaceChildren();
    for (const w of board.workflows) {
      const row = summary.insertRow();
      row.dataset.workflow = w.workflow;
      cell(row, w.workflow);
      for (const key of ['open', 'escalated', 'breached', 'warned', 'running', 'paused', 'failed']) {
        cell(row, String(w[key]), 'n').dataset.key = key;
      }
    }
    const total = summary.insertRow();
    total.dataset.workflow = '*';
    cell(total, 'total');
    for (const key of ['open', 'escalated', 'breached', 'warned', 'running', 'paused', 'failed']) {
      cell(total, String(board.totals[key]), 'n').dataset.key = key;
    }
    const tickets = document.querySelector('#tickets tbody');
    tickets.replaceChildren();
    const sorted = [...board.tickets].sort((a, b) => order.indexOf(a.worst) - order.indexOf(b.worst) || a.instance - b.instance);
    for (const t of sorted) {
      const row = tickets.insertRow();
      row.className = 'ticket' + (t.instance === chosen ? ' chosen' : '');
      row.dataset.instance = t.instance;
      cell(row, String(t.instance));
      cell(row, t.workflow);
      cell(row, t.state === 'failed' ? 'failed: ' + t.error : t.active.join(', '));
      row.insertCell().appendChild(state(t.worst));
      cell(row, earliestDue(t));
      row.addEventListener('click', () => show(t.instance));
    }
    document.getElementById('updated').textContent = 'updated ' + new Date().toLocaleTimeString();
    document.getElementById('error').textContent = '';
  } catch (e) {
    document.getElementById('error').textContent = 'cannot reach docket serve: ' + e.message;
  }
}

async function show(id) {
  chosen = id;
  const [status, slas, trail] = await Promise.all([json('/v1/instances/' + id), json('/v1/instances/' + id + '/slas'),
                                                   json('/v1/instances/' + id + '/audit')]);
  const detail = document.getElementById('detail');
  detail.replaceChildren();
  const h = document.createElement('h2');
  h.textContent = 'Ticket #' + id + ' · ' + status.workflow + ' · ' + status.state;
  detail.appendChild(h);
  const clocks = document.createElement('table');
  clocks.id = 'clocks';
  const head = clocks.insertRow();
  for (const t of ['SLA', 'phase', 'due', 'counted', 'budget', 'level']) cell(head, t).style.fontWeight = 'bold';
  for (const s of slas) {
    const row = clocks.insertRow();
    cell(row, s.name);
    cell(row, s.phase + (s.breached ? ' (breached)' : ''));
    cell(row, s.due || '');
    cell(row, Math.round(s.elapsed_seconds / 60) + ' min', 'n');
    cell(row, Math.round(s.budget_seconds / 60) + ' min', 'n');
    cell(row, String(s.level), 'n');
  }
  detail.appendChild(clocks);
  const pre = document.createElement('pre');
  pre.id = 'trail';
  pre.textContent = trail.map(e => e.at + '  ' + e.kind.padEnd(16) + (e.node || '').padEnd(18) + e.detail).join('\n');
  detail.appendChild(pre);
  for (const row of document.querySelectorAll('tr.ticket')) row.classList.toggle('chosen', Number(row.dataset.instance) === id);
}

refresh();
setInterval(refresh, 10000);
</script>
</body>
</html>
)PAGE";
  return kPage;
}

}  // namespace docket::serve
