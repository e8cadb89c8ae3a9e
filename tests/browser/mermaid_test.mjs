// `docket graph --format mermaid` checked by Mermaid itself: every picture of the 95598 examples and of
// tests/golden/graph/shapes.dkt is rendered by mermaid (npm, pinned in package-lock.json) in Debian's
// headless Chromium. A parse error fails; so does a rendering that lacks a node or a Chinese label.
// A screenshot of one rendered picture is kept in OUT. Usage:
//   node mermaid_test.mjs --docket BIN --source REPO --out DIR
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

import { checks, parseArgs, withChromium } from './chromium.mjs';

const args = parseArgs('mermaid_test.mjs');
let mermaidJs;
try {
  mermaidJs = join(createRequire(import.meta.url).resolve('mermaid/package.json'), '..', 'dist', 'mermaid.min.js');
  statSync(mermaidJs);
} catch (e) {
  console.error(`mermaid is not installed in tests/browser/node_modules: run 'bash tools/dev.sh deps' (${e.message})`);
  process.exit(1);
}

const { check, finish } = checks();

const dir = join(args.out, 'mermaid');
mkdirSync(dir, { recursive: true });
execFileSync(args.docket, ['graph', '--config', join(args.source, 'examples/95598/docket.toml'), '--format', 'mermaid', '--output', dir]);
execFileSync(args.docket, ['graph', join(args.source, 'tests/golden/graph/shapes.dkt'), '--format', 'mermaid', '--output', dir]);
const files = readdirSync(dir).filter((f) => f.endsWith('.mmd')).sort();
check(files.length === 6, `six Mermaid pictures written (${files.join(', ')})`);

await withChromium({ width: 1400, height: 1000 }, async (context) => {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.setContent('<!DOCTYPE html><html><head><meta charset="utf-8"></head><body><div id="out"></div></body></html>');
  await page.addScriptTag({ path: mermaidJs });
  await page.evaluate(() => window.mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', flowchart: { htmlLabels: true } }));
  // A broken picture must fail: the negative control.
  const broken = await page.evaluate(async () => {
    try { await window.mermaid.parse('flowchart TB\n  a(("start")\n  a -->|"x| b'); return 'parsed'; } catch (e) { return 'error'; }
  });
  check(broken === 'error', 'mermaid refuses a broken flowchart (negative control)');
  for (const f of files) {
    const text = readFileSync(join(dir, f), 'utf8');
    const result = await page.evaluate(async ({ text, id }) => {
      try {
        const { svg } = await window.mermaid.render(id, text);
        document.getElementById('out').innerHTML = svg;
        const el = document.getElementById('out');
        return { ok: true, text: el.textContent, nodes: [...el.querySelectorAll('g.node')].map((n) => n.id) };
      } catch (e) {
        return { ok: false, error: String(e.message || e) };
      }
    }, { text, id: `m_${f.replace(/\W/g, '_')}` });
    if (!check(result.ok, `${f} renders (${result.error ?? ''})`)) continue;
    const ids = [...text.matchAll(/^ {2,4}(n_\w+|sla\d+(?:_r\d+)?)[([{]/gm)].map((m) => m[1]);
    for (const id of ids) check(result.nodes.some((n) => n.includes(`-${id}-`)), `${f}: node ${id} is drawn`);
    const labels = [...text.matchAll(/<b>([^<]*[\u4e00-\u9fff][^<]*)<\/b>/g)].map((m) => m[1]);
    for (const label of labels) check(result.text.includes(label), `${f}: label ${label} is shown`);
    check(ids.length >= 5, `${f}: ${ids.length} nodes found in the text`);
    if (f === 'complaint.mmd') {
      const box = await page.locator('#out svg').boundingBox();
      await page.setViewportSize({ width: 1400, height: Math.ceil((box?.height ?? 900) + 40) });
      await page.locator('#out svg').screenshot({ path: join(args.out, 'mermaid_complaint.png') });
      console.log(`screenshot ${join(args.out, 'mermaid_complaint.png')}`);
    }
  }
  check(errors.length === 0, `no page error (${errors.join('; ')})`);
});
finish();
