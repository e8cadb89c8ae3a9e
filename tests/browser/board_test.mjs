// The SLA board of `docket serve` in Debian's headless Chromium: tickets left open since 2025 by
// `docket run` (the server catches up on their warnings, breaches and escalations when it starts)
// and tickets started, paused and failed through the API; the page must load with no console error,
// show for every workflow and state the numbers /v1/board gives, list every open ticket, and show a
// clicked ticket's clocks and trail as the API has them. A tampered page must fail the comparison.
// A screenshot is kept in OUT. Usage: node board_test.mjs --docket BIN --source REPO --out DIR
import { spawn, execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

import { checks, parseArgs, withChromium } from './chromium.mjs';

const args = parseArgs('board_test.mjs');
const token = 'board-test-token-0123456789';
const config = join(args.source, 'examples/95598/docket.toml');
const dir = join(args.out, 'board');
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
const store = join(dir, 'board.sqlite');

const { check, finish } = checks();

const customer = (id, area = 'urban', important = false) => ({
  id: `C-${id}`, voltage_kv: 0.38, tariff: 'commercial', dual_source: false, important, load_level: 3, contract_kva: 80, area,
});
const application = (id, area) => ({ app: { id, address: '上海市浦东新区张杨路 500 号', customer: customer(id, area) } });

// 1. Tickets of 2025, some finished, most left open: a month of backlog.
const events = [];
for (let i = 0; i < 12; i++) {
  const day = String(1 + i).padStart(2, '0');
  events.push({ at: `2025-09-${day}T09:00`, start: 'meter_install', ticket: `M${i}`, input: application(`M${i}`, i % 3 ? 'urban' : 'rural') });
  if (i % 2 === 0) events.push({ at: `2025-09-${day}T10:00`, ticket: `M${i}`, complete: 'accept' });
  if (i % 4 === 0) events.push({ at: `2025-09-${day}T11:00`, ticket: `M${i}`, signal: 'customer_pending' });
}
for (let i = 0; i < 6; i++) {
  const day = String(15 + i).padStart(2, '0');
  events.push({ at: `2025-09-${day}T09:30`, start: 'complaint', ticket: `K${i}`,
                input: { c: { id: `K${i}`, level: i % 2 ? 'serious' : 'ordinary', customer: customer(`K${i}`, 'urban', i === 4) } } });
  if (i < 2) events.push({ at: `2025-09-${day}T10:00`, ticket: `K${i}`, complete: 'accept' });
}
events.sort((a, b) => a.at.localeCompare(b.at));
const scenario = join(dir, 'backlog.jsonl');
writeFileSync(scenario, events.map((e) => JSON.stringify(e)).join('\n') + '\n');
execFileSync(args.docket, ['run', '--config', config, '--store', store, scenario], { stdio: ['ignore', 'ignore', 'inherit'] });

// 2. The server on that store, on the wall clock.
const server = spawn(args.docket, ['serve', '--config', config, '--store', store, '--listen', '127.0.0.1:0'],
                     { env: { ...process.env, DOCKET_SERVE_TOKEN: token }, stdio: ['ignore', 'pipe', 'inherit'] });
const base = await new Promise((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error('docket serve did not start within 60 s')), 60000);
  createInterface({ input: server.stdout }).on('line', (line) => {
    const m = line.match(/listening on (http:\/\/\S+)/);
    if (m) { clearTimeout(timer); resolve(m[1]); }
  });
  server.on('exit', (code) => reject(new Error(`docket serve exited with ${code}`)));
});

try {
  const api = async (path, body) => {
    const res = await fetch(base + path, body === undefined ? {} : {
      method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` }, body: JSON.stringify(body),
    });
    const json = await res.json();
    if (!res.ok) throw new Error(`${path}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
  // 3. Today's tickets through the API: running, one paused.
  for (let i = 0; i < 3; i++) await api('/v1/instances', { workflow: 'meter_install', args: application(`N${i}`), key: `N${i}` });
  const paused = (await api('/v1/instances', { workflow: 'meter_install', args: application('N9'), key: 'N9' })).instance;
  await api(`/v1/instances/${paused}/complete`, { step: 'accept' });
  await api(`/v1/instances/${paused}/signal`, { event: 'customer_pending' });

  const board = await api('/v1/board');
  const health = await api('/healthz');
  check(board.totals.open === 22 && health.open_instances === 22,
        `18 tickets of the backlog and 4 of today are open (board ${board.totals.open}, health ${health.open_instances})`);
  check(board.totals.breached + board.totals.escalated > 0, `the backlog has breached or escalated tickets (${JSON.stringify(board.totals)})`);
  check(board.totals.running > 0 && board.totals.paused > 0, `today's tickets run and one is paused (${JSON.stringify(board.totals)})`);

  await withChromium({ width: 1400, height: 1000 }, async (context) => {
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    page.on('requestfailed', (r) => errors.push(`request failed: ${r.url()}`));
    await page.goto(base + '/');
    await page.waitForSelector('#summary tbody tr[data-workflow="*"]', { timeout: 15000 });

    // The page's numbers, read from the DOM, against the API's (fetched again: the page's own view).
    const read = () => page.evaluate(() => {
      const rows = {};
      for (const tr of document.querySelectorAll('#summary tbody tr')) {
        rows[tr.dataset.workflow] = Object.fromEntries([...tr.querySelectorAll('td[data-key]')].map((td) => [td.dataset.key, Number(td.textContent)]));
      }
      return { rows, tickets: [...document.querySelectorAll('#tickets tbody tr')].map((tr) => Number(tr.dataset.instance)) };
    });
    const compare = (shown, truth) => {
      const problems = [];
      const keys = ['open', 'escalated', 'breached', 'warned', 'running', 'paused', 'failed'];
      for (const w of [...truth.workflows, { workflow: '*', ...truth.totals }]) {
        for (const k of keys) {
          if (shown.rows[w.workflow]?.[k] !== w[k]) problems.push(`${w.workflow}.${k}: page ${shown.rows[w.workflow]?.[k]}, API ${w[k]}`);
        }
      }
      if (Object.keys(shown.rows).length !== truth.workflows.length + 1) problems.push('workflow rows differ');
      const ids = truth.tickets.map((t) => t.instance).sort((a, b) => a - b);
      if (JSON.stringify([...shown.tickets].sort((a, b) => a - b)) !== JSON.stringify(ids)) problems.push('ticket lists differ');
      return problems;
    };
    const shown = await read();
    const truth = await api('/v1/board');
    const problems = compare(shown, truth);
    check(problems.length === 0, `the page shows the API's numbers (${problems.join('; ')})`);
    console.log(`compared ${(truth.workflows.length + 1) * 7} numbers and ${truth.tickets.length} tickets`);

    // Negative control: a number changed on the page must be caught.
    await page.evaluate(() => { const td = document.querySelector('#summary tbody tr td[data-key="open"]'); td.textContent = String(Number(td.textContent) + 1); });
    check(compare(await read(), truth).length > 0, 'a tampered number is caught (negative control)');

    // A click shows the ticket's clocks and trail as the API has them.
    const worst = truth.tickets.find((t) => t.worst === 'escalated' || t.worst === 'breached') ?? truth.tickets[0];
    await page.click(`#tickets tr[data-instance="${worst.instance}"]`);
    await page.waitForSelector('#clocks', { timeout: 10000 });
    const detail = await page.evaluate(() => ({
      clocks: document.querySelectorAll('#clocks tr').length - 1,
      names: [...document.querySelectorAll('#clocks tr')].slice(1).map((tr) => tr.cells[0].textContent),
      trail: document.getElementById('trail').textContent.split('\n').length,
      title: document.querySelector('#detail h2').textContent,
    }));
    const slas = await api(`/v1/instances/${worst.instance}/slas`);
    const audit = await api(`/v1/instances/${worst.instance}/audit`);
    check(detail.clocks === slas.length && JSON.stringify(detail.names) === JSON.stringify(slas.map((s) => s.name)),
          `ticket ${worst.instance}: its ${slas.length} clocks shown (${detail.names.join(', ')})`);
    check(detail.trail === audit.length, `ticket ${worst.instance}: ${audit.length} trail entries shown (${detail.trail})`);
    check(detail.title.includes(`#${worst.instance}`), `the detail names the ticket (${detail.title})`);

    // Refreshing itself: a ticket started now appears without a reload.
    const fresh = (await api('/v1/instances', { workflow: 'meter_install', args: application('R1'), key: 'R1' })).instance;
    await page.evaluate(() => refresh());
    await page.waitForSelector(`#tickets tr[data-instance="${fresh}"]`, { timeout: 15000 });
    check(true, 'a new ticket appears after a refresh');

    await page.screenshot({ path: join(args.out, 'board.png'), fullPage: true });
    console.log(`screenshot ${join(args.out, 'board.png')}`);
    check(errors.length === 0, `no console error or failed request (${errors.join('; ')})`);
  });
} finally {
  server.kill('SIGTERM');
}
finish();
