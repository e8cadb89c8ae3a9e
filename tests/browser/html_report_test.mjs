// Browser test of `docket simulate --format html` in Debian's headless Chromium (playwright-core).
//
// It writes the JSON and the HTML report of the same simulation (the 95598 month, with and without a
// what-if), opens the page from a file in a fresh browser profile, and checks that
//   - it loads with no console error, no page error and no network request (file: and data: only);
//   - every number the charts, cards and tables show equals the JSON report's (read from the DOM:
//     data-value attributes, the text shown, and the bars' lengths against each chart's scale);
//   - the workflow pictures are there, with their Chinese labels as SVG text.
// A full-page screenshot is kept in OUT (a build artifact). Usage:
//   node html_report_test.mjs --docket BIN --source REPO --out DIR
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

import { parseArgs, withChromium } from './chromium.mjs';

const args = parseArgs('html_report_test.mjs');

const started = Date.now();
let passed = 0;
let failed = 0;
let control = null;  // while checking the tampered page: the failures it causes, counted here instead
const check = (ok, what) => {
  if (control) {
    if (!ok) control.push(what);
    return ok;
  }
  if (ok) { passed++; return true; }
  failed++;
  console.error(`FAIL ${what}`);
  return false;
};
const near = (a, b, eps) => Math.abs(a - b) <= eps;

const example = join(args.source, 'examples/95598');
const base = ['simulate', '--config', join(example, 'docket.toml'), '--profile', join(example, 'simulate.toml')];
const cases = [
  { name: 'html_report', extra: [] },
  { name: 'html_report_what_if', extra: ['--what-if-config', join(example, 'what-if/no_makeup_days.toml')] },
];
mkdirSync(args.out, { recursive: true });

await withChromium({ width: 1280, height: 900 }, async (context) => {
  for (const c of cases) {
    const docket = (format) => execFileSync(args.docket, [...base, ...c.extra, '--format', format], { maxBuffer: 64 << 20 }).toString();
    const json = JSON.parse(docket('json'));
    const html = docket('html');
    const file = join(args.out, `${c.name}.html`);
    writeFileSync(file, html);
    const bytes = Buffer.byteLength(html);
    console.log(`${c.name}: ${file}, ${bytes} bytes (${(bytes / 1024).toFixed(1)} KiB)`);
    const runs = c.extra.length ? [['base', json.base], ['what_if', json.what_if_report]] : [['base', json.report]];
    await checkPage(context, c.name, file, json, runs);
    if (c.extra.length === 0) {
      // Negative control: the same page with one rate changed (its bar kept), one day's bar made
      // longer and a script logging an error must fail the checks, or they prove nothing.
      const rate = /(data-chart="on-time-workflows" data-run="base" data-key="[^"]+" data-value=")([0-9.]+)"/;
      const day = /(data-chart="days" data-run="base" data-series="breached" data-day="[^"]+" data-value="[0-9]+" x="[0-9.]+" y="[0-9.]+" width="[0-9.]+" height=")([0-9.]+)"/;
      check(rate.test(html) && day.test(html), 'the tampering patterns find their marks');
      const tampered = html.replace(rate, (m, a, v) => `${a}${(Number(v) / 2).toFixed(4)}"`)
        .replace(day, (m, a, h) => `${a}${Number(h) + 7}"`)
        .replace('</body>', '<script>console.error("tampered")</script></body>');
      const copy = join(args.out, `${c.name}_tampered.html`);
      writeFileSync(copy, tampered);
      control = [];
      await checkPage(context, `${c.name}_tampered`, copy, json, runs, false);
      const caught = control;
      control = null;
      for (const w of ['loads cleanly', 'no script', 'on-time workflows/', 'day bar height']) {
        check(caught.some((f) => f.includes(w)), `the tampered page fails "${w}" (it failed ${caught.length} checks)`);
      }
    }
  }
});

async function checkPage(context, name, file, json, runs, screenshot = true) {
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('request', (r) => { if (!/^(file|data):/.test(r.url())) problems.push(`network request: ${r.url()}`); });
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
  const t0 = Date.now();
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  console.log(`${name}: loaded in ${Date.now() - t0} ms`);
  check(problems.length === 0, `${name}: loads cleanly: ${problems.join('; ')}`);

  const dom = await page.evaluate(() => {
    const rects = [...document.querySelectorAll('rect[data-chart]')].map((r) => ({
      chart: r.dataset.chart, run: r.dataset.run, key: r.dataset.key, bucket: r.dataset.bucket, series: r.dataset.series,
      day: r.dataset.day, value: r.dataset.value, width: r.width.baseVal.value, height: r.height.baseVal.value,
      scale: Number(r.ownerSVGElement.dataset.scale),
    }));
    const labels = [...document.querySelectorAll('text.value[data-chart]')].map((t) => ({
      chart: t.dataset.chart, run: t.dataset.run, key: t.dataset.key, text: t.textContent }));
    const fields = [...document.querySelectorAll('[data-field]')].map((e) => ({
      field: e.dataset.field, run: e.dataset.run, value: e.dataset.value, text: e.textContent,
      key: e.closest('tr')?.dataset.key, section: e.closest('tr')?.dataset.section,
      table: e.closest('table')?.className, tableRun: e.closest('table')?.dataset.run }));
    const pictures = [...document.querySelectorAll('.picture')].map((p) => ({
      workflow: p.dataset.workflow, texts: [...p.querySelectorAll('svg text')].map((t) => t.textContent),
      width: p.querySelector('svg')?.getBoundingClientRect().width ?? 0 }));
    const external = [...document.querySelectorAll('[src], link[href], script')].length;
    return { rects, labels, fields, pictures, external };
  });
  check(dom.external === 0, `${name}: no script, src or link element (found ${dom.external})`);

  for (const [run, report] of runs) {
    // On-time rate charts: the value, the bar's length on the chart's scale, and the label shown.
    for (const section of ['workflows', 'slas', 'segments']) {
      for (const g of report[section]) {
        const rect = dom.rects.find((r) => r.chart === `on-time-${section}` && r.run === run && r.key === g.key);
        if (!check(rect, `${name}: on-time bar ${section}/${g.key}/${run}`)) continue;
        if (g.on_time === null) { check(rect.value === '', `${name}: ${g.key} has no rate`); continue; }
        check(Number(rect.value) === g.on_time, `${name}: on-time ${section}/${g.key}/${run}: chart ${rect.value}, JSON ${g.on_time}`);
        check(near(rect.width, g.on_time * rect.scale, 0.01), `${name}: bar length of ${g.key}/${run}: ${rect.width} vs ${g.on_time * rect.scale}`);
        const label = dom.labels.find((l) => l.chart === `on-time-${section}` && l.run === run && l.key === g.key);
        check(label && near(parseFloat(label.text), g.on_time * 100, 0.05 + 1e-9), `${name}: label of ${g.key}/${run}: ${label?.text}`);
      }
    }
    // Durations against the limit.
    for (const d of report.distributions) {
      d.counts.forEach((count, i) => {
        const rect = dom.rects.find((r) => r.chart === 'distribution' && r.run === run && r.key === d.key && Number(r.bucket) === i);
        if (!check(rect, `${name}: distribution bar ${d.key}/${i}/${run}`)) return;
        check(Number(rect.value) === count, `${name}: distribution ${d.key} bucket ${i} ${run}: chart ${rect.value}, JSON ${count}`);
        check(near(rect.height, count * rect.scale, 0.01), `${name}: distribution bar height ${d.key}/${i}`);
      });
      const drawn = dom.rects.filter((r) => r.chart === 'distribution' && r.run === run && r.key === d.key).length;
      check(drawn === d.counts.length, `${name}: ${d.key} has ${drawn} buckets drawn, JSON ${d.counts.length}`);
    }
    // Breaches and escalations per day; their sums are the report's totals.
    for (const day of report.days) {
      for (const series of ['breached', 'escalated']) {
        const rect = dom.rects.find((r) => r.chart === 'days' && r.run === run && r.day === day.day && r.series === series);
        if (!check(rect, `${name}: day bar ${day.day}/${series}/${run}`)) continue;
        check(Number(rect.value) === day[series], `${name}: ${series} on ${day.day} ${run}: chart ${rect.value}, JSON ${day[series]}`);
        check(near(rect.height, day[series] * rect.scale, 0.01), `${name}: day bar height ${day.day}/${series}`);
      }
    }
    const sum = (k) => report.days.reduce((s, d) => s + d[k], 0);
    check(sum('breached') === report.total.breached, `${name}: breaches by day sum to the total (${sum('breached')} vs ${report.total.breached})`);
    check(sum('escalated') === report.total.escalated, `${name}: escalations by day sum to the total`);
    check(sum('started') === report.total.tickets, `${name}: tickets by day sum to the total`);
    // Summary cards and the figures tables.
    for (const f of ['tickets', 'breached', 'escalated', 'warnings', 'deadlines_missed', 'on_time']) {
      const card = dom.fields.find((e) => e.field === f && e.run === run && !e.table);
      const want = report.total[f] === null ? '' : report.total[f];
      check(card && (f === 'on_time' ? (card.value === '' ? want === '' : Number(card.value) === want) : Number(card.value) === want),
            `${name}: card ${f} ${run}: ${card?.value} vs ${want}`);
    }
    const rows = [['total', report.total], ...['workflows', 'slas', 'segments'].flatMap((s) => report[s].map((g) => [s, g]))];
    for (const [section, g] of rows) {
      for (const f of ['tickets', 'finished', 'clocks', 'met', 'breached', 'open', 'escalated', 'warnings', 'deadlines_missed', 'on_time']) {
        const cell = dom.fields.find((e) => e.table === 'figures' && e.tableRun === run && e.section === section && e.key === g.key && e.field === f);
        const want = g[f] === null ? '' : String(g[f]);
        check(cell && (cell.value === want || Number(cell.value) === g[f]), `${name}: figures ${run}/${section}/${g.key}/${f}: ${cell?.value} vs ${want}`);
      }
    }
  }
  // The what-if difference, side by side.
  if (json.difference) {
    for (const d of json.difference) {
      const cell = (field, run) => dom.fields.find((e) => e.table === 'difference' && e.key === d.key && e.field === field && e.run === run);
      const change = cell('on_time_change', undefined);
      check(change && (d.on_time_change === null ? change.value === '' : Number(change.value) === d.on_time_change),
            `${name}: on-time change of ${d.key}: ${change?.value} vs ${d.on_time_change}`);
      for (const f of ['breached', 'escalated']) {
        const b = Number(cell(f, 'base')?.value);
        const w = Number(cell(f, 'what_if')?.value);
        check(w - b === d[`${f}_change`], `${name}: ${f} change of ${d.key}: ${w - b} vs ${d[`${f}_change`]}`);
      }
    }
    for (const f of ['met_to_breached', 'breached_to_met']) {
      const e = dom.fields.find((x) => x.field === f);
      check(e && Number(e.value) === json[f], `${name}: ${f}: ${e?.value} vs ${json[f]}`);
    }
  }
  // The workflow pictures: one per workflow, drawn, with their Chinese labels as text.
  const workflows = json.report?.workflows ?? json.base.workflows;
  for (const w of workflows) {
    const p = dom.pictures.find((x) => x.workflow === w.key);
    check(p && p.width > 100 && p.texts.length > 5, `${name}: picture of ${w.key} (${p?.texts.length} texts, ${p?.width}px wide)`);
  }
  const allText = dom.pictures.flatMap((p) => p.texts).join(' ');
  for (const label of ['标准装表接电流程', '故障抢修流程', '投诉处理流程', '送电后回访', '客户主动走访', '现场勘察']) {
    check(allText.includes(label), `${name}: the pictures show ${label}`);
  }
  if (screenshot) {
    const shot = join(args.out, `${name}.png`);
    await page.screenshot({ path: shot, fullPage: true });
    console.log(`${name}: screenshot ${shot}`);
  }
  await page.close();
}

console.log(`browser test: ${((Date.now() - started) / 1000).toFixed(1)} s`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
