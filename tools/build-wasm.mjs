// Trunk post-build hook: builds the console's wasm and wires it into the
// staged index.html. Trunk builds the page, the style sheets and the icons;
// this builds the code, because the release build splits it in a step trunk
// has no place for:
//
//   cargo build (wasm32)            the console, with `--features split` in release
//   wasm-split-cli                  release only: the list's code stays in the main
//                                   module; the create/edit forms and the detail page
//                                   go into chunks fetched the first time they open
//   wasm-bindgen --target web       the JS glue for the main module
//   short-imports                   release only: the glue's imports and the mangled
//                                   exports it calls get short names
//   drop-classes                    release only: glue classes nothing constructs go,
//                                   with the wasm exports only they call
//   wasm-opt -Oz                    release only: every module
//   terser                          release only: the glue, `__wasm_split.js`
//                                   and the loader, minified
//
// Every file gets a content hash in its name (`name-<16 hex>`), so it can be
// cached forever; `__wasm_split.js`, which names the chunks, keeps its name
// (the glue imports it and it imports the glue, so neither could name the
// other's hash) and is served like index.html. The loader is an external,
// hashed file with an integrity attribute, so the console runs under
// `script-src 'self'` with no hash or nonce exception.
//
// Reads TRUNK_STAGING_DIR, TRUNK_PUBLIC_URL and TRUNK_PROFILE; the tools come
// from PATH (wasm-bindgen, wasm-split-cli) and node_modules (wasm-opt,
// terser), as `cargo xtask` installs them.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dropUnusedClasses } from './drop-classes.mjs';
import { shortenExports, shortenImports } from './short-imports.mjs';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) {
  console.error('build-wasm: TRUNK_STAGING_DIR is not set (run it as a trunk hook)');
  process.exit(1);
}
let publicUrl = process.env.TRUNK_PUBLIC_URL || '/';
if (!publicUrl.endsWith('/')) publicUrl += '/';
const release = process.env.TRUNK_PROFILE === 'release';
const targetDir = process.env.CARGO_TARGET_DIR || join(root, 'target');
const name = 'devenv-console';

function run(program, args) {
  console.log(`build-wasm: ${program} ${args.join(' ')}`);
  execFileSync(program, args, { stdio: 'inherit', cwd: root });
}

// 1. cargo
const profile = release ? 'wasm-release' : 'dev';
const cargoArgs = ['build', '--target', 'wasm32-unknown-unknown', '--bin', name, '--profile', profile];
if (release) cargoArgs.push('--features', 'split');
run(process.env.CARGO || 'cargo', cargoArgs);
const cargoOut = join(targetDir, 'wasm32-unknown-unknown', release ? 'wasm-release' : 'debug', `${name}.wasm`);

// 2. split (release)
const work = join(targetDir, 'wasm-split', release ? 'release' : 'debug');
rmSync(work, { recursive: true, force: true });
mkdirSync(join(work, 'bindgen'), { recursive: true });
let bindgenInput = cargoOut;
let chunks = [];
let splitJs = null;
let splitJsBytes = null;
if (release) {
  const splitDir = join(work, 'split');
  run('wasm-split-cli', [cargoOut, splitDir, '--out-name', name]);
  bindgenInput = join(splitDir, `${name}.wasm`);
  splitJs = join(splitDir, '__wasm_split.js');
  const text = readFileSync(splitJs, 'utf8');
  chunks = [...new Set([...text.matchAll(/new URL\("\.\/([A-Za-z0-9_]+)\.wasm"/g)].map((m) => m[1]))];
  for (const c of chunks) {
    if (!existsSync(join(splitDir, `${c}.wasm`))) {
      console.error(`build-wasm: __wasm_split.js names ${c}.wasm, which the split did not write`);
      process.exit(1);
    }
  }
}

// 3. wasm-bindgen
const bindgenArgs = ['--target', 'web', '--out-dir', join(work, 'bindgen'), '--out-name', name, '--no-typescript'];
if (release) bindgenArgs.push('--keep-lld-exports', '--no-demangle');
run('wasm-bindgen', [...bindgenArgs, bindgenInput]);

// 3b. short import and export names, no unused glue classes (release):
// `tools/short-imports.mjs`, `tools/drop-classes.mjs`.
if (release) {
  const wasmPath = join(work, 'bindgen', `${name}_bg.wasm`);
  const jsPath = join(work, 'bindgen', `${name}.js`);
  const short = shortenImports(readFileSync(wasmPath), readFileSync(jsPath, 'utf8'), `./${name}_bg.js`);
  console.log(`build-wasm: ${short.renamed} imports renamed`);
  const trimmed = dropUnusedClasses(short.wasm, short.js);
  console.log(`build-wasm: unused glue classes dropped: ${trimmed.dropped.join(', ') || 'none'}`);
  const exported = shortenExports(trimmed.wasm, trimmed.js);
  console.log(`build-wasm: ${exported.renamed} exports renamed`);
  writeFileSync(wasmPath, exported.wasm);
  writeFileSync(jsPath, exported.js);
}

// 4. wasm-opt (release), each module
const localWasmOpt = join(root, 'node_modules', '.bin', 'wasm-opt');
const wasmOpt = existsSync(localWasmOpt) ? localWasmOpt : 'wasm-opt';
const modules = [{ src: join(work, 'bindgen', `${name}_bg.wasm`), base: `${name}`, suffix: '_bg.wasm' }];
for (const c of chunks) modules.push({ src: join(work, 'split', `${c}.wasm`), base: c, suffix: '.wasm' });
if (release) {
  for (const m of modules) {
    const out = `${m.src}.opt`;
    // `--low-memory-unused`: a load or store never reaches the first 1 KiB by
    // wrapping around the address space, which Rust's pointers never do; it
    // lets wasm-opt fold constant offsets into the access (about 1 KB brotli).
    // DEVENV_WASM_NAMES=1 keeps the function names, for a profiler.
    const names = process.env.DEVENV_WASM_NAMES === '1' ? ['-g'] : [];
    run(wasmOpt, ['-Oz', ...names, '--low-memory-unused', '--enable-bulk-memory', '--enable-nontrapping-float-to-int', '--enable-sign-ext',
      '--enable-mutable-globals', '--enable-reference-types', m.src, '-o', out]);
    m.src = out;
  }
}

// 5. hash, copy, link
const hash16 = (bytes) => createHash('sha256').update(bytes).digest('hex').slice(0, 16);
const sri = (bytes) => `sha384-${createHash('sha384').update(bytes).digest('base64')}`;
function emit(fileName, bytes) {
  writeFileSync(join(staging, fileName), bytes);
  return fileName;
}
const emitted = {};
for (const m of modules) {
  const bytes = readFileSync(m.src);
  emitted[m.base] = { file: emit(`${m.base}-${hash16(bytes)}${m.suffix}`, bytes), bytes };
}
// Minified JS for a release: the glue is mostly import shims whose local
// names and comments brotli cannot drop. Export and import names stay.
async function minified(text) {
  if (!release) return text;
  const { minify } = await import('terser');
  const out = await minify(text, { module: true, ecma: 2020, compress: { passes: 2 }, format: { comments: false } });
  return out.code;
}
const glue = Buffer.from(await minified(readFileSync(join(work, 'bindgen', `${name}.js`), 'utf8')));
const glueFile = emit(`${name}-${hash16(glue)}.js`, glue);
if (splitJs) {
  let text = readFileSync(splitJs, 'utf8');
  text = text.replace(`from "./${name}.js"`, `from "./${glueFile}"`);
  for (const c of chunks) text = text.replaceAll(`"./${c}.wasm"`, `"./${emitted[c].file}"`);
  if (!text.includes(glueFile)) {
    console.error('build-wasm: __wasm_split.js does not import the glue as expected');
    process.exit(1);
  }
  splitJsBytes = Buffer.from(await minified(text));
  emit('__wasm_split.js', splitJsBytes);
}
const mainWasm = emitted[name];
const loader = await minified(
  `import init from '${publicUrl}${glueFile}';\n` +
  `const wasm = await init({ module_or_path: '${publicUrl}${mainWasm.file}' });\n` +
  `dispatchEvent(new CustomEvent('devenv-console-started', { detail: { wasm } }));\n`);
const loaderFile = emit(`loader-${hash16(loader)}.js`, loader);

const htmlPath = join(staging, 'index.html');
const html = readFileSync(htmlPath, 'utf8');
const tags =
  `<script type="module" src="${publicUrl}${loaderFile}" integrity="${sri(loader)}" crossorigin="anonymous"></script>\n` +
  `    <link rel="modulepreload" href="${publicUrl}${glueFile}" integrity="${sri(glue)}" crossorigin="anonymous" />\n` +
  // The glue imports `__wasm_split.js`: fetched with it, not after it.
  (splitJsBytes
    ? `    <link rel="modulepreload" href="${publicUrl}__wasm_split.js" integrity="${sri(splitJsBytes)}" crossorigin="anonymous" />\n`
    : '') +
  `    <link rel="preload" href="${publicUrl}${mainWasm.file}" integrity="${sri(mainWasm.bytes)}" crossorigin="anonymous" as="fetch" type="application/wasm" />\n  </head>`;
if (!html.includes('</head>')) {
  console.error('build-wasm: index.html has no </head>');
  process.exit(1);
}
// The PNG is the home-screen icon (`apple-touch-icon`), which browsers fetch
// only when a page is added to a home screen; tabs take the SVG favicon, so a
// first visit downloads one icon, not both.
// (Trunk may have minified the page: attributes in any order, unquoted.)
// `pages.css` styles only the on-demand pages and dialogs: linked disabled
// (a disabled style sheet is not fetched), enabled by the console when it
// first fetches one of their chunks (`src/lazy.rs`).
const onDemand = (tag) =>
  /pages-[0-9a-f]+\.css/.test(tag) ? tag.replace(/^<link/, '<link disabled data-on-demand') : tag;
const icons = (tag) =>
  /app-icon-[0-9a-f]+\.png/.test(tag)
    ? tag.replace(/\brel=("?)icon\1(?=[\s>\/])/, 'rel="apple-touch-icon"')
    : /favicon-[0-9a-f]+\.svg/.test(tag)
      ? tag.replace(/^<link/, '<link type="image/svg+xml"')
      : tag;
const out = html.replace(/<link\b[^>]*>/g, (tag) => onDemand(icons(tag))).replace('</head>', tags);
if (!/<link disabled data-on-demand[^>]*pages-[0-9a-f]+\.css/.test(out)) {
  console.error('build-wasm: index.html does not link pages.css as expected');
  process.exit(1);
}
if (!/rel="apple-touch-icon"/.test(out) || !/type="image\/svg\+xml"/.test(out)) {
  console.error('build-wasm: index.html does not link the app icon and the SVG favicon as expected');
  process.exit(1);
}
// A release build must run under `script-src 'self'`; `trunk serve` adds its
// own inline reload script to development builds.
if (release && (/<script(?![^>]*\ssrc=)[^>]*>/i.test(out) || /\sstyle=/i.test(out))) {
  console.error('build-wasm: index.html has an inline script or style');
  process.exit(1);
}
writeFileSync(htmlPath, out);
console.log(`build-wasm: ${glueFile}, ${mainWasm.file}${chunks.map((c) => `, ${emitted[c].file} (on demand)`).join('')}, ${loaderFile}`);
