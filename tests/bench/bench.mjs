// The console's benchmark: shipped asset sizes (raw, gzip, brotli) and
// timings in headless Chromium against the emulator, each beside the same
// figure of a plain-JavaScript page doing the list page's work
// (baseline/, served by a second emulator with the same settings and the
// same config.json; runs interleaved), and the wasm's largest contributors
// from twiggy when `cargo xtask bench` hands them over. It prints figures and
// never fails on them. Run by `cargo xtask bench`.
import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import net from 'node:net';
import { summarise } from './wasm-profile.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const dist = process.env.DEVENV_DIST ?? join(root, 'dist');
const emulatorBin = process.env.DEVENV_EMULATOR ?? join(root, 'target/release/devenv-emulator');
const runs = Number(process.env.BENCH_RUNS ?? 5);

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function assetSizes(dir) {
  const rows = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (!statSync(path).isFile()) continue;
    const raw = readFileSync(path);
    rows.push({
      file: name,
      raw: raw.length,
      gzip: gzipSync(raw, { level: 9 }).length,
      brotli: brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
    });
  }
  const total = rows.reduce((t, r) => ({ raw: t.raw + r.raw, gzip: t.gzip + r.gzip, brotli: t.brotli + r.brotli }), { raw: 0, gzip: 0, brotli: 0 });
  return { files: rows, total };
}

// The baseline's own dist: its two files and the console's config.json.
function baselineDist() {
  const dir = mkdtempSync(join(tmpdir(), 'devenv-bench-baseline-'));
  for (const f of ['index.html', 'baseline.js']) copyFileSync(join(here, 'baseline', f), join(dir, f));
  copyFileSync(join(dist, 'config.json'), join(dir, 'config.json'));
  return dir;
}

function freePort() {
  return new Promise((ok, fail) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => ok(port));
    });
    srv.on('error', fail);
  });
}

async function startEmulator(instances, distDir) {
  const port = await freePort();
  const child = spawn(emulatorBin, ['--port', String(port), '--dist', distDir, '--instances', String(instances), '--seed', '7'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = `http://127.0.0.1:${port}/`;
  for (let i = 0; i < 200; i++) {
    try {
      const r = await fetch(`${url}__emulator/health`);
      if (r.ok) return { child, url };
    } catch {}
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill();
  throw new Error('the emulator did not start');
}

const INIT = () => {
  window.__bench = { firstRow: null, inputAt: null, filtered: null };
  addEventListener('devenv-console-started', (e) => { window.__wasmMemory = e.detail.wasm.memory; });
  const observer = new MutationObserver(() => {
    const b = window.__bench;
    if (b.firstRow === null && document.querySelector('tbody tr')) b.firstRow = performance.now();
    if (b.inputAt !== null && b.filtered === null) {
      const first = document.querySelector('tbody a.instance-link');
      if (first && first.textContent.includes(window.__benchNeedle)) b.filtered = performance.now();
    }
  });
  document.addEventListener('DOMContentLoaded', () => observer.observe(document.body, { childList: true, subtree: true, characterData: true }));
};

// The files of the page itself (not the provider routes) each navigation
// fetched, by path, over every run: the first load, whatever the build splits.
const fetched = { console: new Set(), baseline: new Set() };

async function measure(browser, url, withFilter, which) {
  const context = await browser.newContext();
  const page = await context.newPage();
  // Up to the selection below: picking fetches the actions' code, which
  // the list's first load does not.
  let firstLoad = true;
  page.on('request', (req) => {
    const path = new URL(req.url()).pathname;
    if (firstLoad && req.url().startsWith(url) && !path.startsWith('/proxy/') && !path.startsWith('/__emulator/')) fetched[which].add(path.slice(1) || 'index.html');
  });
  await page.addInitScript(INIT);
  await page.goto(`${url}instances`);
  await page.waitForFunction(() => window.__bench.firstRow !== null, null, { timeout: 60_000 });
  const firstRow = await page.evaluate(() => window.__bench.firstRow);
  const result = { firstRow };
  if (withFilter) {
    // Wait for every page of every endpoint, then type one key.
    await page.waitForFunction(() => !document.querySelector('.refresh-state')?.textContent, null, { timeout: 120_000 });
    const needle = 'gen-0777';
    await page.getByLabel('Search name or ID').fill(needle.slice(0, -1));
    await page.waitForFunction((n) => document.querySelector('tbody a.instance-link')?.textContent.includes(n), needle.slice(0, -1), { timeout: 30_000 });
    await page.evaluate((n) => {
      window.__benchNeedle = n;
      window.__bench.filtered = null;
      window.__bench.inputAt = performance.now();
    }, needle);
    await page.getByLabel('Search name or ID').press('7');
    await page.waitForFunction(() => window.__bench.filtered !== null, null, { timeout: 30_000 });
    result.filter = await page.evaluate(() => window.__bench.filtered - window.__bench.inputAt);
    const cdp = await context.newCDPSession(page);
    await cdp.send('HeapProfiler.collectGarbage');
    const heap = await cdp.send('Runtime.getHeapUsage');
    const wasm = await page.evaluate(() => window.__wasmMemory?.buffer.byteLength ?? 0);
    result.jsHeap = heap.usedSize;
    result.wasmMemory = wasm;
    if (which === 'console') {
      // The console alone (the plain page has no selection): with the
      // search cleared, the page's box, then "Select all N matching"; the
      // time from the click until the bar counts them all.
      firstLoad = false;
      await page.getByLabel('Search name or ID').fill('');
      await page.waitForFunction(() => document.querySelectorAll('tbody tr').length >= 20, null, { timeout: 30_000 });
      await page.getByRole('checkbox', { name: 'Select all on this page' }).check();
      const all = page.locator('.selection-bar button', { hasText: /^Select all [\d,]+ matching$/ });
      await all.waitFor();
      result.selectAll = await all.evaluate((button) => new Promise((resolve) => {
        const count = button.textContent.replace(/[^\d]/g, '');
        const shown = document.querySelector('.selection-count');
        const done = () => shown.textContent.replace(/[^\d]/g, '') === count;
        const t0 = performance.now();
        new MutationObserver((_, o) => {
          if (done()) {
            o.disconnect();
            resolve(performance.now() - t0);
          }
        }).observe(shown, { childList: true, subtree: true, characterData: true });
        button.click();
        if (done()) resolve(performance.now() - t0);
      }));
    }
  }
  await context.close();
  return result;
}

// `runs` measurements of each page with one emulator each (same settings),
// alternating which goes first, after one unrecorded load of each.
async function measurePair(browser, instances, withFilter, dirs) {
  const servers = {};
  const results = { console: [], baseline: [] };
  try {
    for (const [which, dir] of Object.entries(dirs)) servers[which] = await startEmulator(instances, dir);
    // One unrecorded load of each first: the emulator compresses the shipped
    // files once, on a thread of its own, right after it starts (about a
    // second of CPU for the console's), and no measured load should share
    // the machine with that.
    for (const which of Object.keys(dirs)) await measure(browser, servers[which].url, false, which);
    for (let i = 0; i < runs; i++) {
      const order = i % 2 === 0 ? ['console', 'baseline'] : ['baseline', 'console'];
      for (const which of order) results[which].push(await measure(browser, servers[which].url, withFilter, which));
    }
  } finally {
    for (const s of Object.values(servers)) s.child.kill();
  }
  return results;
}

const bigFigures = (rs) => {
  const f = {
    first_row_ms: median(rs.map((r) => r.firstRow)),
    keystroke_to_table_ms: median(rs.map((r) => r.filter)),
    js_heap_bytes: median(rs.map((r) => r.jsHeap)),
    wasm_memory_bytes: median(rs.map((r) => r.wasmMemory)),
  };
  f.memory_total_bytes = f.js_heap_bytes + f.wasm_memory_bytes;
  if (rs.every((r) => r.selectAll !== undefined)) f.select_all_matching_ms = median(rs.map((r) => r.selectAll));
  return f;
};
const ratio = (a, b) => (b > 0 ? Math.round((a / b) * 100) / 100 : null);
const ratios = (a, b) => Object.fromEntries(Object.keys(a).map((k) => [k, ratio(a[k], b[k])]));

const fmtBytes = (n) => (n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(2)} MiB` : `${(n / 1024).toFixed(1)} KiB`);
const fmtMs = (n) => `${n.toFixed(0)} ms`;
const fmtRatio = (r) => (r === null ? '–' : `${r.toFixed(r >= 10 ? 1 : 2)}×`);

const sizes = assetSizes(dist);
const baseDir = baselineDist();
const baselineSizes = assetSizes(baseDir);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const out = { runs, assets: sizes, seeds: {}, instances_10000: {} };
// What the list page's first navigation fetched, and what stays for later.
const firstLoadOf = (all, paths) => {
  const pick = (files) => ({ files, total: files.reduce((t, r) => ({ raw: t.raw + r.raw, gzip: t.gzip + r.gzip, brotli: t.brotli + r.brotli }), { raw: 0, gzip: 0, brotli: 0 }) });
  const isFirst = (f) => paths.has(f.file) || f.file === 'index.html';
  return { first: pick(all.files.filter(isFirst)), later: pick(all.files.filter((f) => !isFirst(f))) };
};
let samples;
try {
  const dirs = { console: dist, baseline: baseDir };
  const seedRuns = await measurePair(browser, 0, false, dirs);
  const bigRuns = await measurePair(browser, 10000, true, dirs);
  out.seeds.first_row_ms = median(seedRuns.console.map((r) => r.firstRow));
  const split = firstLoadOf(sizes, fetched.console);
  out.first_load = split.first;
  out.on_demand = split.later;
  out.instances_10000 = bigFigures(bigRuns.console);
  out.baseline = {
    page: 'tests/bench/baseline/ (plain JavaScript, no framework, no build step)',
    assets: baselineSizes,
    first_load: firstLoadOf(baselineSizes, fetched.baseline).first,
    seeds: { first_row_ms: median(seedRuns.baseline.map((r) => r.firstRow)) },
    instances_10000: bigFigures(bigRuns.baseline),
  };
  out.ratio = {
    of: 'console / baseline',
    assets_total: ratios(sizes.total, baselineSizes.total),
    first_load: ratios(out.first_load.total, out.baseline.first_load.total),
    seeds: ratios(out.seeds, out.baseline.seeds),
    instances_10000: ratios(out.instances_10000, out.baseline.instances_10000),
  };
  out.ratio.instances_10000.keystroke_beyond_pause_ms = ratio(out.instances_10000.keystroke_to_table_ms - 150, out.baseline.instances_10000.keystroke_to_table_ms - 150);
  const pick = (rs, k) => rs.map((r) => Math.round(r[k] * 10) / 10);
  samples = {
    console: { seeds_first_row_ms: pick(seedRuns.console, 'firstRow'), first_row_ms: pick(bigRuns.console, 'firstRow'), keystroke_to_table_ms: pick(bigRuns.console, 'filter'), select_all_matching_ms: pick(bigRuns.console, 'selectAll') },
    baseline: { seeds_first_row_ms: pick(seedRuns.baseline, 'firstRow'), first_row_ms: pick(bigRuns.baseline, 'firstRow'), keystroke_to_table_ms: pick(bigRuns.baseline, 'filter') },
  };
  out.samples = samples;
} finally {
  await browser.close();
  rmSync(baseDir, { recursive: true, force: true });
}

const sizeTable = (title, s) => {
  console.log(`\n${title}`);
  console.log('file'.padEnd(44) + 'raw'.padStart(12) + 'gzip'.padStart(12) + 'brotli'.padStart(12));
  for (const f of s.files) console.log(f.file.padEnd(44) + fmtBytes(f.raw).padStart(12) + fmtBytes(f.gzip).padStart(12) + fmtBytes(f.brotli).padStart(12));
  console.log('total'.padEnd(44) + fmtBytes(s.total.raw).padStart(12) + fmtBytes(s.total.gzip).padStart(12) + fmtBytes(s.total.brotli).padStart(12));
};
sizeTable('First load: every file the list page fetched (dist/)', out.first_load);
sizeTable('Fetched on demand, the first time a page needs it (dist/)', out.on_demand);
sizeTable('Baseline first load (tests/bench/baseline/ with the same config.json)', out.baseline.first_load);
console.log(`first load, brotli: ${fmtBytes(out.first_load.total.brotli)} (${out.first_load.total.brotli} bytes); all shipped files: ${fmtBytes(sizes.total.brotli)}`);
console.log(`console / baseline, first load brotli: ${fmtRatio(out.ratio.first_load.brotli)} (${fmtBytes(out.first_load.total.brotli)} / ${fmtBytes(out.baseline.first_load.total.brotli)})`);

const b = out.baseline;
const r = out.ratio;
console.log(`\nTimings in headless Chromium, median of ${runs} runs each, console and baseline interleaved`);
console.log(''.padEnd(58) + 'console'.padStart(12) + 'baseline'.padStart(12) + 'ratio'.padStart(9));
const line = (label, c, base, rt, fmt) => console.log(label.padEnd(58) + fmt(c).padStart(12) + fmt(base).padStart(12) + fmtRatio(rt).padStart(9));
line('navigation start → first row, seed instances', out.seeds.first_row_ms, b.seeds.first_row_ms, r.seeds.first_row_ms, fmtMs);
line('navigation start → first row, 10,000 instances', out.instances_10000.first_row_ms, b.instances_10000.first_row_ms, r.instances_10000.first_row_ms, fmtMs);
line('keystroke → updated table, 10,000 (incl. 150 ms pause)', out.instances_10000.keystroke_to_table_ms, b.instances_10000.keystroke_to_table_ms, r.instances_10000.keystroke_to_table_ms, fmtMs);
line('  the same beyond the 150 ms pause', out.instances_10000.keystroke_to_table_ms - 150, b.instances_10000.keystroke_to_table_ms - 150, r.instances_10000.keystroke_beyond_pause_ms, fmtMs);
line('JS heap + wasm memory, 10,000 instances', out.instances_10000.memory_total_bytes, b.instances_10000.memory_total_bytes, r.instances_10000.memory_total_bytes, fmtBytes);
line('  JS heap', out.instances_10000.js_heap_bytes, b.instances_10000.js_heap_bytes, r.instances_10000.js_heap_bytes, fmtBytes);
line('  wasm memory', out.instances_10000.wasm_memory_bytes, b.instances_10000.wasm_memory_bytes, r.instances_10000.wasm_memory_bytes, fmtBytes);
console.log('ratio: console / baseline (2.00× = the console takes twice the time or bytes)');
console.log(`console only: "Select all N matching" → the bar counts them, 10,000 instances: ${fmtMs(out.instances_10000.select_all_matching_ms)}`);

const topFile = process.env.DEVENV_TWIGGY_TOP;
if (topFile && existsSync(topFile)) {
  const wasm = process.env.DEVENV_WASM_PROFILED ?? '';
  const profile = summarise(JSON.parse(readFileSync(topFile, 'utf8')), JSON.parse(readFileSync(process.env.DEVENV_TWIGGY_RETAINED, 'utf8')), `twiggy ${process.env.DEVENV_TWIGGY_VERSION ?? ''}`.trim());
  const shipped = sizes.files.find((f) => f.file.endsWith('_bg.wasm'));
  profile.file = relative(root, wasm) || basename(wasm);
  profile.shipped_wasm = shipped ? { file: shipped.file, raw: shipped.raw, brotli: shipped.brotli } : null;
  out.wasm_profile = profile;
  const name = (s, w) => (s.length > w ? `${s.slice(0, w - 1)}…` : s);
  const pct = (p) => `${p.toFixed(2)}%`;
  console.log(`\nWasm size by twiggy: ${profile.file}, before wasm-opt, with names`);
  console.log(`code and data ${fmtBytes(profile.code_and_data_bytes)} (the name and other custom sections, ${fmtBytes(profile.custom_section_bytes)}, are not counted; wasm-opt then ships ${shipped ? fmtBytes(shipped.raw) : '?'})`);
  console.log('\nBy crate (symbol name prefix; generic code counts where its type lives, a trait impl for a std type where the trait lives)');
  console.log('bytes'.padStart(12) + 'share'.padStart(9) + '  crate');
  for (const c of profile.by_crate) console.log(fmtBytes(c.bytes).padStart(12) + pct(c.percent).padStart(9) + `  ${c.crate}`);
  console.log(`\nLargest ${profile.top.length} items (shallow size)`);
  console.log('bytes'.padStart(12) + 'share'.padStart(9) + '  item');
  for (const t of profile.top) console.log(String(t.bytes).padStart(12) + pct(t.percent).padStart(9) + `  ${name(t.name, 150)}`);
  console.log(`\nLargest ${profile.top_retained.length} items by retained size (what would go with them)`);
  console.log('bytes'.padStart(12) + 'share'.padStart(9) + '  item');
  for (const t of profile.top_retained) console.log(String(t.bytes).padStart(12) + pct(t.percent).padStart(9) + `  ${name(t.name, 150)}`);
}

mkdirSync(join(root, 'target'), { recursive: true });
writeFileSync(join(root, 'target/bench.json'), JSON.stringify(out, null, 2));
console.log('\nWritten to target/bench.json');
