// The console's benchmark: shipped asset sizes (raw, gzip, brotli) and
// timings in headless Chromium against the emulator. It prints figures and
// never fails on them. Run by `cargo xtask bench`.
import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import net from 'node:net';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const dist = process.env.DEVENV_DIST ?? join(root, 'dist');
const emulatorBin = process.env.DEVENV_EMULATOR ?? join(root, 'target/release/devenv-emulator');
const runs = Number(process.env.BENCH_RUNS ?? 5);

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function assetSizes() {
  const rows = [];
  for (const name of readdirSync(dist).sort()) {
    const path = join(dist, name);
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

async function startEmulator(instances) {
  const port = await freePort();
  const child = spawn(emulatorBin, ['--port', String(port), '--dist', dist, '--instances', String(instances), '--seed', '7'], { stdio: ['ignore', 'pipe', 'inherit'] });
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
  addEventListener('TrunkApplicationStarted', (e) => { window.__wasmMemory = e.detail.wasm.memory; });
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

async function measure(browser, url, withFilter) {
  const context = await browser.newContext();
  const page = await context.newPage();
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
  }
  await context.close();
  return result;
}

const fmtBytes = (n) => (n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(2)} MiB` : `${(n / 1024).toFixed(1)} KiB`);
const fmtMs = (n) => `${n.toFixed(0)} ms`;

const sizes = assetSizes();
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const out = { runs, assets: sizes, seeds: {}, instances_10000: {} };
try {
  const seeds = await startEmulator(0);
  const seedRuns = [];
  for (let i = 0; i < runs; i++) seedRuns.push(await measure(browser, seeds.url, false));
  seeds.child.kill();
  out.seeds.first_row_ms = median(seedRuns.map((r) => r.firstRow));

  const big = await startEmulator(10000);
  const bigRuns = [];
  for (let i = 0; i < runs; i++) bigRuns.push(await measure(browser, big.url, true));
  big.child.kill();
  out.instances_10000.first_row_ms = median(bigRuns.map((r) => r.firstRow));
  out.instances_10000.keystroke_to_table_ms = median(bigRuns.map((r) => r.filter));
  out.instances_10000.js_heap_bytes = median(bigRuns.map((r) => r.jsHeap));
  out.instances_10000.wasm_memory_bytes = median(bigRuns.map((r) => r.wasmMemory));
  out.instances_10000.memory_total_bytes = out.instances_10000.js_heap_bytes + out.instances_10000.wasm_memory_bytes;
} finally {
  await browser.close();
}

console.log('\nShipped assets (dist/)');
console.log('file'.padEnd(44) + 'raw'.padStart(12) + 'gzip'.padStart(12) + 'brotli'.padStart(12));
for (const f of sizes.files) console.log(f.file.padEnd(44) + fmtBytes(f.raw).padStart(12) + fmtBytes(f.gzip).padStart(12) + fmtBytes(f.brotli).padStart(12));
console.log('total'.padEnd(44) + fmtBytes(sizes.total.raw).padStart(12) + fmtBytes(sizes.total.gzip).padStart(12) + fmtBytes(sizes.total.brotli).padStart(12));
console.log(`\nTimings in headless Chromium, median of ${runs} runs`);
console.log(`navigation start → first row, seed instances      ${fmtMs(out.seeds.first_row_ms).padStart(10)}`);
console.log(`navigation start → first row, 10,000 instances    ${fmtMs(out.instances_10000.first_row_ms).padStart(10)}`);
console.log(`keystroke → updated table, 10,000 (incl. 150 ms debounce) ${fmtMs(out.instances_10000.keystroke_to_table_ms).padStart(6)}`);
console.log(`JS heap + wasm memory, 10,000 instances           ${fmtBytes(out.instances_10000.memory_total_bytes).padStart(10)}  (JS ${fmtBytes(out.instances_10000.js_heap_bytes)}, wasm ${fmtBytes(out.instances_10000.wasm_memory_bytes)})`);
mkdirSync(join(root, 'target'), { recursive: true });
writeFileSync(join(root, 'target/bench.json'), JSON.stringify(out, null, 2));
console.log('\nWritten to target/bench.json');
