// Shared by the browser tests: their command-line arguments, and Debian's Chromium launched headless
// through playwright-core with the flags this machine needs, in a fresh profile folder.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// `--docket BIN --source REPO --out DIR`, all required.
export function parseArgs(script) {
  const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, a, i, all) => (a.startsWith('--') ? [...pairs, [a.slice(2), all[i + 1]]] : pairs), []));
  for (const key of ['docket', 'source', 'out']) {
    if (!args[key]) {
      console.error(`usage: node ${script} --docket BIN --source REPO --out DIR (missing --${key})`);
      process.exit(2);
    }
  }
  return args;
}

// The tally of a test's checks: check(ok, what) counts one (a failed one is printed and returns false);
// finish() prints the counts and exits 0 only when nothing failed.
export function checks() {
  let passed = 0;
  let failed = 0;
  return {
    check(ok, what) {
      if (ok) { passed++; return true; }
      failed++;
      console.error(`FAIL ${what}`);
      return false;
    },
    finish() {
      console.log(`${passed} passed, ${failed} failed`);
      process.exit(failed === 0 ? 0 : 1);
    },
  };
}

// Runs `use(context)` in a fresh headless Chromium; the profile folder is removed afterwards.
export async function withChromium(viewport, use) {
  let chromium;
  try {
    ({ chromium } = await import('playwright-core'));
  } catch (e) {
    console.error(`playwright-core is not installed in tests/browser/node_modules: run 'bash tools/dev.sh deps' (${e.message})`);
    process.exit(1);
  }
  const executablePath = process.env.DOCKET_CHROMIUM || '/usr/bin/chromium';
  try {
    statSync(executablePath);
  } catch {
    console.error(`${executablePath} is missing: run 'bash tools/dev.sh deps' (Debian package chromium)`);
    process.exit(1);
  }
  const profile = mkdtempSync(join(tmpdir(), 'docket-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
           '--disable-component-update', '--disable-sync'],
    viewport,
  });
  try {
    return await use(context);
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}
